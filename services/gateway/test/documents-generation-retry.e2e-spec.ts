import type { DocumentView, GeneratedDocument } from '@orbita/contracts';
import { DEMO_PASSWORD, DEMO_RADUGA_ID, demoUser } from '@orbita/demo';
import { ApiClient, TestSystem, eventually, login } from '@orbita/testing';

const RENDER_RETRY_MS = 60_000;

/**
 * A generated document keeps the number it took whatever happens to its render (issue
 * "documents", item 4): a render that fails is retried until it succeeds, the number is never
 * given back, and the next document takes the next number.
 */
describe('generated documents whose render fails', () => {
  let system: TestSystem;
  let anna: ApiClient;

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true });
    anna = new ApiClient(system.gatewayUrl).as(
      await login(system.gatewayUrl, demoUser.anna.email, DEMO_PASSWORD),
    );
  });

  afterAll(async () => {
    await system.stop();
  });

  const generate = (key: string) =>
    anna.post<GeneratedDocument>('/api/documents/generate', {
      templateKey: 'act',
      counterpartyOrgId: DEMO_RADUGA_ID,
      idempotencyKey: key,
      data: {
        items: [{ name: 'Вывоз контейнера 8 м³', quantity: 3, unit: 'рейс', price: 4500 }],
        vat: { rate: 20, included: true },
      },
    });

  it('keeps the number, renders again later, and gives the next document the next number', async () => {
    await system.kill('documents');
    await system.startService('documents', { FAILPOINT: 'documents.render-fails', RENDER_SWEEP_MS: '200' });

    const pending = await generate('act-render-fails');
    expect(pending.status).toBe(201);
    expect(pending.body).toMatchObject({ number: '1', state: 'pending' });
    // A repeated command answers the same document, still without a second number.
    expect((await generate('act-render-fails')).body).toEqual(pending.body);
    const waiting = await anna.get<DocumentView>(`/api/documents/${pending.body.documentId}`);
    expect(waiting.body).toMatchObject({ number: '1', versions: [], generation: { state: 'pending' } });

    await system.kill('documents');
    await system.startService('documents', { RENDER_SWEEP_MS: '200' });
    await system.moveClock('documents', { advanceMs: RENDER_RETRY_MS });

    const rendered = await eventually(
      async () => {
        const document = await anna.get<DocumentView>(`/api/documents/${pending.body.documentId}`);
        expect(document.body.generation?.state).toBe('ready');
        return document.body;
      },
      { timeoutMs: 30_000 },
    );
    expect(rendered).toMatchObject({
      number: '1',
      versions: [expect.objectContaining({ version: 1, mimeType: 'application/pdf' })],
    });

    const next = await generate('act-after-the-retry');
    expect(next.body).toMatchObject({ number: '2', state: 'ready' });
  });
});
