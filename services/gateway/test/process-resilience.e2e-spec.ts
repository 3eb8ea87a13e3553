import type { NatsConnection } from 'nats';
import type {
  DocumentPage,
  EventEnvelope,
  FeedEntryView,
  InstanceView,
  Page,
  WorkItemView,
  ServiceName,
} from '@orbita/contracts';
import { EVENTS_STREAM, INTEGRATIONS_CONSUMER } from '@orbita/contracts';
import { DEMO_PASSWORD, DEMO_RADUGA_ID, demoUser } from '@orbita/demo';
import type { ApiClient } from '@orbita/testing';
import { ApiClient as Api, TestSystem, eventually, login } from '@orbita/testing';

const point = {
  address: 'г. Москва, пр-т Вернадского, д. 86, погрузочная зона',
  containerType: 'euro-1100',
  volume: 1.1,
  schedule: { days: ['tue'], time: '06:00' },
  startDate: '2027-02-01',
};

const terms = {
  contractNumber: '12/2026',
  contractDate: '2026-01-15',
  pricePerTrip: 2100,
  ownerRepresentedBy: 'генерального директора Соколова А. В.',
  counterpartyRepresentedBy: 'директора Смирновой О. Н.',
};

/** Long enough for a redelivery after a service came back (the consumer backs off 1, 2, 4… s). */
const PATIENT = { timeoutMs: 60_000, intervalMs: 200 };

interface Cast {
  olga: ApiClient;
  ivan: ApiClient;
  dina: ApiClient;
}

async function item(client: ApiClient, instanceId: string, stepId: string): Promise<WorkItemView> {
  return eventually(async () => {
    const inbox = await client.get<Page<WorkItemView>>('/api/inbox?limit=100');
    expect(inbox.status).toBe(200);
    const found = inbox.body.items.find((t) => t.instanceId === instanceId && t.stepId === stepId);
    expect(found).toBeDefined();
    return found!;
  }, PATIENT);
}

/** An action that must go through, retried while a service is coming back. */
async function ok(action: () => Promise<{ status: number }>): Promise<void> {
  await eventually(async () => {
    expect((await action()).status).toBe(200);
  }, PATIENT);
}

/**
 * S1.3 from start to end, with `between` run at each point where one actor has done their part and
 * the next has not started: where the resilience test kills and restarts a service.
 */
async function newServicePoint(cast: Cast, between: (stage: string) => Promise<void>): Promise<string> {
  const started = await cast.olga.post<InstanceView>('/api/requests', {
    templateKey: 'new-service-point',
    form: point,
  });
  expect(started.status).toBe(201);
  const id = started.body.id;
  await between('started');
  const route = await item(cast.dina, id, 'check-route');
  await ok(() => cast.dina.post(`/api/work-items/${route.id}/claim`));
  await between('claimed');
  await ok(() => cast.dina.post(`/api/work-items/${route.id}/complete`, { outcome: 'feasible' }));
  await between('route checked');
  const offer = await item(cast.ivan, id, 'approve-terms');
  await ok(() => cast.ivan.post(`/api/work-items/${offer.id}/complete`, { outcome: 'approve', data: terms }));
  await between('terms set');
  const approval = await item(cast.olga, id, 'client-approval');
  await ok(() => cast.olga.post(`/api/work-items/${approval.id}/complete`, { outcome: 'approve' }));
  await between('approved');
  await eventually(async () => {
    expect((await cast.olga.get<InstanceView>(`/api/requests/${id}`)).body.status).toBe('completed');
  }, PATIENT);
  return id;
}

async function castOf(system: TestSystem): Promise<Cast> {
  const api = new Api(system.gatewayUrl);
  const as = async (email: string) => api.as(await login(system.gatewayUrl, email, DEMO_PASSWORD));
  const [olga, ivan, dina] = await Promise.all([
    as(demoUser.olga.email),
    as(demoUser.ivan.email),
    as(demoUser.dina.email),
  ]);
  return { olga, ivan, dina };
}

const EXPECTED_HISTORY = [
  ['check-route', 'feasible'],
  ['approve-terms', 'approve'],
  ['supplement', 'issued'],
  ['client-approval', 'approve'],
  ['activate', 'written'],
  ['tell-client', 'sent'],
];

describe('S3.1: an outside subscriber rebuilds a request from events', () => {
  let system: TestSystem;
  let integrations: NatsConnection;

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true });
    integrations = await system.connectNats('integrations');
  });

  afterAll(async () => {
    await integrations.close();
    await system.stop();
  });

  it('gets every transition of S1.3, in order, with nothing missing', async () => {
    const id = await newServicePoint(await castOf(system), () => Promise.resolve());
    const instance = (await (await castOf(system)).ivan.get<InstanceView>(`/api/requests/${id}`)).body;

    const consumer = await integrations.jetstream().consumers.get(EVENTS_STREAM, INTEGRATIONS_CONSUMER);
    const events: EventEnvelope<Record<string, unknown>>[] = [];
    await eventually(async () => {
      const batch = await consumer.fetch({ max_messages: 500, expires: 1_000 });
      for await (const msg of batch) {
        events.push(msg.json());
        msg.ack();
      }
      const mine = events.filter((e) => e.data['instanceId'] === id);
      expect(mine.at(-1)?.type).toBe('tasks.instance.ended');
    }, PATIENT);

    const mine = events.filter((e) => e.data['instanceId'] === id);
    expect(new Set(mine.map((e) => e.id)).size).toBe(mine.length);
    expect(mine[0]?.type).toBe('tasks.instance.started');
    expect(mine.at(-1)?.data).toMatchObject({ status: 'completed' });
    // The instance's own events carry the revision they reach: in stream order, never going back
    // (a register record's event has a revision of its own record).
    const revisions = mine
      .filter((e) => e.subject.type === 'process-instance')
      .map((e) => e.data['revision'] as number);
    expect([...revisions].sort((a, b) => a - b)).toEqual(revisions);
    expect(revisions.at(-1)).toBe(instance.revision);
    // The history, rebuilt from the events alone, is the instance's.
    const finished = mine
      .filter((e) => e.type === 'tasks.step.finished')
      .map((e) => [e.data['stepId'], e.data['outcome']]);
    expect(finished).toEqual(EXPECTED_HISTORY);
    expect(finished).toEqual(instance.history.map((r) => [r.stepId, r.outcome]));
    const started = mine.filter((e) => e.type === 'tasks.step.started').map((e) => e.data['stepId']);
    expect(started).toEqual(['check-route', 'approve-terms', 'supplement', 'client-approval', 'activate']);
    expect(mine.map((e) => e.type)).toEqual(
      expect.arrayContaining(['tasks.task.claimed', 'tasks.task.completed', 'tasks.instance.notified']),
    );
    // Every decision names who made it.
    const completions = mine.filter((e) => e.type === 'tasks.task.completed').map((e) => e.data['userId']);
    expect(completions).toEqual([demoUser.dina.id, demoUser.ivan.id, demoUser.olga.id]);
  });
});

describe('S3.2: each service killed and restarted in the middle of S1.3', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true });
  });

  afterAll(async () => {
    await system.stop();
  });

  it('loses nothing, repeats nothing, and goes on where it stood', async () => {
    const cast = await castOf(system);
    const order: Record<string, ServiceName> = {
      started: 'tasks',
      claimed: 'identity',
      'route checked': 'notifications',
      approved: 'gateway',
    };
    const id = await newServicePoint(cast, async (stage) => {
      const service = order[stage];
      if (service) {
        await system.kill(service);
        await system.startService(service);
      }
      if (stage === 'route checked') {
        // documents is down when the supplement is to be generated: the step waits and retries.
        await system.kill('documents');
      }
      if (stage === 'terms set') {
        await system.startService('documents');
      }
    });

    const instance = (await cast.ivan.get<InstanceView>(`/api/requests/${id}`)).body;
    expect(instance.history.map((r) => [r.stepId, r.outcome])).toEqual(EXPECTED_HISTORY);
    expect(instance.current).toEqual([]);
    // One supplement, one service point: nothing made twice.
    const documents = await cast.ivan.get<DocumentPage>(`/api/documents?processInstanceId=${id}`);
    expect(documents.body.items).toHaveLength(1);
    expect(documents.body.items[0]?.id).toBe(instance.vars['supplementId']);
    const points = await cast.olga.get<Page<{ id: string; data: { address: string } }>>(
      `/api/registers/service-points/records?orgId=${DEMO_RADUGA_ID}&limit=100`,
    );
    expect(points.body.items.filter((p) => p.data.address === point.address)).toHaveLength(1);
    // One feed entry per event, one work item per step and person.
    const feed = await cast.ivan.get<Page<FeedEntryView>>(`/api/requests/${id}/feed?limit=100`);
    expect(new Set(feed.body.items.map((e) => e.id)).size).toBe(feed.body.items.length);
    const starts = feed.body.items
      .filter((e) => e.event?.type === 'tasks.step.started')
      .map((e) => e.event?.stepId);
    expect(starts).toEqual(['check-route', 'approve-terms', 'supplement', 'client-approval', 'activate']);
    const dinaDone = await cast.dina.get<Page<WorkItemView>>('/api/inbox?limit=100');
    expect(dinaDone.body.items.filter((t) => t.instanceId === id)).toEqual([]);
  }, 300_000);
});
