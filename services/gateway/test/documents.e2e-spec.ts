import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { NatsConnection } from 'nats';
import { JSONCodec, headers as natsHeaders } from 'nats';
import type {
  DocumentPage,
  DocumentView,
  EventEnvelope,
  GeneratedDocument,
  Receipt,
  ReceiptBundle,
} from '@orbita/contracts';
import { ContextHeader, DocumentsEvents, DocumentsRequests } from '@orbita/contracts';
import { DEMO_FINANCE_ID, DEMO_PASSWORD, DEMO_RADUGA_ID, DEMO_SEVER_ID, demoUser } from '@orbita/demo';
import { ApiClient, TestSystem, eventually, login } from '@orbita/testing';

const run = promisify(execFile);
const repoRoot = join(__dirname, '../../..');
const codec = JSONCodec();

/** A small PDF's bytes (the type is detected from the content). */
function pdfBytes(text: string): Uint8Array {
  return new TextEncoder().encode(`%PDF-1.4\n% ${text}\n%%EOF\n`);
}

const sha256 = (bytes: Uint8Array | Buffer): string => createHash('sha256').update(bytes).digest('hex');

async function download(
  client: ApiClient,
  path: string,
): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
  const response = await client.bytes(path);
  return { status: response.status, bytes: response.body, headers: response.headers };
}

/** The receipt CLI as a person runs it (npm run verify-receipt -- file). */
async function verifyReceipt(bundle: unknown): Promise<{ code: number; out: string }> {
  const file = join(mkdtempSync(join(tmpdir(), 'receipt-')), 'receipt.json');
  writeFileSync(file, typeof bundle === 'string' ? bundle : JSON.stringify(bundle, null, 2));
  try {
    const { stdout } = await run(process.execPath, [
      join(repoRoot, 'tools/verify-receipt/dist/cli.js'),
      file,
    ]);
    return { code: 0, out: stdout };
  } catch (err) {
    const failed = err as { code: number; stderr: string };
    return { code: failed.code, out: failed.stderr };
  }
}

/**
 * Documents with versions, publication to a client, receipts both sides can prove, generated and
 * numbered PDFs (issue "documents"; SCENARIOS S1.6, S1.8), through the gateway.
 */
describe('documents', () => {
  let system: TestSystem;
  let api: ApiClient;
  let anna: ApiClient;
  let olga: ApiClient;
  let petr: ApiClient;
  let dina: ApiClient;

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true });
    api = new ApiClient(system.gatewayUrl);
    anna = api.as(await login(system.gatewayUrl, demoUser.anna.email, DEMO_PASSWORD));
    olga = api.as(await login(system.gatewayUrl, demoUser.olga.email, DEMO_PASSWORD));
    petr = api.as(await login(system.gatewayUrl, demoUser.petr.email, DEMO_PASSWORD));
    dina = api.as(await login(system.gatewayUrl, demoUser.dina.email, DEMO_PASSWORD));
  });

  afterAll(async () => {
    await system.stop();
  });

  async function draft(title: string, extra: Record<string, unknown> = {}): Promise<DocumentView> {
    const created = await anna.post<DocumentView>('/api/documents', {
      title,
      type: 'contract',
      counterpartyOrgId: DEMO_RADUGA_ID,
      ...extra,
    });
    expect(created.status).toBe(201);
    return created.body;
  }

  async function addVersion(documentId: string, content: Uint8Array, name: string, comment?: string) {
    const query = new URLSearchParams({ name, ...(comment ? { comment } : {}) });
    return anna.send<DocumentView>(
      'POST',
      `/api/documents/${documentId}/versions?${query.toString()}`,
      content,
      {
        'content-type': 'application/octet-stream',
      },
    );
  }

  describe('versions, publication and receipts', () => {
    let document: DocumentView;
    const v1 = pdfBytes('Договор № Д-17/2026, редакция 1');
    const v2 = pdfBytes('Договор № Д-17/2026, редакция 2');

    beforeAll(async () => {
      document = await draft('Договор на вывоз отходов', { number: 'Д-17/2026' });
    });

    it('keeps every version: a new one never overwrites an old one', async () => {
      const first = await addVersion(document.id, v1, 'Договор Д-17 (ред. 1).pdf', 'первая редакция');
      expect(first.status).toBe(201);
      const second = await addVersion(document.id, v2, 'Договор Д-17 (ред. 2).pdf');
      expect(second.status).toBe(201);
      expect(second.body.versions).toEqual([
        expect.objectContaining({
          version: 1,
          sha256: sha256(v1),
          size: v1.length,
          mimeType: 'application/pdf',
          fileName: 'Договор Д-17 (ред. 1).pdf',
          comment: 'первая редакция',
          authorId: demoUser.anna.id,
        }),
        expect.objectContaining({ version: 2, sha256: sha256(v2), comment: null }),
      ]);
      for (const [version, bytes] of [
        [1, v1],
        [2, v2],
      ] as const) {
        const content = await download(anna, `/api/documents/${document.id}/versions/${version}/content`);
        expect(content.status).toBe(200);
        expect(sha256(content.bytes)).toBe(sha256(bytes));
      }
    });

    it('refuses a program named .pdf as a version and stores nothing', async () => {
      const program = new Uint8Array(512);
      program.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
      const refused = await addVersion(document.id, program, 'scan.pdf');
      expect(refused.status).toBe(415);
      const after = await anna.get<DocumentView>(`/api/documents/${document.id}`);
      expect(after.body.versions.map((v) => v.version)).toEqual([1, 2]);
    });

    it('hides a draft from the counterparty by any endpoint', async () => {
      for (const path of [
        `/api/documents/${document.id}`,
        `/api/documents/${document.id}/versions/1/content`,
        `/api/documents/${document.id}/receipts`,
      ]) {
        expect((await olga.get(path)).status).toBe(404);
      }
      const listed = await olga.get<DocumentPage>(`/api/documents?counterpartyOrgId=${DEMO_RADUGA_ID}`);
      expect(listed.body.items.map((d) => d.id)).not.toContain(document.id);
    });

    it('publishes a version to the counterparty, who sees only what was published to them', async () => {
      const published = await anna.post<DocumentView>(`/api/documents/${document.id}/publish`, {
        version: 1,
      });
      expect(published.status).toBe(200);
      expect(published.body).toMatchObject({ status: 'published', publishedVersion: 1, unread: true });
      expect(
        (await olga.get<{ count: number }>('/api/documents/unread-count')).body.count,
      ).toBeGreaterThanOrEqual(1);

      const seen = await olga.get<DocumentView>(`/api/documents/${document.id}`);
      expect(seen.status).toBe(200);
      expect(seen.body.versions.map((v) => v.version)).toEqual([1]);
      expect((await olga.get(`/api/documents/${document.id}/versions/2/content`)).status).toBe(404);
      const content = await download(olga, `/api/documents/${document.id}/versions/1/content`);
      expect(content.status).toBe(200);
      expect(sha256(content.bytes)).toBe(sha256(v1));
      expect(content.headers.get('x-content-type-options')).toBe('nosniff');

      const after = await anna.get<DocumentView>(`/api/documents/${document.id}`);
      expect(after.body.unread).toBe(false);
    });

    it('records publication, first open and download once each, as a signed hash chain both sides see', async () => {
      // A second open and download are not new facts.
      await olga.get(`/api/documents/${document.id}`);
      await download(olga, `/api/documents/${document.id}/versions/1/content`);
      const expected = [
        {
          kind: 'published',
          actor: expect.objectContaining({ userId: demoUser.anna.id, name: demoUser.anna.displayName }),
        },
        {
          kind: 'viewed',
          actor: expect.objectContaining({ userId: demoUser.olga.id, orgId: DEMO_RADUGA_ID }),
        },
        { kind: 'downloaded', actor: expect.objectContaining({ userId: demoUser.olga.id }) },
      ];
      for (const side of [anna, olga]) {
        const receipts = await side.get<{ items: Receipt[] }>(`/api/documents/${document.id}/receipts`);
        expect(receipts.status).toBe(200);
        expect(receipts.body.items).toEqual(
          expected.map((fields, index): unknown =>
            expect.objectContaining({ ...fields, seq: index + 1, version: 1, sha256: sha256(v1) }),
          ),
        );
        const [first, second, third] = receipts.body.items;
        expect(first?.prevHash).toBe('0'.repeat(64));
        expect(second?.prevHash).toBe(first?.hash);
        expect(third?.prevHash).toBe(second?.hash);
      }
    });

    it('gives a receipt that verifies offline, and fails verification when one byte changes', async () => {
      const receipts = await olga.get<{ items: Receipt[] }>(`/api/documents/${document.id}/receipts`);
      const viewed = receipts.body.items.find((r) => r.kind === 'viewed');
      const bundle = await olga.get<ReceiptBundle>(
        `/api/documents/${document.id}/receipts/${viewed?.id ?? ''}`,
      );
      expect(bundle.status).toBe(200);
      expect(bundle.body.chain.map((r) => r.kind)).toEqual(['published', 'viewed']);
      const keys = await api.get<{ keys: { keyId: string }[] }>('/api/documents/receipt-keys');
      expect(keys.body.keys.map((k) => k.keyId)).toEqual([bundle.body.publicKey.keyId]);

      const valid = await verifyReceipt(bundle.body);
      expect(valid).toMatchObject({ code: 0 });
      expect(valid.out).toContain('VALID');

      // One byte of the receipt: the time it states.
      const text = JSON.stringify(bundle.body, null, 2);
      const at = viewed?.at ?? '';
      const altered = text.replace(
        at,
        at.replace(/\d(?=Z$)/, (d) => String((Number(d) + 1) % 10)),
      );
      expect(altered).not.toBe(text);
      expect((await verifyReceipt(altered)).code).toBe(1);
      // One byte of the stored chain before it: the publication's checksum.
      const chainAltered = structuredClone(bundle.body);
      const first = chainAltered.chain[0];
      if (first) {
        first.sha256 = `${first.sha256.slice(0, -1)}${first.sha256.endsWith('0') ? '1' : '0'}`;
      }
      const broken = await verifyReceipt(chainAltered);
      expect(broken.code).toBe(1);
      expect(broken.out).toContain('altered');

      const pdf = await download(olga, `/api/documents/${document.id}/receipts/${viewed?.id ?? ''}/pdf`);
      expect(pdf.status).toBe(200);
      expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    });

    it('records an acknowledgement the tasks service reports, refusing a checksum of another version', async () => {
      const nats = await system.connectNats('tasks');
      try {
        const ask = async (data: unknown): Promise<{ response?: Receipt; err?: { code?: string } }> => {
          const h = natsHeaders();
          h.set(ContextHeader.CorrelationId, randomUUID());
          const subject = DocumentsRequests.acknowledge.subject;
          const msg = await nats.request(
            subject,
            codec.encode({ pattern: subject, data, id: randomUUID() }),
            {
              headers: h,
              timeout: 5_000,
            },
          );
          return codec.decode(msg.data) as { response?: Receipt; err?: { code?: string } };
        };
        const wrong = await ask({
          documentId: document.id,
          version: 1,
          userId: demoUser.olga.id,
          sha256: sha256(v2),
        });
        expect(wrong.err?.code).toBe('CONFLICT');
        const acknowledged = await ask({
          documentId: document.id,
          version: 1,
          userId: demoUser.olga.id,
          sha256: sha256(v1),
        });
        expect(acknowledged.response).toMatchObject({ kind: 'acknowledged', seq: 4, version: 1 });
      } finally {
        await nats.close();
      }
    });

    it('refuses publishing an older version over a newer one and voids with a reason, versions kept', async () => {
      const republished = await anna.post<DocumentView>(`/api/documents/${document.id}/publish`, {});
      expect(republished.body).toMatchObject({ publishedVersion: 2, unread: true });
      const older = await anna.post<{ code: string }>(`/api/documents/${document.id}/publish`, {
        version: 1,
      });
      expect(older.status).toBe(409);
      const noReason = await anna.post<{ code: string }>(`/api/documents/${document.id}/void`, {
        reason: '',
      });
      expect(noReason.status).toBe(400);
      const voided = await anna.post<DocumentView>(`/api/documents/${document.id}/void`, {
        reason: 'Заменён договором Д-18/2026',
      });
      expect(voided.body).toMatchObject({ status: 'void', voidReason: 'Заменён договором Д-18/2026' });
      const seen = await olga.get<DocumentView>(`/api/documents/${document.id}`);
      expect(seen.body.status).toBe('void');
      expect((await download(olga, `/api/documents/${document.id}/versions/2/content`)).status).toBe(200);
    });

    it('shows nothing to a portal user of another client, by any id', async () => {
      for (const path of [
        `/api/documents/${document.id}`,
        `/api/documents/${document.id}/versions/1/content`,
        `/api/documents/${document.id}/receipts`,
      ]) {
        expect((await petr.get(path)).status).toBe(404);
      }
      const listed = await petr.get<DocumentPage>(`/api/documents?counterpartyOrgId=${DEMO_RADUGA_ID}`);
      expect(listed.body.items).toEqual([]);
      // Nor can people of one client issue documents to another.
      const toOther = await olga.post<{ code: string }>('/api/documents', {
        title: 'x',
        type: 'other',
        counterpartyOrgId: DEMO_SEVER_ID,
      });
      expect([403, 404]).toContain(toOther.status);
    });
  });

  describe('generated documents', () => {
    const invoiceData = {
      items: [
        {
          name: 'Вывоз твёрдых коммунальных отходов, ноябрь 2026',
          quantity: 12,
          unit: 'рейс',
          price: 10287.5,
        },
      ],
      vat: { rate: 20, included: false },
    };

    it('generates a numbered invoice for Raduga Mall, published to Olga, with the Cyrillic data and page numbers', async () => {
      const generated = await anna.post<GeneratedDocument>('/api/documents/generate', {
        templateKey: 'invoice',
        counterpartyOrgId: DEMO_RADUGA_ID,
        idempotencyKey: 'invoice-2026-11-raduga',
        publish: true,
        data: invoiceData,
      });
      expect(generated.status).toBe(201);
      expect(generated.body).toMatchObject({ number: '1', state: 'ready' });
      const again = await anna.post<GeneratedDocument>('/api/documents/generate', {
        templateKey: 'invoice',
        counterpartyOrgId: DEMO_RADUGA_ID,
        idempotencyKey: 'invoice-2026-11-raduga',
        publish: true,
        data: invoiceData,
      });
      expect(again.body).toEqual(generated.body);

      const seen = await olga.get<DocumentView>(`/api/documents/${generated.body.documentId}`);
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({
        type: 'invoice',
        number: '1',
        status: 'published',
        orgId: DEMO_FINANCE_ID,
      });
      const pdf = await download(olga, `/api/documents/${generated.body.documentId}/versions/1/content`);
      expect(pdf.status).toBe(200);
      const file = join(mkdtempSync(join(tmpdir(), 'invoice-')), 'invoice.pdf');
      writeFileSync(file, pdf.bytes);
      const { stdout } = await run('pdftotext', ['-layout', file, '-']);
      // The parties as the legal entities on their org cards.
      expect(stdout).toContain('Торгово-развлекательный центр „Радуга“');
      expect(stdout).toContain('7729876543');
      expect(stdout).toContain('Вывоз твёрдых коммунальных отходов');
      expect(stdout).toMatch(/стр\. 1 из 1/);

      const receipts = await eventually(async () => {
        const list = await anna.get<{ items: Receipt[] }>(
          `/api/documents/${generated.body.documentId}/receipts`,
        );
        expect(list.body.items.map((r) => r.kind)).toEqual(['published', 'viewed', 'downloaded']);
        return list.body.items;
      });
      const bundle = await olga.get<ReceiptBundle>(
        `/api/documents/${generated.body.documentId}/receipts/${receipts[1]?.id ?? ''}`,
      );
      expect((await verifyReceipt(bundle.body)).code).toBe(0);
    });

    it("prints the counterparty's legal details from its org card, refusing details of the wrong form", async () => {
      const admin = api.as(await login(system.gatewayUrl, demoUser.admin.email, DEMO_PASSWORD));
      const wrong = await admin.send<{ code: string; message: string }>(
        'PATCH',
        `/api/orgs/${DEMO_SEVER_ID}`,
        { legal: { inn: '12345' } },
        { 'accept-language': 'ru' },
      );
      expect(wrong.status).toBe(400);
      expect(wrong.body.message).toContain('ИНН состоит из 10 или 12 цифр');
      const legal = {
        fullName: 'Общество с ограниченной ответственностью «Гостиница „Север“»',
        inn: '7814000001',
        kpp: '781401001',
        address: '197022, г. Санкт-Петербург, ул. Профессора Попова, д. 23',
      };
      const updated = await admin.send<{ legal: unknown }>('PATCH', `/api/orgs/${DEMO_SEVER_ID}`, { legal });
      expect(updated.status).toBe(200);
      expect(updated.body.legal).toEqual(legal);

      const generated = await anna.post<GeneratedDocument>('/api/documents/generate', {
        templateKey: 'invoice',
        counterpartyOrgId: DEMO_SEVER_ID,
        idempotencyKey: 'invoice-2026-11-sever',
        data: invoiceData,
      });
      expect(generated.status).toBe(201);
      const pdf = await download(anna, `/api/documents/${generated.body.documentId}/versions/1/content`);
      const file = join(mkdtempSync(join(tmpdir(), 'invoice-')), 'invoice.pdf');
      writeFileSync(file, pdf.bytes);
      const { stdout } = await run('pdftotext', ['-layout', file, '-']);
      expect(stdout).toContain('7814000001');
      expect(stdout).toContain('7701234567');
    });

    it('refuses data that does not fit the template, with the path, taking no number', async () => {
      const refused = await anna.post<{ code: string; message: string }>('/api/documents/generate', {
        templateKey: 'invoice',
        counterpartyOrgId: DEMO_RADUGA_ID,
        idempotencyKey: 'bad-invoice',
        data: { items: [{ name: 'Вывоз', quantity: 'много' }] },
      });
      expect(refused.status).toBe(400);
      expect(refused.body.message).toMatch(/items/);
      const unknown = await anna.post<{ code: string }>('/api/documents/generate', {
        templateKey: 'no-such-template',
        idempotencyKey: 'x',
        data: {},
      });
      expect(unknown.status).toBe(400);
      // The receipt sheet prints receipts; it makes no document of its own.
      const receiptSheet = await anna.post<{ code: string }>('/api/documents/generate', {
        templateKey: 'receipt',
        idempotencyKey: 'not-a-document',
        data: {},
      });
      expect(receiptSheet.status).toBe(400);
      const templates = await anna.get<{ items: { key: string }[] }>('/api/documents/templates');
      expect(templates.body.items.map((t) => t.key).sort()).toEqual([
        'acknowledgement-sheet',
        'act',
        'invoice',
        'invoice-facture',
        'order',
        'reconciliation-act',
        'supplement',
      ]);
    });

    it('numbers 50 concurrent generations of one type 1..50: no gap, no duplicate', async () => {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          anna.post<GeneratedDocument>('/api/documents/generate', {
            templateKey: 'act',
            counterpartyOrgId: DEMO_RADUGA_ID,
            idempotencyKey: `act-concurrent-${i}`,
            data: {
              items: [{ name: `Услуга ${i + 1}`, quantity: 1, unit: 'усл.', price: 100 + i }],
              vat: { rate: 'без НДС', included: false },
            },
          }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(results.map(() => 201));
      const numbers = results.map((r) => Number(r.body.number)).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      // Renders still queued when their command answered go on: every one gets its PDF.
      await eventually(
        async () => {
          const page = await anna.get<DocumentPage>(
            `/api/documents?type=act&counterpartyOrgId=${DEMO_RADUGA_ID}&limit=100`,
          );
          const states = page.body.items.map((d) => d.generation?.state);
          expect(states.filter((state) => state === 'ready')).toHaveLength(50);
        },
        { timeoutMs: 120_000, intervalMs: 1_000 },
      );
      // Pages of the renderer's pool are reused: each PDF still holds its own data, nobody else's.
      for (const index of [0, 1, 49]) {
        const result = results[index];
        const pdf = await download(
          anna,
          `/api/documents/${result?.body.documentId ?? ''}/versions/1/content`,
        );
        const file = join(mkdtempSync(join(tmpdir(), 'act-')), 'act.pdf');
        writeFileSync(file, pdf.bytes);
        const { stdout } = await run('pdftotext', ['-layout', file, '-']);
        expect(stdout).toMatch(new RegExp(`Услуга ${index + 1}(?!\\d)`));
        expect(stdout.match(/Услуга \d+/g)).toHaveLength(1);
        expect(stdout).toContain(`№ ${result?.body.number ?? ''} `);
      }
    }, 180_000);

    it('publishes the generated event on JetStream', async () => {
      const nats: NatsConnection = await system.connectNats();
      try {
        const jsm = await nats.jetstreamManager();
        const last = await jsm.streams.getMessage('EVENTS', {
          last_by_subj: DocumentsEvents.generated.subject,
        });
        const envelope = codec.decode(last.data) as EventEnvelope<{ templateKey: string }>;
        expect(envelope.type).toBe(DocumentsEvents.generated.type);
        expect(envelope.data.templateKey).toBe('act');
      } finally {
        await nats.close();
      }
    });
  });

  describe('lists for the client card and the processes', () => {
    it('filters by counterparty, type, status and process, searches by title or number prefix, pages by cursor', async () => {
      const processInstanceId = `PI${Date.now()}`;
      const made: DocumentView[] = [];
      for (const [title, type] of [
        ['Акт сверки за ноябрь', 'reconciliation-act'],
        ['Акт сверки за октябрь', 'reconciliation-act'],
        ['Фото площадки', 'photo'],
      ] as const) {
        made.push(await draft(title, { type, processInstanceId }));
      }
      const byProcess = await anna.get<DocumentPage>(`/api/documents?processInstanceId=${processInstanceId}`);
      expect(byProcess.body.items.map((d) => d.id)).toEqual(made.map((d) => d.id).reverse());
      const byType = await anna.get<DocumentPage>(
        `/api/documents?processInstanceId=${processInstanceId}&type=reconciliation-act`,
      );
      expect(byType.body.items).toHaveLength(2);
      const search = await anna.get<DocumentPage>(
        `/api/documents?counterpartyOrgId=${DEMO_RADUGA_ID}&q=${encodeURIComponent('акт сверки за н')}`,
      );
      expect(search.body.items.map((d) => d.title)).toEqual(['Акт сверки за ноябрь']);
      const firstPage = await anna.get<DocumentPage>(
        `/api/documents?processInstanceId=${processInstanceId}&limit=2`,
      );
      expect(firstPage.body.items).toHaveLength(2);
      const secondPage = await anna.get<DocumentPage>(
        `/api/documents?processInstanceId=${processInstanceId}&limit=2&cursor=${firstPage.body.nextCursor ?? ''}`,
      );
      expect(secondPage.body.items.map((d) => d.id)).toEqual([made[0]?.id]);
      expect(secondPage.body.nextCursor).toBeNull();
      const drafts = await anna.get<DocumentPage>(
        `/api/documents?processInstanceId=${processInstanceId}&status=draft`,
      );
      expect(drafts.body.items).toHaveLength(3);
      const bad = await anna.get<{ code: string }>('/api/documents?type=poem');
      expect(bad.status).toBe(400);
    });

    it('refuses documents to those without file.manage and dates that are not dates', async () => {
      const portal = await olga.post<{ code: string }>('/api/documents', { title: 'x', type: 'other' });
      expect(portal.status).toBe(403);
      const badDate = await dina.get<{ code: string }>('/api/documents?from=yesterday');
      expect(badDate.status).toBe(400);
    });
  });
});
