import type { InstanceView, Page, WorkItemView } from '@orbita/contracts';
import { DEMO_PASSWORD, DEMO_RADUGA_ID, demoUser } from '@orbita/demo';
import type { ApiClient } from '@orbita/testing';
import { ApiClient as Api, TestSystem, eventually, login } from '@orbita/testing';

/**
 * A customer models a process of its own by uploading a template: no code change. This one uses
 * a parallel approval with a quorum, a condition over the form, a notification, a wait, and a
 * step whose assignee rule finds nobody (the admins get a task to retry or cancel).
 */
function purchase(version: 'first' | 'second') {
  return {
    key: 'purchase-approval',
    name: { ru: 'Согласование закупки', en: 'Purchase approval' },
    category: 'finance',
    starters: { staff: true, portal: false },
    clientField: 'clientOrgId',
    title: { cat: ['Закупка: ', { var: 'form.item' }] },
    startForm: {
      schema: {
        type: 'object',
        additionalProperties: false,
        required: ['item', 'amount'],
        properties: {
          item: { type: 'string', minLength: 1, maxLength: 200 },
          amount: { type: 'number', minimum: 0 },
          clientOrgId: { type: 'string' },
          buyer: { type: 'string' },
        },
      },
    },
    steps: [
      {
        id: 'route',
        type: 'notify',
        name: { ru: 'Уведомление', en: 'Notice' },
        recipients: [{ rule: 'requesterSupervisor' }],
        message: { ru: 'Новая закупка', en: 'A new purchase' },
        next: [
          { when: { '>=': [{ var: 'form.amount' }, 100_000] }, to: 'board' },
          { to: version === 'first' ? 'buy' : 'pause' },
        ],
      },
      {
        id: 'board',
        type: 'approval',
        name: { ru: 'Согласование', en: 'Approval' },
        approvers: [
          { rule: 'user', userId: demoUser.ivan.id },
          { rule: 'user', userId: demoUser.anna.id },
          { rule: 'user', userId: demoUser.admin.id },
        ],
        mode: 'parallel',
        quorum: 2,
        next: 'buy',
      },
      ...(version === 'second'
        ? [{ id: 'pause', type: 'wait', name: { ru: 'Пауза', en: 'Pause' }, duration: 'PT1S', next: 'buy' }]
        : []),
      {
        id: 'buy',
        type: 'userTask',
        name: { ru: 'Закупить', en: 'Buy' },
        assignee: { rule: 'formField', field: 'buyer' },
        next: 'end',
      },
    ],
  };
}

describe('a process of the customer’s own, uploaded as a template', () => {
  let system: TestSystem;
  let admin: ApiClient;
  let ivan: ApiClient;
  let anna: ApiClient;
  let dina: ApiClient;

  async function itemOf(client: ApiClient, instanceId: string, stepId: string): Promise<WorkItemView> {
    return eventually(async () => {
      const inbox = await client.get<Page<WorkItemView>>('/api/inbox?limit=100');
      const found = inbox.body.items.find((t) => t.instanceId === instanceId && t.stepId === stepId);
      expect(found).toBeDefined();
      return found!;
    });
  }

  const request = async (client: ApiClient, id: string) =>
    (await client.get<InstanceView>(`/api/requests/${id}`)).body;

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true });
    const api = new Api(system.gatewayUrl);
    const as = async (email: string) => api.as(await login(system.gatewayUrl, email, DEMO_PASSWORD));
    [admin, ivan, anna, dina] = await Promise.all([
      as(demoUser.admin.email),
      as(demoUser.ivan.email),
      as(demoUser.anna.email),
      as(demoUser.dina.email),
    ]);
    const uploaded = await admin.post('/api/process-templates', { text: JSON.stringify(purchase('first')) });
    expect(uploaded).toMatchObject({ status: 201 });
    expect((await admin.post('/api/process-templates/purchase-approval/versions/1/publish')).status).toBe(
      200,
    );
  });

  afterAll(async () => {
    await system.stop();
  });

  it('runs a parallel approval to its quorum, withdrawing the third approver’s task', async () => {
    const started = await ivan.post<InstanceView>('/api/requests', {
      templateKey: 'purchase-approval',
      form: { item: 'Мусоровоз', amount: 9_500_000, buyer: demoUser.dina.id, clientOrgId: DEMO_RADUGA_ID },
    });
    expect(started.status).toBe(201);
    const id = started.body.id;
    expect(started.body).toMatchObject({ title: 'Закупка: Мусоровоз', clientOrgId: DEMO_RADUGA_ID });
    expect(started.body.history.map((r) => r.stepId)).toEqual(['route']);
    const forIvan = await itemOf(ivan, id, 'board');
    const forAnna = await itemOf(anna, id, 'board');
    const forAdmin = await itemOf(admin, id, 'board');
    await ivan.post(`/api/work-items/${forIvan.id}/complete`, { outcome: 'approve' });
    await eventually(async () => {
      expect((await request(ivan, id)).current[0]?.holders.sort()).toEqual(
        [demoUser.anna.id, demoUser.admin.id].sort(),
      );
    });
    await anna.post(`/api/work-items/${forAnna.id}/complete`, { outcome: 'approve' });
    // The quorum of 2 is reached: the step ends and the admin's part is withdrawn.
    await itemOf(dina, id, 'buy');
    await eventually(async () => {
      expect((await admin.get<WorkItemView>(`/api/work-items/${forAdmin.id}`)).body.status).toBe('cancelled');
    });
    const late = await admin.post<{ code: string }>(`/api/work-items/${forAdmin.id}/complete`, {
      outcome: 'approve',
    });
    expect(late.status).toBe(409);
    // A manager reassigns the purchase, with a reason; the new assignee completes it.
    const buy = await itemOf(dina, id, 'buy');
    // Someone the manager may not see cannot be given it (NOT_FOUND), nor may a dispatcher reassign.
    const toStranger = await ivan.post(`/api/work-items/${buy.id}/reassign`, {
      assigneeId: demoUser.boris.id,
      reason: 'Дина в отпуске',
    });
    expect(toStranger.status).toBe(404);
    const byDispatcher = await dina.post(`/api/work-items/${buy.id}/reassign`, {
      assigneeId: demoUser.ivan.id,
      reason: 'не успеваю',
    });
    expect(byDispatcher.status).toBe(403);
    const reassigned = await ivan.post<WorkItemView>(`/api/work-items/${buy.id}/reassign`, {
      assigneeId: demoUser.ivan.id,
      reason: 'Дина в отпуске',
    });
    expect(reassigned.status).toBe(200);
    expect(reassigned.body.assigneeId).toBe(demoUser.ivan.id);
    expect((await dina.post(`/api/work-items/${buy.id}/complete`, { outcome: 'done' })).status).toBe(403);
    expect((await ivan.post(`/api/work-items/${buy.id}/complete`, { outcome: 'done' })).status).toBe(200);
    await eventually(async () => {
      expect((await request(ivan, id)).status).toBe('completed');
    });
  });

  it('fails a step whose rule finds nobody visibly: the admins retry it or cancel the request', async () => {
    const started = await ivan.post<InstanceView>('/api/requests', {
      templateKey: 'purchase-approval',
      form: { item: 'Перчатки', amount: 1_200, buyer: '01JDEM0000000000000NOBODY1' },
    });
    const id = started.body.id;
    expect(started.body.current[0]).toMatchObject({
      stepId: 'buy',
      type: 'admin',
      failure: expect.stringContaining('nobody'),
    });
    const fix = await itemOf(admin, id, 'buy');
    expect(fix.kind).toBe('admin');
    expect(fix.outcomes.map((o) => o.id)).toEqual(['retry', 'cancel']);
    await admin.post(`/api/work-items/${fix.id}/complete`, { outcome: 'cancel', comment: 'Покупателя нет' });
    await eventually(async () => {
      expect(await request(ivan, id)).toMatchObject({ status: 'cancelled', cancelReason: 'Покупателя нет' });
    });
  });

  it('a new version changes the process for new requests only; a manager cancels one with a reason', async () => {
    const old = await ivan.post<InstanceView>('/api/requests', {
      templateKey: 'purchase-approval',
      form: { item: 'Бахилы', amount: 500, buyer: demoUser.dina.id },
    });
    expect(
      (await admin.post('/api/process-templates', { text: JSON.stringify(purchase('second')) })).status,
    ).toBe(201);
    expect((await admin.post('/api/process-templates/purchase-approval/versions/2/publish')).status).toBe(
      200,
    );
    const fresh = await ivan.post<InstanceView>('/api/requests', {
      templateKey: 'purchase-approval',
      form: { item: 'Мешки', amount: 700, buyer: demoUser.dina.id },
    });
    expect(old.body.templateVersion).toBe(1);
    expect(fresh.body.templateVersion).toBe(2);
    // Version 2 waits a second before the purchase; the running one keeps version 1's way.
    expect(old.body.current[0]?.stepId).toBe('buy');
    expect(fresh.body.current[0]).toMatchObject({ stepId: 'pause', type: 'wait' });
    await eventually(async () => {
      expect((await request(ivan, fresh.body.id)).current[0]?.stepId).toBe('buy');
    });
    // Cancelling: a reason is required; who may not manage tasks is refused; it ends the request.
    expect((await ivan.post(`/api/requests/${old.body.id}/cancel`, {})).status).toBe(400);
    const cancelled = await ivan.post<InstanceView>(`/api/requests/${old.body.id}/cancel`, {
      reason: 'Уже купили',
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'Уже купили', current: [] });
    expect((await ivan.post(`/api/requests/${old.body.id}/cancel`, { reason: 'ещё раз' })).status).toBe(409);
    const buy = await itemOf(dina, fresh.body.id, 'buy');
    const counts = await dina.get<{ mine: number; claimable: number; overdue: number }>('/api/inbox/counts');
    expect(counts.body.mine).toBeGreaterThanOrEqual(1);
    await eventually(async () => {
      const inbox = await dina.get<Page<WorkItemView>>('/api/inbox?limit=100');
      expect(inbox.body.items.filter((t) => t.instanceId === old.body.id)).toEqual([]);
    });
    expect(buy.templateKey).toBe('purchase-approval');
  });
});
