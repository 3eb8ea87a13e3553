import { randomUUID } from 'node:crypto';
import type { NatsConnection } from 'nats';
import { JSONCodec, headers as natsHeaders } from 'nats';
import type { NotificationsSince, TaskView } from '@orbita/contracts';
import { ContextHeader, LiveNotificationSchema, LiveRequests, liveSubjectOf } from '@orbita/contracts';
import type { LiveNotification } from '@orbita/contracts';
import { DEMO_PASSWORD, demoUser } from '@orbita/demo';
import { ApiClient, TestSystem, eventually, login } from '@orbita/testing';

const codec = JSONCodec();

/**
 * The live half of the inbox (ADR 018's contract): a stored notification is pushed on the
 * recipient's own subject, and what a connection missed is replayed from the store after an id.
 */
describe('notifications pushed live and replayed after an id', () => {
  let system: TestSystem;
  let gateway: NatsConnection;
  let ivan: ApiClient;
  let dinaToken: string;
  let ivanToken: string;
  const heard: LiveNotification[] = [];
  const subjects = new Map<string, string>();

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true });
    gateway = await system.connectNats('gateway');
    const sub = gateway.subscribe('notifications.live.>');
    void (async () => {
      for await (const msg of sub) {
        const live = LiveNotificationSchema.parse(codec.decode(msg.data));
        subjects.set(live.notification.id, msg.subject);
        heard.push(live);
      }
    })();
    dinaToken = await login(system.gatewayUrl, demoUser.dina.email, DEMO_PASSWORD);
    ivanToken = await login(system.gatewayUrl, demoUser.ivan.email, DEMO_PASSWORD);
    ivan = new ApiClient(system.gatewayUrl).as(ivanToken);
  });

  afterAll(async () => {
    await gateway.close();
  });

  async function since(token: string, afterId: string): Promise<NotificationsSince> {
    const h = natsHeaders();
    h.set(ContextHeader.CorrelationId, randomUUID());
    h.set(ContextHeader.AccessToken, token);
    const subject = LiveRequests.since.subject;
    const msg = await gateway.request(
      subject,
      codec.encode({ pattern: subject, data: { afterId, limit: 50 }, id: randomUUID() }),
      { headers: h, timeout: 5_000 },
    );
    const reply = codec.decode(msg.data) as { response?: NotificationsSince; err?: unknown };
    expect(reply.err).toBeUndefined();
    return reply.response as NotificationsSince;
  }

  it('pushes a new notification to its recipient with the unread count, and only once', async () => {
    const created = await ivan.post<TaskView>('/api/tasks', {
      title: 'Live: check the containers',
      assigneeId: demoUser.dina.id,
    });
    expect(created.status).toBe(201);
    const pushed = await eventually(() => {
      const found = heard.filter((live) => live.notification.title === 'Live: check the containers');
      expect(found).toHaveLength(1);
      return found[0] as LiveNotification;
    });
    expect(pushed).toMatchObject({
      recipientId: demoUser.dina.id,
      notification: { kind: 'task.assigned', read: false, subject: { id: created.body.id } },
    });
    expect(pushed.unreadCount).toBeGreaterThanOrEqual(1);
    expect(subjects.get(pushed.notification.id)).toBe(liveSubjectOf(demoUser.dina.id));
  });

  it('replays what came after an id, oldest first, to its recipient only', async () => {
    const first = await ivan.post<TaskView>('/api/tasks', {
      title: 'Live: first',
      assigneeId: demoUser.dina.id,
    });
    const firstLive = await eventually(() => {
      const found = heard.find((live) => live.notification.subject.id === first.body.id);
      expect(found).toBeDefined();
      return found as LiveNotification;
    });
    for (const title of ['Live: second', 'Live: third']) {
      await ivan.post<TaskView>('/api/tasks', { title, assigneeId: demoUser.dina.id });
    }
    const missed = await eventually(async () => {
      const page = await since(dinaToken, firstLive.notification.id);
      expect(page.items.map((item) => item.title)).toEqual(['Live: second', 'Live: third']);
      return page;
    });
    expect(missed.more).toBe(false);
    expect(missed.unreadCount).toBeGreaterThanOrEqual(3);

    const ivans = await since(ivanToken, '0');
    expect(ivans.items.filter((item) => item.title.startsWith('Live:'))).toEqual([]);
  });
});
