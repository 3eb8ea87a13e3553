import mongoose from 'mongoose';
import type { NatsConnection } from 'nats';
import type { InstanceView, NotificationPage, NotificationView, Page, WorkItemView } from '@orbita/contracts';
import { ProcessEvents } from '@orbita/contracts';
import { DEMO_PASSWORD, demoUser } from '@orbita/demo';
import { ApiClient, TestSystem, eventually, login, streamEvents } from '@orbita/testing';

const MINUTE_MS = 60_000;

/**
 * Step SLAs on durable timers, through the gateway with the tasks service's clock moved (never a
 * sleep): SCENARIOS S1.4 — an urgent pick-up has two hours around the clock; 30 minutes before
 * due the dispatcher holding it is reminded; on breach the step is overdue, her supervisor is
 * notified, and the request shows who holds it; later it goes higher up. A timer that fires again
 * (its claimer died before marking it) changes nothing.
 */
describe('step SLAs: reminders, breaches and escalations (S1.4)', () => {
  let system: TestSystem;
  let nats: NatsConnection;
  let tasksDb: mongoose.Connection;
  let olga: ApiClient;
  let dina: ApiClient;
  let boris: ApiClient;
  let ivan: ApiClient;
  let admin: ApiClient;

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true });
    nats = await system.connectNats();
    tasksDb = await mongoose
      .createConnection(system.infra.mongoUrl, { dbName: system.database('tasks') })
      .asPromise();
    const as = async (email: string) =>
      new ApiClient(system.gatewayUrl).as(await login(system.gatewayUrl, email, DEMO_PASSWORD));
    [olga, dina, boris, ivan, admin] = await Promise.all([
      as(demoUser.olga.email),
      as(demoUser.dina.email),
      as(demoUser.boris.email),
      as(demoUser.ivan.email),
      as(demoUser.admin.email),
    ]);
  });

  afterAll(async () => {
    await tasksDb.close();
    await nats.close();
    await system.stop();
  });

  async function notificationsOf(client: ApiClient, instanceId: string): Promise<NotificationView[]> {
    const page = await client.get<NotificationPage>('/api/notifications?limit=100');
    expect(page.status).toBe(200);
    return page.body.items.filter((n) => n.subject.id === instanceId);
  }

  async function requestOf(client: ApiClient, instanceId: string): Promise<InstanceView> {
    const response = await client.get<InstanceView>(`/api/requests/${instanceId}`);
    expect(response.status).toBe(200);
    return response.body;
  }

  async function escalationsOf(instanceId: string) {
    return (await streamEvents(nats, [ProcessEvents.stepEscalated]))
      .map((e) => e.data as { instanceId: string; level: number; recipientIds: string[] })
      .filter((d) => d.instanceId === instanceId);
  }

  it('reminds the holder 30 minutes before due, and on breach marks the step overdue and tells her supervisor', async () => {
    const started = await olga.post<InstanceView>('/api/requests', {
      templateKey: 'urgent-pickup',
      form: { address: 'г. Москва, пр-т Вернадского, 86, вход 3', volume: 8 },
    });
    expect(started.status).toBe(201);
    const id = started.body.id;
    const [dispatch] = started.body.current;
    // Two hours around the clock, whatever the time of day the test runs at.
    const dueAt = new Date(dispatch?.dueAt ?? '');
    expect(dueAt.getTime() - new Date(dispatch?.startedAt ?? '').getTime()).toBe(120 * MINUTE_MS);
    expect(dispatch).toMatchObject({ stepId: 'dispatch', overdue: false, escalationLevel: 0 });

    // Dina takes the dispatchers' group task: she holds it now.
    const task = await eventually(async () => {
      const inbox = await dina.get<Page<WorkItemView>>('/api/inbox?view=claimable&limit=100');
      const found = inbox.body.items.find((t) => t.instanceId === id);
      expect(found).toBeDefined();
      return found!;
    });
    expect(task.dueAt).toBe(dueAt.toISOString());
    expect(started.body.heldBy?.holders).toEqual(
      expect.arrayContaining([demoUser.dina.id, demoUser.boris.id]),
    );
    expect((await dina.post(`/api/work-items/${task.id}/claim`, { revision: task.revision })).status).toBe(
      200,
    );
    await eventually(async () => {
      expect((await requestOf(olga, id)).heldBy?.holders).toEqual([demoUser.dina.id]);
    });

    // 91 minutes on (29 to due): the reminder, to Dina only.
    await system.moveClock('tasks', { advanceMs: 91 * MINUTE_MS });
    await eventually(async () => {
      expect((await notificationsOf(dina, id)).map((n) => n.kind)).toContain('step.reminder');
    });
    expect((await notificationsOf(boris, id)).map((n) => n.kind)).not.toContain('step.reminder');
    expect((await requestOf(olga, id)).current[0]).toMatchObject({ overdue: false, escalationLevel: 0 });

    // Past due: the step is overdue, in the request and in Dina's inbox, and Ivan (head of
    // Operations, Dina's unit) hears of it; the request shows who holds it.
    await system.moveClock('tasks', { advanceMs: 30 * MINUTE_MS });
    await eventually(async () => {
      expect((await notificationsOf(ivan, id)).map((n) => n.kind)).toContain('step.escalated');
    });
    const overdue = await requestOf(olga, id);
    expect(overdue).toMatchObject({
      status: 'running',
      overdue: true,
      heldBy: { party: 'company', holders: [demoUser.dina.id] },
    });
    expect(overdue.current[0]).toMatchObject({ stepId: 'dispatch', overdue: true, escalationLevel: 1 });
    const listed = await olga.get<Page<{ id: string; overdue: boolean }>>(
      '/api/requests?scope=mine&limit=100',
    );
    expect(listed.body.items.find((r) => r.id === id)?.overdue).toBe(true);
    const inbox = await dina.get<Page<WorkItemView>>('/api/inbox?overdue=true&limit=100');
    expect(inbox.body.items.find((t) => t.id === task.id)).toMatchObject({ overdue: true });
    expect(await escalationsOf(id)).toEqual([
      expect.objectContaining({ level: 1, recipientIds: [demoUser.ivan.id] }),
    ]);

    // Two hours after the breach it goes higher: above Ivan, the company's head.
    await system.moveClock('tasks', { advanceMs: 121 * MINUTE_MS });
    await eventually(async () => {
      expect((await notificationsOf(admin, id)).map((n) => n.kind)).toContain('step.escalated');
    });
    expect((await requestOf(olga, id)).current[0]).toMatchObject({ escalationLevel: 2 });

    // Done at last: the step is no longer overdue, the request is completed, no timer is left.
    const mine = await dina.get<WorkItemView>(`/api/work-items/${task.id}`);
    expect(
      (
        await dina.post(`/api/work-items/${task.id}/complete`, {
          outcome: 'done',
          revision: mine.body.revision,
        })
      ).status,
    ).toBe(200);
    await eventually(async () => {
      const ended = await requestOf(olga, id);
      expect(ended).toMatchObject({ status: 'completed', overdue: false });
      expect(ended.history.at(-1)).toMatchObject({ stepId: 'dispatch', overdue: true, escalationLevel: 2 });
    });
  });

  it('does not count the time the request is back with the client against the company, nor the reverse', async () => {
    const template = {
      key: 'sla-pause',
      name: { ru: 'Вопрос клиента', en: 'Client question' },
      category: 'client-requests',
      starters: { staff: true, portal: true },
      startForm: {
        schema: { type: 'object', additionalProperties: false, properties: { topic: { type: 'string' } } },
      },
      steps: [
        {
          id: 'describe',
          type: 'userTask',
          name: { ru: 'Описать', en: 'Describe' },
          assignee: { rule: 'requester' },
          sla: 'PT1H',
          slaClock: 'calendar',
          next: 'review',
        },
        {
          id: 'review',
          type: 'approval',
          name: { ru: 'Рассмотреть', en: 'Review' },
          approvers: [{ rule: 'personalManager' }],
          sla: 'PT4H',
          slaClock: 'calendar',
          remindBefore: 'PT30M',
          returnTo: ['describe'],
          next: 'end',
        },
      ],
    };
    expect((await admin.post('/api/process-templates', { text: JSON.stringify(template) })).status).toBe(201);
    expect((await admin.post('/api/process-templates/sla-pause/versions/1/publish')).status).toBe(200);
    const started = await olga.post<InstanceView>('/api/requests', {
      templateKey: 'sla-pause',
      form: { topic: 'Счёт' },
    });
    expect(started.status).toBe(201);
    const id = started.body.id;
    const itemOf = (client: ApiClient, stepId: string) =>
      eventually(async () => {
        const inbox = await client.get<Page<WorkItemView>>('/api/inbox?limit=100');
        const found = inbox.body.items.find((t) => t.instanceId === id && t.stepId === stepId);
        expect(found).toBeDefined();
        return found!;
      });
    const spanOf = (run: InstanceView['current'][number] | undefined) =>
      new Date(run?.dueAt ?? '').getTime() - new Date(run?.startedAt ?? '').getTime();

    expect(
      (
        await olga.post(`/api/work-items/${(await itemOf(olga, 'describe')).id}/complete`, {
          outcome: 'done',
        })
      ).status,
    ).toBe(200);
    const review = await itemOf(ivan, 'review');
    expect(spanOf((await requestOf(ivan, id)).current[0])).toBe(240 * MINUTE_MS);

    // Three of Ivan's four hours go by; he sends it back to Olga with a question.
    await system.moveClock('tasks', { advanceMs: 180 * MINUTE_MS });
    expect(
      (
        await ivan.post(`/api/work-items/${review.id}/complete`, {
          outcome: 'return',
          comment: 'Уточните период',
          returnTo: 'describe',
        })
      ).status,
    ).toBe(200);

    // Olga's own hour starts afresh, and she takes ten: her step is overdue, and the company's
    // person for the client (Ivan, her personal manager) is told — not the company's management.
    const describeAgain = await itemOf(olga, 'describe');
    await system.moveClock('tasks', { advanceMs: 600 * MINUTE_MS });
    await eventually(async () => {
      expect((await requestOf(olga, id)).current[0]).toMatchObject({
        stepId: 'describe',
        party: 'external',
        overdue: true,
      });
      expect(await escalationsOf(id)).toContainEqual(
        expect.objectContaining({ level: 1, recipientIds: [demoUser.ivan.id] }),
      );
    });
    expect(
      (await olga.post(`/api/work-items/${describeAgain.id}/complete`, { outcome: 'done' })).status,
    ).toBe(200);

    // Back with Ivan: his SLA goes on with the hour he had left (less the test's own seconds of
    // real time in his first run); Olga's ten hours are not his.
    await itemOf(ivan, 'review');
    const resumed = await requestOf(ivan, id);
    expect(resumed.current[0]).toMatchObject({ stepId: 'review', party: 'company', overdue: false });
    expect(spanOf(resumed.current[0])).toBeLessThanOrEqual(60 * MINUTE_MS);
    expect(spanOf(resumed.current[0])).toBeGreaterThan(59 * MINUTE_MS);
  });

  it('fires a timer found pending again (a claimer died before marking it) without a second event', async () => {
    const started = await olga.post<InstanceView>('/api/requests', {
      templateKey: 'urgent-pickup',
      form: { address: 'г. Москва, ул. Обручева, 30', volume: 4 },
    });
    const id = started.body.id;
    const runId = started.body.current[0]?.runId ?? '';
    const timers = tasksDb.collection<{ _id: string; status: string; dueAt: Date; attempts: number }>(
      'timers',
    );
    await eventually(async () => {
      expect(await timers.countDocuments({ _id: { $in: [`sla-escalate:${runId}:1`] } })).toBe(1);
    });
    await system.moveClock('tasks', { advanceMs: 121 * MINUTE_MS });
    await eventually(async () => {
      expect((await requestOf(olga, id)).current[0]).toMatchObject({ overdue: true, escalationLevel: 1 });
      expect((await timers.findOne({ _id: `sla-escalate:${runId}:1` }))?.status).toBe('fired');
    });

    // As if the instance that fired it had died between the effect and marking it fired.
    await timers.updateOne(
      { _id: `sla-escalate:${runId}:1` },
      { $set: { status: 'pending', dueAt: new Date(0), leaseOwner: null } },
    );
    await eventually(async () => {
      const again = await timers.findOne({ _id: `sla-escalate:${runId}:1` });
      expect(again).toMatchObject({ status: 'fired', attempts: 2 });
    });
    // The same event redelivered: the step's timers are set by id, so nothing is set twice.
    const [stepStarted] = (await streamEvents(nats, [ProcessEvents.stepStarted])).filter(
      (e) => (e.data as { instanceId: string }).instanceId === id,
    );
    await nats.jetstream().publish(ProcessEvents.stepStarted.subject, JSON.stringify(stepStarted), {
      msgID: `again-${stepStarted?.id}`,
    });
    expect(await timers.countDocuments({ _id: { $in: [`sla-escalate:${runId}:1`] }, status: 'fired' })).toBe(
      1,
    );
    expect((await escalationsOf(id)).map((e) => e.level)).toEqual([1]);
    expect((await requestOf(olga, id)).current[0]).toMatchObject({ escalationLevel: 1 });
  });
});
