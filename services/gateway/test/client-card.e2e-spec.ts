import type { ClientCard, DocumentView, InstanceView, Page, WorkItemView } from '@orbita/contracts';
import { DEMO_OPERATIONS_ID, DEMO_PASSWORD, DEMO_RADUGA_ID, DEMO_SEVER_ID, demoUser } from '@orbita/demo';
import type { ApiClient } from '@orbita/testing';
import { ApiClient as Api, TestSystem, eventually, login } from '@orbita/testing';

/** The person's open work item of a request, once the engine has set it. */
async function workItemOf(client: ApiClient, instanceId: string): Promise<WorkItemView> {
  let found: WorkItemView | undefined;
  await eventually(async () => {
    const inbox = await client.get<Page<WorkItemView>>('/api/inbox?view=mine&limit=100');
    expect(inbox.status).toBe(200);
    found = inbox.body.items.find((t) => t.instanceId === instanceId);
    expect(found).toBeDefined();
  });
  return found!;
}

/**
 * The client card (GET /api/clients/:orgId/card): one external org's registers, requests and
 * documents in one answer, for its own people and for the staff who may see it, every actor a demo
 * user through the gateway on the real infrastructure.
 */
describe('the client card', () => {
  let system: TestSystem;
  let olga: ApiClient;
  let petr: ApiClient;
  let ivan: ApiClient;
  let admin: ApiClient;
  const ids = {
    contract: '',
    servicePoint: '',
    invoice: '',
    payment: '',
    severContract: '',
    published: '',
    draft: '',
    open: '',
    closed: '',
    sever: '',
  };

  async function created<T extends { id: string }>(
    client: ApiClient,
    path: string,
    body: unknown,
  ): Promise<T> {
    const response = await client.post<T>(path, body);
    expect({ path, status: response.status, body: response.body }).toMatchObject({ path, status: 201 });
    return response.body;
  }

  async function complaint(client: ApiClient, subject: string): Promise<string> {
    return (
      await created<InstanceView>(client, '/api/requests', {
        templateKey: 'complaint',
        form: { subject, description: 'The container was not emptied on Monday' },
      })
    ).id;
  }

  async function document(title: string, publish: boolean): Promise<string> {
    const made = await created<DocumentView>(ivan, '/api/documents', {
      title,
      type: 'contract',
      counterpartyOrgId: DEMO_RADUGA_ID,
    });
    const version = await ivan.send(
      'POST',
      `/api/documents/${made.id}/versions?name=${encodeURIComponent(`${title}.pdf`)}`,
      new TextEncoder().encode(`%PDF-1.4\n% ${title}\n%%EOF\n`),
      { 'content-type': 'application/octet-stream' },
    );
    expect(version.status).toBe(201);
    if (publish) {
      expect((await ivan.post(`/api/documents/${made.id}/publish`, {})).status).toBe(200);
    }
    return made.id;
  }

  async function cardOf(client: ApiClient, orgId: string): Promise<ClientCard> {
    const response = await client.get<ClientCard>(`/api/clients/${orgId}/card`);
    expect({ orgId, status: response.status }).toEqual({ orgId, status: 200 });
    return response.body;
  }

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true });
    const api = new Api(system.gatewayUrl);
    const as = async (email: string) => api.as(await login(system.gatewayUrl, email, DEMO_PASSWORD));
    [olga, petr, ivan, admin] = await Promise.all([
      as(demoUser.olga.email),
      as(demoUser.petr.email),
      as(demoUser.ivan.email),
      as(demoUser.admin.email),
    ]);

    // Ivan, Raduga's personal manager, keeps its registers.
    ids.contract = (
      await created(ivan, '/api/registers/contracts/records', {
        orgId: DEMO_RADUGA_ID,
        data: {
          number: '12/2026',
          title: 'Вывоз ТКО',
          startDate: '2026-01-15',
          endDate: '2026-12-31',
          status: 'active',
        },
      })
    ).id;
    ids.servicePoint = (
      await created(ivan, '/api/registers/service-points/records', {
        orgId: DEMO_RADUGA_ID,
        data: {
          address: 'г. Москва, пр-т Вернадского, д. 86, стр. 1',
          containerType: 'bunker-8',
          volume: 8,
          schedule: { days: ['mon', 'thu'], time: '07:30' },
          startDate: '2026-02-01',
          status: 'active',
        },
      })
    ).id;
    ids.invoice = (
      await created(ivan, '/api/registers/invoices/records', {
        orgId: DEMO_RADUGA_ID,
        data: { number: 'INV-7', date: '2026-03-01', amount: 10200, dueDate: '2026-03-15', status: 'unpaid' },
      })
    ).id;
    ids.payment = (
      await created(ivan, '/api/registers/payments/records', {
        orgId: DEMO_RADUGA_ID,
        data: { invoiceNumber: 'INV-7', date: '2026-03-10', amount: 5100, reference: 'PP-331' },
      })
    ).id;
    ids.severContract = (
      await created(ivan, '/api/registers/contracts/records', {
        orgId: DEMO_SEVER_ID,
        data: {
          number: '3/2026',
          title: 'Вывоз ТКО (Север)',
          startDate: '2026-01-01',
          endDate: '2026-12-31',
          status: 'active',
        },
      })
    ).id;

    // A contract published to Raduga, and a draft its people do not see yet.
    ids.published = await document('Договор 12/2026', true);
    ids.draft = await document('Проект допсоглашения', false);

    // Olga's complaints: one waits on Ivan, one Ivan resolved and Olga confirmed.
    ids.open = await complaint(olga, 'Не вывезли контейнер');
    ids.closed = await complaint(olga, 'Переполнен бункер');
    const resolve = await workItemOf(ivan, ids.closed);
    expect(
      (
        await ivan.post(`/api/work-items/${resolve.id}/complete`, {
          outcome: 'resolved',
          data: { resolution: 'Вывезли внеплановым рейсом' },
        })
      ).status,
    ).toBe(200);
    const confirm = await workItemOf(olga, ids.closed);
    expect((await olga.post(`/api/work-items/${confirm.id}/complete`, { outcome: 'confirm' })).status).toBe(
      200,
    );
    await workItemOf(ivan, ids.open);
    await eventually(async () => {
      const closed = await olga.get<InstanceView>(`/api/requests/${ids.closed}`);
      expect(closed.body.status).toBe('completed');
    });
    ids.sever = await complaint(petr, 'Не приехала машина');
  });

  afterAll(async () => {
    await system.stop();
  });

  it('shows Olga her org whole: registers, requests open and closed with who holds them, its documents', async () => {
    const card = await cardOf(olga, DEMO_RADUGA_ID);

    expect(card.org).toEqual({ id: DEMO_RADUGA_ID, name: 'Raduga Mall' });
    expect(card.partial).toBe(false);
    expect(card.contracts.map((r) => [r.id, r.data['number']])).toEqual([[ids.contract, '12/2026']]);
    expect(card.servicePoints).toEqual([
      expect.objectContaining({
        id: ids.servicePoint,
        data: expect.objectContaining({ schedule: { days: ['mon', 'thu'], time: '07:30' } }),
      }),
    ]);
    // The payment settled half of the invoice.
    expect(card.invoices.map((r) => [r.id, r.data['status']])).toEqual([[ids.invoice, 'partly-paid']]);
    expect(card.payments.map((r) => r.id)).toEqual([ids.payment]);

    expect(card.requests.open).toEqual([
      expect.objectContaining({
        id: ids.open,
        status: 'running',
        requesterId: demoUser.olga.id,
        heldBy: expect.objectContaining({ party: 'company', holders: [demoUser.ivan.id] }),
      }),
    ]);
    expect(card.requests.closed).toEqual([
      expect.objectContaining({ id: ids.closed, status: 'completed', heldBy: null }),
    ]);
    expect(card.requests.closed[0]?.endedAt).toEqual(expect.any(String));

    // Only what was published to Raduga.
    expect(card.documents?.map((d) => d.id)).toEqual([ids.published]);
    expect(card.documents?.[0]).toMatchObject({ counterpartyOrgId: DEMO_RADUGA_ID, publishedVersion: 1 });
  });

  it('answers Petr (Hotel Sever) NOT_FOUND for Raduga’s card, as for an unknown org, and shows him his own', async () => {
    const foreign = await petr.get<{ code: string; message: string }>(`/api/clients/${DEMO_RADUGA_ID}/card`);
    const unknown = await petr.get<{ code: string; message: string }>(
      '/api/clients/01ZZZZZZZZZZZZZZZZZZZZZZZZ/card',
    );
    expect({ status: foreign.status, body: foreign.body }).toEqual({
      status: 404,
      body: { code: 'NOT_FOUND', message: 'The org was not found' },
    });
    expect({ status: unknown.status, body: unknown.body }).toEqual({
      status: foreign.status,
      body: foreign.body,
    });

    const own = await cardOf(petr, DEMO_SEVER_ID);
    expect(own.org.name).toBe('Hotel Sever');
    expect(own.contracts.map((r) => r.id)).toEqual([ids.severContract]);
    expect(own.requests.open.map((r) => r.id)).toEqual([ids.sever]);
    expect(own.requests.closed).toEqual([]);
    expect(own.documents).toEqual([]);
  });

  it('shows Ivan, the personal manager of both, each client’s card with nothing of the other', async () => {
    const raduga = await cardOf(ivan, DEMO_RADUGA_ID);
    const sever = await cardOf(ivan, DEMO_SEVER_ID);

    expect(raduga.requests.open.map((r) => r.id)).toEqual([ids.open]);
    expect(raduga.requests.closed.map((r) => r.id)).toEqual([ids.closed]);
    expect(raduga.contracts.map((r) => r.id)).toEqual([ids.contract]);
    // Staff see the draft too: the documents are those the caller may see.
    expect(raduga.documents?.map((d) => d.id).sort()).toEqual([ids.published, ids.draft].sort());

    expect(sever.requests.open.map((r) => r.id)).toEqual([ids.sever]);
    expect(sever.contracts.map((r) => r.id)).toEqual([ids.severContract]);
    expect(sever.invoices).toEqual([]);
    expect(sever.documents).toEqual([]);

    // The company's admin sees them as well.
    expect((await cardOf(admin, DEMO_SEVER_ID)).requests.open.map((r) => r.id)).toEqual([ids.sever]);
  });

  it('answers a malformed id 400, naming the parameter', async () => {
    for (const bad of ['bad%20id', '..%2Fx', 'A'.repeat(65)]) {
      const response = await ivan.get<{ code: string; message: string }>(`/api/clients/${bad}/card`);
      expect({ bad, status: response.status, code: response.body.code }).toEqual({
        bad,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(response.body.message).toContain('orgId');
    }
  });

  it('answers an org of the company itself with a clear refusal: only clients and partners have a card', async () => {
    const response = await ivan.get<{ code: string; message: string }>(
      `/api/clients/${DEMO_OPERATIONS_ID}/card`,
    );
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.message).toContain('only external orgs have a client card');
    const russian = await ivan
      .withHeaders({ 'accept-language': 'ru' })
      .get<{ message: string }>(`/api/clients/${DEMO_OPERATIONS_ID}/card`);
    expect(russian.body.message).toContain('карточка клиента есть только у внешних организаций');
    // Who may not see the org is not told what it is.
    expect((await petr.get(`/api/clients/${DEMO_OPERATIONS_ID}/card`)).status).toBe(404);
  });

  // Last: the documents service is stopped for good.
  it('answers the rest of the card, marked partial, when the documents service is down', async () => {
    await system.kill('documents');

    const card = await cardOf(olga, DEMO_RADUGA_ID);

    expect(card.partial).toBe(true);
    expect(card.documents).toBeNull();
    expect(card.contracts.map((r) => r.id)).toEqual([ids.contract]);
    expect(card.requests.open.map((r) => r.id)).toEqual([ids.open]);
  });
});
