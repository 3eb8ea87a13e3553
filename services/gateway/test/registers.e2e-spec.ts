import type { ImportResult, Page, RecordDiff, RegisterList, RegisterRecordView } from '@orbita/contracts';
import { DEMO_PASSWORD, DEMO_RADUGA_ID, DEMO_SEVER_ID, demoUser } from '@orbita/demo';
import { ApiClient, TestSystem, login } from '@orbita/testing';

const contract = (number: string, endDate: string) => ({
  number,
  title: `Договор ${number}`,
  startDate: '2026-01-15',
  endDate,
  amount: 582000,
  status: 'active',
});

const csv = (text: string): Uint8Array => new TextEncoder().encode(text);

/**
 * Registers (issue "registers"; SCENARIOS S1.2, S2.2): typed records owned by orgs, read by their
 * own org's people only, written by staff, imported all or nothing, through the gateway.
 */
describe('registers', () => {
  let system: TestSystem;
  let ivan: ApiClient;
  let olga: ApiClient;
  let petr: ApiClient;
  let admin: ApiClient;
  let radugaContract: RegisterRecordView;
  let severContract: RegisterRecordView;

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true });
    const api = new ApiClient(system.gatewayUrl);
    const as = async (name: 'ivan' | 'olga' | 'petr' | 'admin') =>
      api.as(await login(system.gatewayUrl, demoUser[name].email, DEMO_PASSWORD));
    [ivan, olga, petr, admin] = await Promise.all([as('ivan'), as('olga'), as('petr'), as('admin')]);
  });

  afterAll(async () => {
    await (system as TestSystem | undefined)?.stop();
  });

  it('lists the built-in registers with their schemas', async () => {
    const answer = await olga.get<RegisterList>('/api/registers');
    expect(answer.status).toBe(200);
    expect(answer.body.items.map((r) => r.key)).toEqual(
      expect.arrayContaining([
        'contracts',
        'service-points',
        'invoices',
        'payments',
        'financial-plan',
        'marketing-violations',
      ]),
    );
    expect(answer.body.items.find((r) => r.key === 'contracts')).toMatchObject({
      builtIn: true,
      naturalKey: 'number',
      dateFields: ['endDate'],
    });
  });

  it('lets the personal manager add records for each client, and nobody else of theirs to see them', async () => {
    const created = await ivan.post<RegisterRecordView>('/api/registers/contracts/records', {
      orgId: DEMO_RADUGA_ID,
      data: contract('Д-17/2026', '2026-12-31'),
    });
    expect(created.status).toBe(201);
    radugaContract = created.body;
    expect(radugaContract).toMatchObject({ orgId: DEMO_RADUGA_ID, title: 'Договор Д-17/2026', revision: 1 });
    severContract = (
      await ivan.post<RegisterRecordView>('/api/registers/contracts/records', {
        orgId: DEMO_SEVER_ID,
        data: contract('С-3/2026', '2026-06-30'),
      })
    ).body;

    const mine = await olga.get<Page<RegisterRecordView>>('/api/registers/contracts/records');
    expect(mine.body.items.map((r) => r.id)).toEqual([radugaContract.id]);
    expect((await olga.get(`/api/register-records/${radugaContract.id}`)).status).toBe(200);
    expect(await olga.get(`/api/register-records/${severContract.id}`)).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND', message: 'The register record was not found' },
    });
    const foreign = await olga.get<Page<RegisterRecordView>>(
      `/api/registers/contracts/records?orgId=${DEMO_SEVER_ID}`,
    );
    expect(foreign.body.items).toEqual([]);
    expect((await petr.get<Page<RegisterRecordView>>('/api/registers/contracts/records')).body.items).toEqual(
      [expect.objectContaining({ id: severContract.id })],
    );
  });

  it('refuses portal users writing, data against the schema, and a second record of one number', async () => {
    expect(
      await olga.post('/api/registers/contracts/records', {
        orgId: DEMO_RADUGA_ID,
        data: contract('X-1', '2026-12-31'),
      }),
    ).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const bad = await ivan.post<{ code: string; message: string; details: { path: string }[] }>(
      '/api/registers/contracts/records',
      { orgId: DEMO_RADUGA_ID, data: { ...contract('X-2', 'soon'), status: 'maybe', extra: 1 } },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d) => d.path).sort()).toEqual(['endDate', 'extra', 'status']);
    expect(bad.body.message).toContain('endDate: must match format "date"');
    expect(
      await ivan.post('/api/registers/contracts/records', {
        orgId: DEMO_RADUGA_ID,
        data: contract('Д-17/2026', '2027-01-01'),
      }),
    ).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
    expect(
      await ivan.post('/api/registers/no-such/records', { orgId: DEMO_RADUGA_ID, data: {} }),
    ).toMatchObject({ status: 404, body: { message: 'The register was not found' } });
    expect(await ivan.post('/api/registers/contracts/records', { data: {} })).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED' },
    });
  });

  it('shows a change request as a diff, updates on the current revision and refuses a stale one', async () => {
    const diff = await olga.send<RecordDiff>('POST', `/api/register-records/${radugaContract.id}/diff`, {
      data: { endDate: '2027-12-31', amount: 600000 },
    });
    expect(diff.status).toBe(200);
    expect(diff.body).toEqual({
      revision: 1,
      changes: [
        { path: '/amount', before: 582000, after: 600000 },
        { path: '/endDate', before: '2026-12-31', after: '2027-12-31' },
      ],
    });
    const updated = await ivan.send<RegisterRecordView>(
      'PATCH',
      `/api/register-records/${radugaContract.id}`,
      {
        revision: 1,
        data: { endDate: '2027-12-31' },
      },
    );
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ revision: 2, data: { endDate: '2027-12-31', number: 'Д-17/2026' } });
    const stale = await ivan.send<{ code: string; message: string }>(
      'PATCH',
      `/api/register-records/${radugaContract.id}`,
      { revision: 1, data: { status: 'ended' } },
    );
    expect(stale.status).toBe(409);
    expect(stale.body.message).toMatch(/revision 1 .* at 2 now/);
    expect(
      await ivan.send('PATCH', `/api/register-records/${radugaContract.id}`, { revision: 'x', data: {} }),
    ).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(
      await petr.send('POST', `/api/register-records/${radugaContract.id}/diff`, { data: {} }),
    ).toMatchObject({ status: 404 });
  });

  it('imports invoices from CSV all or nothing, and again without duplicates', async () => {
    const header = '\uFEFFnumber;date;amount;dueDate;status\r\n';
    const bad = await ivan.send<{ code: string; message: string; details: { path: string }[] }>(
      'POST',
      `/api/registers/invoices/import?orgId=${DEMO_RADUGA_ID}`,
      csv(
        `${header}С-101;2026-11-01;106 700,50;2026-11-15;unpaid\r\nС-102;2026-11-02;много;2026-11-16;unpaid\r\n`,
      ),
      { 'content-type': 'text/csv' },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d) => d.path)).toEqual(['line 3.amount']);
    const none = await ivan.get<Page<RegisterRecordView>>(
      `/api/registers/invoices/records?orgId=${DEMO_RADUGA_ID}`,
    );
    expect(none.body.items).toEqual([]);

    const good = `${header}С-101;2026-11-01;106 700,50;2026-11-15;unpaid\r\nС-102;2026-11-02;50000;2026-11-16;unpaid\r\n`;
    const first = await ivan.send<ImportResult>(
      'POST',
      `/api/registers/invoices/import?orgId=${DEMO_RADUGA_ID}`,
      csv(good),
      {
        'content-type': 'text/csv; charset=utf-8',
      },
    );
    expect(first).toMatchObject({ status: 201, body: { created: 2, updated: 0 } });
    const again = await ivan.send<ImportResult>(
      'POST',
      `/api/registers/invoices/import?orgId=${DEMO_RADUGA_ID}`,
      csv(good),
      {
        'content-type': 'text/csv',
      },
    );
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    const invoices = await olga.get<Page<RegisterRecordView>>('/api/registers/invoices/records');
    expect(invoices.body.items.map((r) => r.data['amount']).sort()).toEqual([106700.5, 50000]);
  });

  it('marks an invoice partly paid, then paid, as payments are imported', async () => {
    const pay = (rows: unknown[]) =>
      ivan.post<ImportResult>(`/api/registers/payments/import?orgId=${DEMO_RADUGA_ID}`, rows);
    const first = await pay([
      { invoiceNumber: 'С-102', date: '2026-11-05', amount: 20000, reference: 'ПП-1' },
    ]);
    expect(first.body).toMatchObject({ created: 1, settled: 1 });
    const status = async () =>
      (await olga.get<Page<RegisterRecordView>>('/api/registers/invoices/records')).body.items.find(
        (r) => r.data['number'] === 'С-102',
      )?.data['status'];
    expect(await status()).toBe('partly-paid');
    await pay([
      { invoiceNumber: 'С-102', date: '2026-11-05', amount: 20000, reference: 'ПП-1' },
      { invoiceNumber: 'С-102', date: '2026-11-06', amount: 30000, reference: 'ПП-2' },
    ]);
    expect(await status()).toBe('paid');
    const unknown = await pay([{ invoiceNumber: 'С-999', date: '2026-11-06', amount: 1, reference: 'ПП-3' }]);
    expect(unknown).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  });

  it('answers clear errors on bad imports', async () => {
    expect(
      await ivan.send('POST', '/api/registers/invoices/import', csv('number;date\nС-1;2026-01-01\n'), {
        'content-type': 'text/csv',
      }),
    ).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    const large = await ivan.send<{ code: string }>(
      'POST',
      `/api/registers/invoices/import?orgId=${DEMO_RADUGA_ID}`,
      csv(`number\n${'x'.repeat(600 * 1024)}\n`),
      { 'content-type': 'text/csv' },
    );
    expect(large).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' } });
    const cp1251 = await ivan.send(
      'POST',
      `/api/registers/invoices/import?orgId=${DEMO_RADUGA_ID}`,
      new Uint8Array([0x6e, 0x0a, 0xcf, 0xf0]),
      {
        'content-type': 'text/csv',
      },
    );
    expect(cp1251).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(await ivan.send('POST', '/api/tasks', csv('a,b\n'), { 'content-type': 'text/csv' })).toMatchObject(
      { status: 415 },
    );
  });

  it('lets admins define a register, with each problem of a bad schema named', async () => {
    const bad = await admin.send<{ details: { path: string }[] }>('PUT', '/api/registers/inspections', {
      name: { ru: 'Проверки', en: 'Inspections' },
      title: 'site',
      schema: { type: 'object', properties: { site: { type: 'strin' } } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d) => d.path)).toContain('schema.properties.site.type');
    const good = await admin.send('PUT', '/api/registers/inspections', {
      name: { ru: 'Проверки', en: 'Inspections' },
      title: 'site',
      schema: { type: 'object', required: ['site'], properties: { site: { type: 'string' } } },
    });
    expect(good).toMatchObject({ status: 200, body: { key: 'inspections', version: 1, builtIn: false } });
    expect(
      await ivan.send('PUT', '/api/registers/inspections', {
        name: { ru: 'Проверки', en: 'Inspections' },
        title: 'site',
        schema: { type: 'object', properties: { site: { type: 'string' } } },
      }),
    ).toMatchObject({ status: 403 });
  });
});
