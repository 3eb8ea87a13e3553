import mongoose from 'mongoose';
import type { NatsConnection } from 'nats';
import { AckPolicy, DeliverPolicy } from 'nats';
import type { EventEnvelope, NotificationPage, TaskView } from '@orbita/contracts';
import { EVENTS_STREAM, TasksEvents } from '@orbita/contracts';
import { DEMO_PASSWORD, demoUser } from '@orbita/demo';
import { ApiClient, TestSystem, eventually, login } from '@orbita/testing';

/**
 * ARCHITECTURE §2: a state change and its events cannot be separated by a crash. The tasks service
 * is SIGKILLed (by a failpoint, at an exact line) after the task is written and before its event is
 * published, or after publishing and before clearing it; after a restart the event reaches the
 * stream and the assignee exactly once.
 */
describe('crash-safe events (kill -9 between write and publish)', () => {
  let system: TestSystem;
  let nc: NatsConnection | undefined;
  let tasksDb: mongoose.Connection | undefined;
  let ivan: ApiClient;
  let dina: ApiClient;

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true, services: ['identity', 'notifications', 'gateway'] });
    // tasks publishes events of its own at its first start (the template pack it loads); started
    // once without a failpoint, it holds nothing left to publish when the tests start it with one.
    await system.startService('tasks');
    nc = await system.connectNats();
    const db = await mongoose
      .createConnection(system.infra.mongoUrl, { dbName: system.database('tasks') })
      .asPromise();
    tasksDb = db;
    await eventually(async () => {
      expect(await db.collection('process_templates').countDocuments({ outboxAt: { $exists: true } })).toBe(
        0,
      );
    });
    await system.kill('tasks');
    const api = new ApiClient(system.gatewayUrl);
    ivan = api.as(await login(system.gatewayUrl, demoUser.ivan.email, DEMO_PASSWORD));
    dina = api.as(await login(system.gatewayUrl, demoUser.dina.email, DEMO_PASSWORD));
  });

  afterAll(async () => {
    await nc?.close();
    await tasksDb?.close();
  });

  /** Every task-created event in the stream for this task, read with a throwaway consumer. */
  async function publishedEventsFor(taskId: string): Promise<EventEnvelope[]> {
    if (!nc) {
      throw new Error('not connected');
    }
    const jsm = await nc.jetstreamManager();
    const info = await jsm.streams.info(EVENTS_STREAM).catch(() => null);
    if (!info || info.state.messages === 0) {
      return [];
    }
    const consumer = await jsm.consumers.add(EVENTS_STREAM, {
      ack_policy: AckPolicy.None,
      deliver_policy: DeliverPolicy.All,
      filter_subject: TasksEvents.taskCreated.subject,
      inactive_threshold: 30_000_000_000,
    });
    const found: EventEnvelope[] = [];
    const messages = await (
      await nc.jetstream().consumers.get(EVENTS_STREAM, consumer.name)
    ).fetch({ max_messages: 1000, expires: 1000 });
    for await (const msg of messages) {
      const envelope = msg.json<EventEnvelope<{ taskId: string }>>();
      if (envelope.data.taskId === taskId) {
        found.push(envelope);
      }
      if (msg.info.pending === 0) {
        break;
      }
    }
    await jsm.consumers.delete(EVENTS_STREAM, consumer.name);
    return found;
  }

  function tasks() {
    if (!tasksDb) {
      throw new Error('not connected');
    }
    return tasksDb.collection<{ _id: string; title: string; outbox?: string[]; outboxAt?: Date }>('tasks');
  }

  async function storedTask(title: string): Promise<{ _id: string; outbox?: string[]; outboxAt?: Date }> {
    return eventually(async () => {
      const doc = await tasks().findOne({ title });
      expect(doc).not.toBeNull();
      return doc as { _id: string; outbox?: string[]; outboxAt?: Date };
    });
  }

  async function notificationsFor(taskId: string): Promise<number> {
    const page = await dina.get<NotificationPage>('/api/notifications?limit=100');
    return page.body.items.filter((n) => n.subject.id === taskId).length;
  }

  it.each([
    ['before the event is published', 'outbox.before-publish', 0],
    ['after the event is published but before it is cleared', 'outbox.after-publish', 1],
  ])(
    'delivers the event exactly once when tasks is killed %s',
    async (_when, failpoint, publishedBeforeRestart) => {
      const title = `Crash test ${failpoint}`;
      await system.startService('tasks', { FAILPOINT: failpoint });

      const response = await ivan.post<TaskView>('/api/tasks', { title, assigneeId: demoUser.dina.id });
      // The write is answered while the relay publishes, so the kill may come before or after the
      // answer; without one, the gateway gives up in bounded time.
      expect([201, 503, 504]).toContain(response.status);
      await system.process('tasks').exited;

      const task = await storedTask(title);
      expect(task.outboxAt).toBeInstanceOf(Date);
      expect(task.outbox).toHaveLength(1);
      expect(await publishedEventsFor(task._id)).toHaveLength(publishedBeforeRestart);

      await system.startService('tasks');

      await eventually(async () => {
        expect(await notificationsFor(task._id)).toBe(1);
      });
      await eventually(async () => {
        const doc = await tasks().findOne({ _id: task._id });
        expect(doc?.outboxAt).toBeUndefined();
        expect(doc?.outbox).toBeUndefined();
      });
      const events = await publishedEventsFor(task._id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        type: 'tasks.task.created',
        subject: { type: 'task', id: task._id },
        actor: { userId: demoUser.ivan.id },
      });
      // Still once after the notifications consumer has had time to see any redelivery.
      expect(await notificationsFor(task._id)).toBe(1);

      await system.process('tasks').stop();
    },
  );
});
