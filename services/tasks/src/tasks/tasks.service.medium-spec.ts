import type { Subscription } from 'nats';
import { JSONCodec } from 'nats';
import mongoose from 'mongoose';
import type { DirectoryUser, Principal } from '@orbita/contracts';
import { IdentityRequests, MEMBER_PERMISSIONS, Permission, TasksEvents } from '@orbita/contracts';
import { MediumTest, eventually, sharedInfra, streamEvents } from '@orbita/testing';
import { AppModule } from '../app.module';
import { tasksConfigShape } from '../config';
import { TasksService } from './tasks.service';

const codec = JSONCodec();
const COMPANY = '01JMED0000000000000000RG01';
const BRANCH = '01JMED0000000000000000RG02';
const CLIENT = '01JMED0000000000000000RG03';

function person(id: string, orgPath: string[], changes: Partial<DirectoryUser> = {}): DirectoryUser {
  return {
    id,
    orgId: orgPath[orgPath.length - 1] ?? COMPANY,
    orgPath,
    displayName: id,
    status: 'active',
    external: false,
    seat: 'full',
    roleAssignments: [],
    version: 1,
    ...changes,
  };
}

const manager: Principal = {
  userId: '01JMED000000000000000USR01',
  orgId: BRANCH,
  orgPath: [COMPANY, BRANCH],
  roles: ['manager'],
  grants: [{ orgId: BRANCH, permissions: [...MEMBER_PERMISSIONS, Permission.TaskManage].sort() }],
  seat: 'full',
  external: false,
};

/**
 * Setting a task, as a use case against the real FerretDB and NATS: who may be given work is
 * decided on tasks' own copy of identity's people (one look-up by id), which is fetched from
 * identity the first time and never again for that person.
 */
describe('TasksService.create (medium)', () => {
  let medium: MediumTest;
  let tasks: TasksService;
  let identity: Subscription;
  let db: mongoose.Connection;
  const people = new Map<string, DirectoryUser>();
  let asked: string[] = [];

  beforeAll(async () => {
    medium = await MediumTest.start({
      service: 'tasks',
      configShape: tasksConfigShape,
      module: (config) => AppModule.register(config),
    });
    tasks = medium.get(TasksService);
    db = await mongoose
      .createConnection(sharedInfra().endpoints.mongoUrl, { dbName: medium.database })
      .asPromise();
    // identity, as far as tasks asks it anything: its directory of people.
    identity = medium.nats.subscribe(IdentityRequests.directoryUsers.subject, {
      callback: (_err, msg) => {
        const { data } = codec.decode(msg.data) as { data: { ids: string[] } };
        asked.push(...data.ids);
        const users = data.ids.flatMap((id) => (people.has(id) ? [people.get(id)!] : []));
        msg.respond(codec.encode({ response: { users }, isDisposed: true }));
      },
    });
    await medium.nats.flush();
  });

  afterAll(async () => {
    identity.unsubscribe();
    await db.close();
    await medium.stop();
  });

  beforeEach(() => {
    asked = [];
  });

  it('sets a task for someone of the unit, asking identity about them once only', async () => {
    const dina = person('01JMED000000000000000USR02', [COMPANY, BRANCH]);
    people.set(dina.id, dina);
    const first = await tasks.create(manager, { title: 'Check the route', assigneeId: dina.id });
    const second = await tasks.create(manager, { title: 'And the next one', assigneeId: dina.id });
    expect([first.assigneeId, second.assigneeId]).toEqual([dina.id, dina.id]);
    expect(asked).toEqual([dina.id]);
    expect(await db.collection('directory_users').findOne({ _id: dina.id as never })).toMatchObject({
      orgPath: dina.orgPath,
      version: 1,
    });
    // Stored with its event, and the event published (and the outbox cleared) by the relay.
    await eventually(async () => {
      const stored = await db.collection('tasks').findOne({ _id: first.id as never });
      expect(stored).toMatchObject({ title: 'Check the route', status: 'open' });
      expect(stored).not.toHaveProperty('outbox');
      expect(stored).not.toHaveProperty('outboxAt');
    });
    const events = await streamEvents(medium.nats, [TasksEvents.taskCreated]);
    expect(events.map((e) => e.subject.id)).toEqual(expect.arrayContaining([first.id, second.id]));
    expect(events[0]?.type).toBe(TasksEvents.taskCreated.type);
  });

  it('costs the relay one write per task and no read: it publishes what the write just added', async () => {
    const before = medium.queriesFrom('OutboxRelay.publishPending').length;
    const dina = people.get('01JMED000000000000000USR02')!;
    const created = await Promise.all(
      [1, 2, 3].map((n) => tasks.create(manager, { title: `Counted ${n}`, assigneeId: dina.id })),
    );
    await eventually(async () => {
      for (const task of created) {
        expect(await db.collection('tasks').findOne({ _id: task.id as never })).not.toHaveProperty('outbox');
      }
    });
    const relayQueries = medium.queriesFrom('OutboxRelay.publishPending').slice(before);
    expect(relayQueries.map((q) => q.method)).toEqual(['updateOne', 'updateOne', 'updateOne']);
  });

  it('lets the sweep publish what a crash left, reading only pending documents, oldest first', async () => {
    const left = {
      _id: '01JMEDLEFT0000000000000001',
      orgId: BRANCH,
      orgPath: [COMPANY, BRANCH],
      title: 'Left by a crash',
      description: null,
      status: 'open',
      assigneeId: '01JMED000000000000000USR02',
      createdBy: manager.userId,
      participants: [manager.userId],
      dueAt: null,
      createdAt: new Date(),
      updatedAt: new Date(),
      outbox: [
        JSON.stringify({
          id: '01JMEDLEFTEVT0000000000001',
          type: TasksEvents.taskCreated.type,
          version: 1,
          occurredAt: new Date(Date.now() - 60_000).toISOString(),
          correlationId: 'c',
          causationId: null,
          actor: null,
          orgId: BRANCH,
          subject: { type: 'task', id: '01JMEDLEFT0000000000000001' },
          data: {
            taskId: '01JMEDLEFT0000000000000001',
            title: 'Left by a crash',
            assigneeId: '01JMED000000000000000USR02',
            createdBy: manager.userId,
            dueAt: null,
          },
        }),
      ],
      outboxAt: new Date(Date.now() - 60_000),
    };
    await db.collection('tasks').insertOne(left as never);
    await eventually(async () => {
      expect(await db.collection('tasks').findOne({ _id: left._id as never })).not.toHaveProperty('outboxAt');
    });
    const events = await streamEvents(medium.nats, [TasksEvents.taskCreated]);
    expect(events.map((e) => e.id)).toContain('01JMEDLEFTEVT0000000000001');
    const sweeps = medium.queriesFrom('OutboxRelay.sweep').filter((q) => q.method === 'find');
    expect(sweeps.length).toBeGreaterThan(0);
    for (const sweep of sweeps) {
      expect(sweep.filter.fields).toEqual([{ path: 'outboxAt', kind: 'range' }]);
      expect(sweep.sort).toEqual(['outboxAt']);
    }
  });

  it('answers NOT_FOUND for someone the manager may not see, and for no one at all', async () => {
    const stranger = person('01JMED000000000000000USR03', [COMPANY, CLIENT], {
      external: true,
      seat: 'portal',
    });
    people.set(stranger.id, stranger);
    await expect(tasks.create(manager, { title: 'x', assigneeId: stranger.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      tasks.create(manager, { title: 'x', assigneeId: '01JMED000000000000000USR99' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses someone no longer active, once identity says so (a newer copy wins)', async () => {
    const leaver = person('01JMED000000000000000USR04', [COMPANY, BRANCH]);
    people.set(leaver.id, leaver);
    await tasks.create(manager, { title: 'While still here', assigneeId: leaver.id });
    people.set(leaver.id, { ...leaver, status: 'deactivated', version: 2 });
    // identity's event about the deactivation makes tasks fetch the person again.
    await medium.nats.jetstream().publish(
      'events.identity.user.deactivated',
      JSON.stringify({
        id: '01JMEDEVT00000000000000001',
        type: 'identity.user.deactivated',
        version: 1,
        occurredAt: new Date().toISOString(),
        correlationId: 'c',
        causationId: null,
        actor: null,
        orgId: BRANCH,
        subject: { type: 'user', id: leaver.id },
        data: { userId: leaver.id, orgId: BRANCH, seat: 'full', deactivatedAt: new Date().toISOString() },
      }),
      { msgID: '01JMEDEVT00000000000000001' },
    );
    await eventually(async () => {
      await expect(
        tasks.create(manager, { title: 'After leaving', assigneeId: leaver.id }),
      ).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    });
  });

  it('refuses a principal without task.manage (a portal user)', async () => {
    const olga: Principal = {
      ...manager,
      userId: '01JMED000000000000000USR05',
      orgId: CLIENT,
      orgPath: [COMPANY, CLIENT],
      grants: [{ orgId: CLIENT, permissions: [...MEMBER_PERMISSIONS] }],
      seat: 'portal',
      external: true,
    };
    await expect(
      tasks.create(olga, { title: 'x', assigneeId: '01JMED000000000000000USR02' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
