import type {
  AcknowledgementProgress,
  DocumentView,
  InstanceView,
  NotificationPage,
  Page,
  Receipt,
  RegionReport,
  WorkItemView,
} from '@orbita/contracts';
import { DEMO_COMPANY_ID, DEMO_PASSWORD, demoUser, restaurantChain } from '@orbita/demo';
import type { ApiClient } from '@orbita/testing';
import { ApiClient as Api, TestSystem, eventually, inboxItem, login } from '@orbita/testing';

/** Far enough for 5 working days whatever the date the suite runs on (New Year takes 11 days off). */
const CLOCK_PAST_SLA_MS = 20 * 86_400_000;

/** A small PDF's bytes (the type is detected from the content). */
function pdfBytes(text: string): Uint8Array {
  return new TextEncoder().encode(`%PDF-1.4\n% ${text}\n%%EOF\n`);
}

async function completed(client: ApiClient, instanceId: string): Promise<InstanceView> {
  let instance: InstanceView | undefined;
  await eventually(async () => {
    instance = (await client.get<InstanceView>(`/api/requests/${instanceId}`)).body;
    expect(instance.status).toBe('completed');
  });
  return instance!;
}

/** `items` in groups of `size`, each group at once (logins are slow by design: argon2). */
async function inGroups<T>(items: T[], size: number, each: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) {
    await Promise.all(items.slice(i, i + size).map(each));
  }
}

/**
 * The restaurant chain on the process engine (SCENARIOS S2.1–S2.4): HQ, 50 regions, 130
 * restaurants with a manager each (on a portal seat: restaurants are portal branches), every
 * actor a demo user through the gateway.
 */
describe('restaurant chain (process engine)', () => {
  let system: TestSystem;
  let api: Api;
  let head: ApiClient;
  let finance: ApiClient;
  let hr: ApiClient;
  const managers = new Map<string, ApiClient>();
  const manager = async (n: number): Promise<ApiClient> => {
    const person = restaurantChain.managers[n]!;
    let client = managers.get(person.id);
    if (!client) {
      client = api.as(await login(system.gatewayUrl, person.email, DEMO_PASSWORD));
      managers.set(person.id, client);
    }
    return client;
  };

  beforeAll(async () => {
    // The demo licence has room for the chain: 4 more full seats and 130 portal seats.
    system = await TestSystem.start({ seedDemo: true, seedRestaurantChain: true });
    api = new Api(system.gatewayUrl);
    const as = async (email: string) => api.as(await login(system.gatewayUrl, email, DEMO_PASSWORD));
    [head, finance, hr] = await Promise.all([
      as(restaurantChain.staff.head.email),
      as(restaurantChain.staff.finance.email),
      as(restaurantChain.staff.hr.email),
    ]);
  }, 240_000);

  afterAll(async () => {
    await system.stop();
  });

  it('S2.1: an order acknowledged by 130 restaurant managers, with live progress, reminders and a new version', async () => {
    const created = await head.post<DocumentView>('/api/documents', {
      title: 'Приказ о новой спецификации закупок с 1 декабря',
      type: 'order',
      counterpartyOrgId: restaurantChain.hqId,
    });
    expect(created.status).toBe(201);
    const documentId = created.body.id;
    const upload = (text: string) =>
      head.send(
        'POST',
        `/api/documents/${documentId}/versions?name=${encodeURIComponent('Приказ.pdf')}`,
        pdfBytes(text),
        {
          'content-type': 'application/octet-stream',
        },
      );
    expect((await upload('Спецификация, редакция 1')).status).toBe(201);
    expect((await head.post(`/api/documents/${documentId}/publish`, {})).status).toBe(200);

    const started = await head.post<InstanceView>('/api/requests', {
      templateKey: 'order-acknowledgement',
      form: { subject: 'Новая спецификация закупок', documentId, effectiveFrom: '2026-12-01' },
    });
    expect(started.status).toBe(201);
    const id = started.body.id;
    expect(started.body.current[0]).toMatchObject({ stepId: 'acknowledge', type: 'acknowledgement' });

    // Every manager has a task at once: the progress counts all 130 of them.
    let progress: AcknowledgementProgress | undefined;
    await eventually(async () => {
      progress = (await head.get<AcknowledgementProgress>(`/api/requests/${id}/acknowledgements`)).body;
      expect(progress.total).toBe(130);
    });
    expect(progress).toMatchObject({ done: 0, document: { documentId, version: 1 } });

    // 127 acknowledge; each acknowledgement is on record with the version's checksum.
    const acknowledging = restaurantChain.managers.slice(0, 127).map((_, n) => n);
    await inGroups(acknowledging, 8, async (n) => {
      const client = await manager(n);
      const item = await inboxItem(client, id, 'acknowledge');
      expect(item.document).toMatchObject({ documentId, version: 1 });
      const done = await client.post(`/api/work-items/${item.id}/complete`, { outcome: 'acknowledged' });
      expect(done.status).toBe(200);
    });
    progress = (await head.get<AcknowledgementProgress>(`/api/requests/${id}/acknowledgements`)).body;
    expect(progress).toMatchObject({ total: 130, done: 127 });
    expect(progress.pending.map((p) => p.userId).sort()).toEqual(
      restaurantChain.managers
        .slice(127)
        .map((m) => m.id)
        .sort(),
    );
    expect(progress.pending.map((p) => p.orgId).sort()).toEqual(
      restaurantChain.managers
        .slice(127)
        .map((m) => m.restaurantId)
        .sort(),
    );
    const receipts = await head.get<{ items: Receipt[] }>(`/api/documents/${documentId}/receipts`);
    expect(receipts.body.items.filter((r) => r.kind === 'acknowledged')).toHaveLength(127);
    expect(progress.overdue).toBe(0);

    // The 3 working days pass (the clock moves past any holidays on the way): 3 of 130 overdue,
    // with who and where.
    await system.moveClock('tasks', { advanceMs: CLOCK_PAST_SLA_MS });
    await eventually(async () => {
      progress = (await head.get<AcknowledgementProgress>(`/api/requests/${id}/acknowledgements`)).body;
      expect(progress).toMatchObject({ total: 130, done: 127, overdue: 3 });
    });
    const byUser = (a: { userId: string }, b: { userId: string }) => a.userId.localeCompare(b.userId);
    const late = progress.pending
      .map(({ userId, orgId, overdue }) => ({ userId, orgId, overdue }))
      .sort(byUser);
    expect(late).toEqual(
      restaurantChain.managers
        .slice(127)
        .map((m) => ({ userId: m.id, orgId: m.restaurantId, overdue: true })),
    );
    expect(progress.pending.every((p) => p.displayName.length > 0)).toBe(true);
    expect(progress.pending.map((p) => p.orgName).sort()).toEqual(
      restaurantChain.restaurants
        .slice(127)
        .map((r) => r.name)
        .sort(),
    );

    // "Remind the rest": the three who have not acknowledged. A restaurant manager may not do it.
    const remind = await head.post<{ reminded: number }>(`/api/requests/${id}/acknowledgements/remind`);
    expect(remind.body).toEqual({ reminded: 3 });
    expect((await (await manager(127)).post(`/api/requests/${id}/acknowledgements/remind`)).status).toBe(403);

    // A new version: those who acknowledged the first are asked again, for the second.
    expect((await upload('Спецификация, редакция 2')).status).toBe(201);
    expect((await head.post(`/api/documents/${documentId}/publish`, {})).status).toBe(200);
    const again = await manager(0);
    await eventually(async () => {
      const inbox = await again.get<Page<WorkItemView>>('/api/inbox?limit=100');
      expect(inbox.body.items.find((t) => t.instanceId === id)?.document).toMatchObject({ version: 2 });
    });
    const second = (await again.get<Page<WorkItemView>>('/api/inbox?limit=100')).body.items.find(
      (t) => t.instanceId === id,
    )!;
    expect(
      (await again.post(`/api/work-items/${second.id}/complete`, { outcome: 'acknowledged' })).status,
    ).toBe(200);

    // The last three acknowledge: the order is complete.
    await inGroups([127, 128, 129], 3, async (n) => {
      const client = await manager(n);
      const item = await inboxItem(client, id, 'acknowledge');
      await client.post(`/api/work-items/${item.id}/complete`, { outcome: 'acknowledged' });
    });
    await completed(head, id);
    const all = await head.get<{ items: Receipt[] }>(`/api/documents/${documentId}/receipts`);
    const acknowledged = all.body.items.filter((r) => r.kind === 'acknowledged');
    expect(acknowledged.filter((r) => r.version === 2).map((r) => r.actor.userId)).toContain(
      restaurantChain.managers[0]!.id,
    );
  }, 240_000);

  it('S2.2: a financing request approved by HQ Finance lands in the financial plan', async () => {
    const region = await manager(3);
    const started = await region.post<InstanceView>('/api/requests', {
      templateKey: 'financing-request',
      form: { amount: 1_250_000, purpose: 'Ремонт кухни', year: 2027, month: 2 },
    });
    expect(started.status).toBe(201);
    const id = started.body.id;
    const review = await inboxItem(finance, id, 'review');
    expect(review.kind).toBe('approval');
    expect(review.dueAt).toEqual(expect.any(String));
    // Five working days pass without an answer: the review is overdue, and HQ's head (the
    // supervisor of Finance's head) is told.
    await system.moveClock('tasks', { advanceMs: CLOCK_PAST_SLA_MS });
    await eventually(async () => {
      const request = (await region.get<InstanceView>(`/api/requests/${id}`)).body;
      expect(request.overdue).toBe(true);
      expect(request.current[0]).toMatchObject({ stepId: 'review', overdue: true });
      expect(request.current[0]?.escalationLevel).toBeGreaterThanOrEqual(1);
    });
    await eventually(async () => {
      const page = await head.get<NotificationPage>('/api/notifications?limit=100');
      expect(page.body.items.filter((n) => n.subject.id === id).map((n) => n.kind)).toContain(
        'step.escalated',
      );
    });
    // An approval outcome the step has not got is refused.
    expect((await finance.post(`/api/work-items/${review.id}/complete`, { outcome: 'maybe' })).status).toBe(
      400,
    );
    await finance.post(`/api/work-items/${review.id}/complete`, { outcome: 'approve' });
    const done = await completed(region, id);
    const lineId = done.vars['planLineId'] as string;
    const line = await region.get<{ data: Record<string, unknown>; orgId: string }>(
      `/api/register-records/${lineId}`,
    );
    expect(line.status).toBe(200);
    expect(line.body).toMatchObject({
      orgId: restaurantChain.restaurants[3]!.id,
      data: { year: 2027, month: 2, approvedAmount: 1_250_000, purpose: 'Ремонт кухни' },
    });
    // The per-region report (ADR 024) shows it in the restaurant's region, in the plan's month.
    const regionId = restaurantChain.restaurants[3]!.regionId;
    await eventually(async () => {
      const report = await head.get<RegionReport>('/api/reports/regions?from=2027-02&to=2027-02');
      expect(report.body.rows.find((r) => r.regionOrgId === regionId)).toMatchObject({
        month: '2027-02',
        approvedKopecks: 125_000_000,
        financingApproved: 1,
      });
    });
    // Another restaurant sees nothing of it.
    expect((await (await manager(4)).get(`/api/requests/${id}`)).status).toBe(404);
    expect((await (await manager(4)).get(`/api/register-records/${lineId}`)).status).toBe(404);
  });

  it('S2.2: a rejected financing request ends as rejected, with the reason on record', async () => {
    const region = await manager(5);
    const started = await region.post<InstanceView>('/api/requests', {
      templateKey: 'financing-request',
      form: { amount: 10_000_000, purpose: 'Новый ресторан', year: 2027, month: 3 },
    });
    const review = await inboxItem(finance, started.body.id, 'review');
    expect((await finance.post(`/api/work-items/${review.id}/complete`, { outcome: 'reject' })).status).toBe(
      400,
    );
    await finance.post(`/api/work-items/${review.id}/complete`, {
      outcome: 'reject',
      comment: 'Нет в бюджете',
    });
    await eventually(async () => {
      const instance = (await region.get<InstanceView>(`/api/requests/${started.body.id}`)).body;
      expect(instance.status).toBe('rejected');
      expect(instance.history.at(-1)).toMatchObject({ outcome: 'reject', comment: 'Нет в бюджете' });
    });
  });

  it('S2.3: a vacation processed by HR, its T-6 order generated and acknowledged by the restaurant', async () => {
    const restaurant = await manager(6);
    const started = await restaurant.post<InstanceView>('/api/requests', {
      templateKey: 'vacation',
      form: {
        employee: {
          name: 'Лебедева Екатерина Павловна',
          personnelNumber: '0457',
          department: restaurantChain.restaurants[6]!.name,
          position: 'Повар',
        },
        from: '2027-01-12',
        to: '2027-01-25',
        days: 14,
      },
    });
    expect(started.status).toBe(201);
    const id = started.body.id;
    const review = await inboxItem(hr, id, 'hr-review');
    await hr.post(`/api/work-items/${review.id}/complete`, {
      outcome: 'approve',
      data: { workFrom: '2026-03-02', workTo: '2027-03-01' },
    });
    const acknowledge = await inboxItem(restaurant, id, 'acknowledge');
    const orderId = (await restaurant.get<InstanceView>(`/api/requests/${id}`)).body.vars['orderId'];
    expect(acknowledge.document).toMatchObject({ documentId: orderId, version: 1 });
    const order = await restaurant.get<DocumentView>(`/api/documents/${String(orderId)}`);
    expect(order.status).toBe(200);
    expect(order.body.type).toBe('order');
    await restaurant.post(`/api/work-items/${acknowledge.id}/complete`, { outcome: 'acknowledged' });
    await completed(restaurant, id);
  });

  it('S2.3: the same engine runs sick leave, hiring and dismissal', async () => {
    const restaurant = await manager(7);
    const sick = await restaurant.post<InstanceView>('/api/requests', {
      templateKey: 'sick-leave',
      form: { employeeName: 'Орлов Сергей', certificateNumber: '910000123456', from: '2026-12-01' },
    });
    await hr.post(`/api/work-items/${(await inboxItem(hr, sick.body.id, 'hr-register')).id}/complete`, {
      outcome: 'done',
    });
    await completed(restaurant, sick.body.id);

    const hiring = await restaurant.post<InstanceView>('/api/requests', {
      templateKey: 'hiring',
      form: { candidateName: 'Иванова Мария', position: 'Официант', startDate: '2027-01-10' },
    });
    await hr.post(`/api/work-items/${(await inboxItem(hr, hiring.body.id, 'hr-offer')).id}/complete`, {
      outcome: 'done',
      data: { salary: 65_000 },
    });
    // The restaurant manager heads their restaurant; their supervisor is the head of the region or above.
    const approve = await inboxItem(head, hiring.body.id, 'approve');
    await head.post(`/api/work-items/${approve.id}/complete`, { outcome: 'approve' });
    await hr.post(`/api/work-items/${(await inboxItem(hr, hiring.body.id, 'hire')).id}/complete`, {
      outcome: 'done',
    });
    await completed(restaurant, hiring.body.id);

    const dismissal = await restaurant.post<InstanceView>('/api/requests', {
      templateKey: 'dismissal',
      form: { employeeName: 'Петров Олег', lastDay: '2026-12-20', reason: 'own-wish' },
    });
    await hr.post(`/api/work-items/${(await inboxItem(hr, dismissal.body.id, 'hr-process')).id}/complete`, {
      outcome: 'done',
    });
    await restaurant.post(
      `/api/work-items/${(await inboxItem(restaurant, dismissal.body.id, 'confirm')).id}/complete`,
      {
        outcome: 'done',
      },
    );
    await completed(restaurant, dismissal.body.id);
  });

  it('S2.4: a marketing violation recorded by HQ, fixed by the restaurant, counted in the register', async () => {
    const restaurantId = restaurantChain.restaurants[8]!.id;
    const started = await head.post<InstanceView>('/api/requests', {
      templateKey: 'marketing-violation',
      form: { restaurantOrgId: restaurantId, date: '2026-12-02', kind: 'Старый прайс-лист на кассе' },
    });
    expect(started.status).toBe(201);
    expect(started.body.clientOrgId).toBe(restaurantId);
    const restaurant = await manager(8);
    const fix = await inboxItem(restaurant, started.body.id, 'fix');
    await restaurant.post(`/api/work-items/${fix.id}/complete`, { outcome: 'fixed' });
    const done = await completed(head, started.body.id);
    const records = await head.get<Page<{ id: string; data: Record<string, unknown> }>>(
      `/api/registers/marketing-violations/records?orgId=${restaurantId}`,
    );
    expect(records.body.items.map((r) => r.id)).toContain(done.vars['violationId']);
    // A restaurant (a portal user) cannot record violations: the template is staff's to start.
    const restaurantNine = await manager(9);
    const stranger = await restaurantNine.post('/api/requests', {
      templateKey: 'marketing-violation',
      form: { restaurantOrgId: restaurantId, date: '2026-12-02', kind: 'x' },
    });
    expect(stranger.status).toBe(404);
    // Staff naming an org they may not see is refused, and starts nothing.
    const byHr = await hr.post<{ message: string }>('/api/requests', {
      templateKey: 'marketing-violation',
      form: { restaurantOrgId: restaurantId, date: '2026-12-02', kind: 'x' },
    });
    expect(byHr.status).toBe(400);
    expect(byHr.body.message).toContain('restaurantOrgId');
  });

  it('opens a new restaurant as a portal branch: external, its people on portal seats', async () => {
    const admin = api.as(await login(system.gatewayUrl, demoUser.admin.email, DEMO_PASSWORD));
    const regionId = restaurantChain.regions[0]!.id;
    const opened = await admin.post<{ external: boolean; path: string[] }>('/api/orgs', {
      name: 'Ресторан «Вкусно» №131',
      kind: 'branch',
      parentId: regionId,
      portal: true,
    });
    expect(opened.status).toBe(201);
    expect(opened.body.external).toBe(true);
    expect(opened.body.path).toEqual([DEMO_COMPANY_ID, restaurantChain.hqId, regionId, expect.any(String)]);
    const notABranch = await admin.post<{ message: string }>('/api/orgs', {
      name: 'Регион 051',
      kind: 'region',
      parentId: restaurantChain.hqId,
      portal: true,
    });
    expect(notABranch.status).toBe(400);
    expect(notABranch.body.message).toContain('portal');
  });
});
