import { randomUUID } from 'node:crypto';
import type { NatsConnection } from 'nats';
import { AckPolicy, DeliverPolicy, nanos } from 'nats';
import type { DeadLetterView, NotificationPage, Page, TaskView } from '@orbita/contracts';
import { EVENTS_STREAM, TasksEvents } from '@orbita/contracts';
import { DEMO_PASSWORD, demoUser } from '@orbita/demo';
import { ensureEventStreams } from '@orbita/platform';
import type { ApiClient } from '@orbita/testing';
import { ApiClient as Api, TestSystem, eventually, login } from '@orbita/testing';

/**
 * Messages never get stuck (issue "scale before the engine", item 5): an event a consumer cannot
 * handle — a poison payload at once, a failing handler after its bounded tries — is parked in the
 * service's dead-letter store with the error, shown to admins through the gateway, and replayed
 * once the cause is fixed; the events after it go on meanwhile.
 */
describe('dead letters', () => {
  let system: TestSystem;
  let nats: NatsConnection;
  let admin: ApiClient;
  let ivan: ApiClient;
  let dina: ApiClient;

  /** notifications tries twice, quickly, before it parks an event. */
  const quickRetries = { EVENT_MAX_ATTEMPTS: '2', EVENT_RETRY_BASE_MS: '50' };

  beforeAll(async () => {
    system = await TestSystem.start({
      seedDemo: true,
      services: ['identity', 'tasks', 'documents', 'gateway'],
    });
    nats = await system.connectNats();
    // A consumer left by an older version, with other settings: notifications brings it in line.
    const jsm = await nats.jetstreamManager();
    await ensureEventStreams(jsm);
    await jsm.consumers.add(EVENTS_STREAM, {
      durable_name: 'notifications',
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: TasksEvents.taskCreated.subject,
      ack_wait: nanos(5_000),
      max_deliver: 3,
    });
    await system.startService('notifications', quickRetries);
    const api = new Api(system.gatewayUrl);
    admin = api.as(await login(system.gatewayUrl, demoUser.admin.email, DEMO_PASSWORD));
    ivan = api.as(await login(system.gatewayUrl, demoUser.ivan.email, DEMO_PASSWORD));
    dina = api.as(await login(system.gatewayUrl, demoUser.dina.email, DEMO_PASSWORD));
  });

  afterAll(async () => {
    await nats.close();
  });

  async function parked(): Promise<DeadLetterView[]> {
    const page = await admin.get<Page<DeadLetterView>>(
      '/api/admin/dead-letters?service=notifications&limit=100',
    );
    expect(page.status).toBe(200);
    return page.body.items;
  }

  it('reconciles the durable consumer’s settings at start, not only its filter', async () => {
    const info = await (await nats.jetstreamManager()).consumers.info(EVENTS_STREAM, 'notifications');
    expect(info.config.ack_wait).toBe(nanos(30_000));
    expect(info.config.max_deliver).toBe(-1);
    expect(info.config.filter_subjects).toEqual(expect.arrayContaining([TasksEvents.taskCreated.subject]));
  });

  it('parks a poison message at once, with the error, and goes on with the next events', async () => {
    const js = nats.jetstream();
    await js.publish(TasksEvents.taskCreated.subject, 'this is not JSON', { msgID: randomUUID() });
    const wrongData = {
      id: `01POISON${randomUUID().replace(/-/g, '').slice(0, 18).toUpperCase()}`,
      type: TasksEvents.taskCreated.type,
      version: 1,
      occurredAt: new Date().toISOString(),
      correlationId: randomUUID(),
      causationId: null,
      actor: null,
      orgId: 'some-org',
      subject: { type: 'task', id: 'x' },
      data: { title: 42 },
    };
    await js.publish(TasksEvents.taskCreated.subject, JSON.stringify(wrongData), { msgID: wrongData.id });

    // A good event after the poison ones is handled.
    const task = await ivan.post<TaskView>('/api/tasks', {
      title: 'After the poison',
      assigneeId: demoUser.dina.id,
    });
    expect(task.status).toBe(201);
    await eventually(async () => {
      const inbox = await dina.get<NotificationPage>('/api/notifications?limit=100');
      expect(inbox.body.items.map((n) => n.subject.id)).toContain(task.body.id);
    });

    const letters = await eventually(async () => {
      const found = await parked();
      expect(found.filter((l) => l.subject === TasksEvents.taskCreated.subject)).toHaveLength(2);
      return found;
    });
    const notJson = letters.find((l) => l.payload === 'this is not JSON');
    expect(notJson).toMatchObject({
      service: 'notifications',
      consumer: 'notifications',
      stream: EVENTS_STREAM,
      eventId: null,
      status: 'parked',
      attempts: 1,
      error: expect.stringContaining('Not an event envelope'),
    });
    const badData = letters.find((l) => l.eventId === wrongData.id);
    expect(badData?.error).toContain('tasks.task.created');

    // Replaying a poison message fails again, keeps it parked with one more attempt.
    const replay = await admin.post<{ code: string }>(`/api/admin/dead-letters/${notJson!.id}/replay`);
    expect(replay).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
    expect((await parked()).find((l) => l.id === notJson!.id)).toMatchObject({
      status: 'parked',
      attempts: 2,
    });

    // An admin may give it up; it is kept, marked discarded.
    const discarded = await admin.post<DeadLetterView>(`/api/admin/dead-letters/${notJson!.id}/discard`);
    expect(discarded).toMatchObject({
      status: 200,
      body: { status: 'discarded', resolvedBy: demoUser.admin.id },
    });
    expect((await parked()).map((l) => l.id)).not.toContain(notJson!.id);
    const gone = await admin.get<Page<DeadLetterView>>(
      '/api/admin/dead-letters?service=notifications&status=discarded',
    );
    expect(gone.body.items.map((l) => l.id)).toContain(notJson!.id);
  });

  it('parks an event whose handler keeps failing after the bounded tries, and replays it once fixed', async () => {
    await system.kill('notifications');
    await system.startService('notifications', { ...quickRetries, FAILPOINT: 'consumer.handler-fails' });
    const task = await ivan.post<TaskView>('/api/tasks', {
      title: 'Handled only on replay',
      assigneeId: demoUser.dina.id,
    });
    expect(task.status).toBe(201);
    const letter = await eventually(async () => {
      const found = (await parked()).find(
        (l) => l.eventType === TasksEvents.taskCreated.type && l.orgId && l.payload.includes(task.body.id),
      );
      expect(found).toBeDefined();
      return found!;
    });
    expect(letter).toMatchObject({ attempts: 2, error: expect.stringContaining('the handler fails') });
    const inbox = await dina.get<NotificationPage>('/api/notifications?limit=100');
    expect(inbox.body.items.map((n) => n.subject.id)).not.toContain(task.body.id);

    // The cause goes away (the service is restarted fixed); the admin replays.
    await system.kill('notifications');
    await system.startService('notifications', quickRetries);
    const replayed = await admin.post<DeadLetterView>(`/api/admin/dead-letters/${letter.id}/replay`);
    expect(replayed).toMatchObject({
      status: 200,
      body: { status: 'replayed', resolvedBy: demoUser.admin.id },
    });
    const after = await dina.get<NotificationPage>('/api/notifications?limit=100');
    expect(after.body.items.filter((n) => n.subject.id === task.body.id)).toHaveLength(1);
    // Once only.
    expect((await admin.post(`/api/admin/dead-letters/${letter.id}/replay`)).status).toBe(409);
  });

  it('shows dead letters to those who run the installation only, and refuses bad input', async () => {
    const olga = new Api(system.gatewayUrl).as(
      await login(system.gatewayUrl, demoUser.olga.email, DEMO_PASSWORD),
    );
    expect(await olga.get('/api/admin/dead-letters?service=notifications')).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN' },
    });
    expect((await ivan.get('/api/admin/dead-letters?service=notifications')).status).toBe(403);
    expect(await admin.get('/api/admin/dead-letters?service=gateway')).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED' },
    });
    expect((await admin.get('/api/admin/dead-letters')).status).toBe(400);
    expect((await admin.post('/api/admin/dead-letters/01ZZZZZZZZZZZZZZZZZZZZZZZZ/replay')).status).toBe(404);
  });
});
