import type mongoose from 'mongoose';
import type { InstanceView, NotificationPage, NotificationView, Page, WorkItemView } from '@orbita/contracts';
import { DEMO_PASSWORD, demoUser } from '@orbita/demo';
import type { ApiClient, Replica } from '@orbita/testing';
import { ApiClient as Api, TestSystem, eventually, login } from '@orbita/testing';

/** The failpoint of the timer worker (services/tasks/src/timers/timer-worker.ts). */
const AFTER_EFFECT = 'tasks.timer.after-effect';
const HOUR_MS = 3_600_000;
/** The timers' lease (TIMER_LEASE_MS): a claimer that died leaves its timer due again after it. */
const LEASE_MS = 30_000;

/** A request that waits two hours, then asks Dina to check it: its wait is one durable timer. */
const coolingOff = {
  key: 'cooling-off',
  name: { ru: 'Выдержка', en: 'Cooling-off' },
  category: 'operations',
  starters: { staff: true, portal: false },
  title: { cat: ['Выдержка ', { var: 'form.n' }] },
  startForm: {
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['n'],
      properties: { n: { type: 'integer', minimum: 0 } },
    },
  },
  steps: [
    { id: 'pause', type: 'wait', name: { ru: 'Выдержка', en: 'Pause' }, duration: 'PT2H', next: 'check' },
    {
      id: 'check',
      type: 'userTask',
      name: { ru: 'Проверить', en: 'Check' },
      assignee: { rule: 'user', userId: demoUser.dina.id },
      next: 'end',
    },
  ],
};

/** Dina checks at once, in two hours around the clock; she is reminded 30 minutes before due. */
const quickCheck = {
  ...coolingOff,
  key: 'quick-check',
  name: { ru: 'Срочная проверка', en: 'Quick check' },
  steps: [{ ...coolingOff.steps[1], sla: 'PT2H', slaClock: 'calendar', remindBefore: 'PT30M' }],
};

interface TimerRow {
  _id: string;
  status: 'pending' | 'fired' | 'cancelled';
  attempts: number;
  leaseOwner: string | null;
  kind: string;
  subject: { instanceId?: string };
}

/**
 * Durable timers with two tasks-service processes on one database (issue 11 item 4, ADR 019):
 * wait steps due at the same moment each end once while both instances fire; and when one
 * instance is killed between a timer's effect (an SLA reminder) and marking it fired, the other
 * fires it again after the lease, the effect is not repeated, and what the dead instance wrote is
 * carried on: its event leaves through the survivor's outbox relay, or comes again from the
 * stream after its ack wait (30 s of real time, hence the longer patience at the end).
 */
describe('durable timers across two tasks instances', () => {
  let system: TestSystem;
  let ivan: ApiClient;
  let dina: ApiClient;
  let db: mongoose.Connection;
  let replica: Replica;

  const timersOf = async (ids: readonly string[]): Promise<TimerRow[]> =>
    db
      .collection<TimerRow>('timers')
      .find({ 'subject.instanceId': { $in: [...ids] } })
      .toArray();

  /** Starts `count` requests and waits until their first step's timers are set (`timers` each). */
  async function startRequests(templateKey: string, count: number, timers: number): Promise<string[]> {
    const ids: string[] = [];
    for (let n = 0; n < count; n++) {
      const started = await ivan.post<InstanceView>('/api/requests', { templateKey, form: { n } });
      expect(started.status).toBe(201);
      ids.push(started.body.id);
    }
    // The step's start event sets its timers.
    await eventually(async () => {
      const pending = (await timersOf(ids)).filter((t) => t.status === 'pending' && t.attempts === 0);
      expect(pending).toHaveLength(count * timers);
    });
    return ids;
  }

  async function remindersOf(instanceId: string): Promise<NotificationView[]> {
    const page = await dina.get<NotificationPage>('/api/notifications?limit=100');
    return page.body.items.filter((n) => n.subject.id === instanceId && n.kind === 'step.reminder');
  }

  /** Each request waited once and asks Dina once: no wait ended twice, no task was made twice. */
  async function expectEachWokenOnce(ids: readonly string[]): Promise<void> {
    await eventually(async () => {
      const inbox = (await dina.get<Page<WorkItemView>>('/api/inbox?limit=100')).body.items;
      for (const id of ids) {
        expect(inbox.filter((item) => item.instanceId === id && item.stepId === 'check')).toHaveLength(1);
      }
    });
    for (const id of ids) {
      const request = (await ivan.get<InstanceView>(`/api/requests/${id}`)).body;
      expect(request.history.filter((run) => run.stepId === 'pause')).toHaveLength(1);
      expect(request.current.map((run) => run.stepId)).toEqual(['check']);
    }
  }

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true });
    const api = new Api(system.gatewayUrl);
    const as = async (email: string) => api.as(await login(system.gatewayUrl, email, DEMO_PASSWORD));
    const admin = await as(demoUser.admin.email);
    [ivan, dina] = await Promise.all([as(demoUser.ivan.email), as(demoUser.dina.email)]);
    for (const template of [coolingOff, quickCheck]) {
      expect(await admin.post('/api/process-templates', { text: JSON.stringify(template) })).toMatchObject({
        status: 201,
      });
      expect((await admin.post(`/api/process-templates/${template.key}/versions/1/publish`)).status).toBe(
        200,
      );
    }
    db = await system.connectDatabase('tasks');
    replica = await system.startReplica('tasks');
  });

  afterAll(async () => {
    await db.close();
    await system.stop();
  });

  it('fires each of the waits due at once exactly once while two instances race for them', async () => {
    const ids = await startRequests('cooling-off', 12, 1);

    await Promise.all([
      system.moveClock('tasks', { advanceMs: 2 * HOUR_MS + 60_000 }),
      replica.moveClock({ advanceMs: 2 * HOUR_MS + 60_000 }),
    ]);

    await expectEachWokenOnce(ids);
    // Each claimed once; marked fired, or cancelled by the end of its wait when that came first.
    await eventually(async () => {
      const timers = await timersOf(ids);
      expect(timers.map((t) => t.attempts)).toEqual(ids.map(() => 1));
      expect(timers.filter((t) => t.status === 'pending')).toEqual([]);
    });
  });

  it('fires a timer again after the lease when its claimer dies after the effect, without repeating it', async () => {
    await replica.process.stop(10_000);
    replica = await system.startReplica('tasks', { FAILPOINT: AFTER_EFFECT });
    // Three timers each: the reminder at 1 h 30, the breach at 2 h, the second escalation at 4 h.
    const ids = await startRequests('quick-check', 6, 3);
    const reminders = async () => (await timersOf(ids)).filter((t) => t.kind === 'sla-remind');

    // Only the replica sees the reminders due: it claims one, reminds Dina, and dies before marking it.
    await replica.moveClock({ advanceMs: 91 * 60_000 });
    await replica.process.exited;
    const claimed = (await reminders()).filter((t) => t.attempts === 1);
    expect(claimed).toHaveLength(1);
    expect(claimed[0]).toMatchObject({ status: 'pending', leaseOwner: expect.any(String) });
    const victim = claimed[0]!.subject.instanceId!;

    // The survivor fires the other reminders; the dead instance's is still leased to it.
    await system.moveClock('tasks', { advanceMs: 91 * 60_000 });
    await eventually(async () => {
      expect((await reminders()).filter((t) => t.status === 'fired')).toHaveLength(5);
    });
    expect((await reminders()).find((t) => t.subject.instanceId === victim)).toMatchObject({
      status: 'pending',
      attempts: 1,
    });

    // The lease runs out: the survivor claims it again, finds Dina reminded, and marks it fired.
    await system.moveClock('tasks', { advanceMs: LEASE_MS + 1_000 });
    await eventually(async () => {
      expect((await reminders()).find((t) => t.subject.instanceId === victim)).toMatchObject({
        status: 'fired',
        attempts: 2,
      });
    });
    // Dina was reminded once of each request: the dead instance's reminder too, none twice.
    await eventually(
      async () => {
        for (const id of ids) {
          expect(await remindersOf(id)).toHaveLength(1);
        }
      },
      { timeoutMs: 90_000 },
    );
    expect((await reminders()).map((t) => t.status)).toEqual(ids.map(() => 'fired'));
  });
});
