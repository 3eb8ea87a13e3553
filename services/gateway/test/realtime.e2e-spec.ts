import type { FeedEntryView, InstanceView, NotificationView, TaskView } from '@orbita/contracts';
import { DEMO_PASSWORD, demoUser } from '@orbita/demo';
import { ApiClient, SseStream, TestSystem, eventually, login } from '@orbita/testing';

const SITE = 'https://site.example';

async function openConnections(system: TestSystem): Promise<number> {
  const text = await (await fetch(`${system.gatewayUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('gateway_live_connections '));
  return Number(line?.split(' ')[1] ?? NaN);
}

/** Issue 12 item 3: notifications pushed to the browser as Server-Sent Events (ADR 018). */
describe('live notifications over Server-Sent Events', () => {
  let system: TestSystem;
  let ivan: ApiClient;
  let dinaToken: string;
  const streams: SseStream[] = [];

  async function open(token: string | null, headers: Record<string, string> = {}): Promise<SseStream> {
    const stream = await SseStream.open(system.gatewayUrl, token, headers);
    streams.push(stream);
    return stream;
  }

  async function assignToDina(title: string): Promise<TaskView> {
    const created = await ivan.post<TaskView>('/api/tasks', { title, assigneeId: demoUser.dina.id });
    expect(created.status).toBe(201);
    return created.body;
  }

  beforeAll(async () => {
    system = await TestSystem.start({
      seedDemo: true,
      env: {
        gateway: {
          REALTIME_HEARTBEAT_SECONDS: '1',
          REALTIME_MAX_CONNECTIONS_PER_USER: '3',
          CORS_ORIGINS: SITE,
        },
      },
    });
    ivan = new ApiClient(system.gatewayUrl).as(
      await login(system.gatewayUrl, demoUser.ivan.email, DEMO_PASSWORD),
    );
    dinaToken = await login(system.gatewayUrl, demoUser.dina.email, DEMO_PASSWORD);
  });

  afterEach(() => {
    streams.splice(0).forEach((stream) => {
      stream.close();
    });
  });

  it('pushes a notification to the open stream as soon as it is stored, with heartbeats between', async () => {
    const dina = await open(dinaToken);
    expect(dina.response.status).toBe(200);
    expect(dina.response.headers.get('content-type')).toContain('text/event-stream');
    expect(dina.response.headers.get('x-accel-buffering')).toBe('no');
    await eventually(() => {
      expect(dina.events.map((e) => e.event)).toContain('ready');
    });

    const task = await assignToDina('SSE: the urgent order');
    const live = await eventually(() => {
      const found = dina.notifications().find((n) => n.notification.subject.id === task.id);
      expect(found).toBeDefined();
      return found;
    });
    expect(live).toMatchObject({ notification: { title: 'SSE: the urgent order', kind: 'task.assigned' } });
    expect(live?.id).toBe(live?.notification.id);
    expect(live?.unreadCount).toBeGreaterThanOrEqual(1);
    await eventually(() => {
      expect(dina.comments).toContain('heartbeat');
    });
  });

  it('replays exactly what was missed after Last-Event-ID, then goes on live', async () => {
    const first = await open(dinaToken);
    const seen = await assignToDina('SSE: seen');
    const lastSeen = await eventually(() => {
      const found = first.notifications().find((n) => n.notification.subject.id === seen.id);
      expect(found).toBeDefined();
      return found?.id ?? '';
    });
    first.close();

    await assignToDina('SSE: missed 1');
    await assignToDina('SSE: missed 2');
    // Both stored before the reconnect (the inbox shows them), so they can only come by replay.
    const dinaApi = new ApiClient(system.gatewayUrl).as(dinaToken);
    await eventually(async () => {
      const page = await dinaApi.get<{ items: NotificationView[] }>('/api/notifications?limit=5');
      expect(page.body.items.map((n) => n.title)).toContain('SSE: missed 2');
    });

    const again = await open(dinaToken, { 'last-event-id': lastSeen });
    await eventually(() => {
      expect(again.events.map((e) => e.event)).toContain('ready');
    });
    expect(again.notifications().map((n) => n.notification.title)).toEqual([
      'SSE: missed 1',
      'SSE: missed 2',
    ]);

    await assignToDina('SSE: after the replay');
    await eventually(() => {
      expect(again.notifications().map((n) => n.notification.title)).toEqual([
        'SSE: missed 1',
        'SSE: missed 2',
        'SSE: after the replay',
      ]);
    });
  });

  it("never sends one user another user's notifications", async () => {
    const ivanToken = await login(system.gatewayUrl, demoUser.ivan.email, DEMO_PASSWORD);
    const ivans = await open(ivanToken);
    const dinas = await open(dinaToken);
    await assignToDina('SSE: for Dina only');
    await eventually(() => {
      expect(dinas.notifications().map((n) => n.notification.title)).toContain('SSE: for Dina only');
    });
    expect(ivans.notifications().map((n) => n.notification.title)).not.toContain('SSE: for Dina only');
  });

  it('hints the people of a request that it changed (its id only), the company alone of internal notes', async () => {
    const olgaToken = await login(system.gatewayUrl, demoUser.olga.email, DEMO_PASSWORD);
    const petrToken = await login(system.gatewayUrl, demoUser.petr.email, DEMO_PASSWORD);
    const olga = new ApiClient(system.gatewayUrl).as(olgaToken);
    const ivanToken = await login(system.gatewayUrl, demoUser.ivan.email, DEMO_PASSWORD);
    const [olgas, ivans, petrs] = await Promise.all([open(olgaToken), open(ivanToken), open(petrToken)]);
    const hintsOf = (stream: SseStream, id: string) =>
      stream.events.filter((e) => e.event === 'change' && e.data.includes(id));
    const started = await olga.post<InstanceView>('/api/requests', {
      templateKey: 'complaint',
      form: { subject: 'Живые подсказки', description: 'Проверка подсказок об изменениях' },
    });
    expect(started.status).toBe(201);
    const id = started.body.id;
    // Ivan, the personal manager, gets the resolve step: a hint with nothing but the request's id.
    // Two hints each: the request started, and its first step (after its work item was set).
    await eventually(() => {
      expect(hintsOf(ivans, id).length).toBeGreaterThanOrEqual(2);
      expect(hintsOf(olgas, id).length).toBeGreaterThanOrEqual(2);
    });
    expect(JSON.parse(hintsOf(ivans, id)[0]?.data ?? '{}')).toEqual({
      subject: { type: 'process-instance', id },
    });
    // An internal note is hinted to the company's people only.
    const olgaBefore = hintsOf(olgas, id).length;
    const ivanBefore = hintsOf(ivans, id).length;
    const note = await ivan.post<FeedEntryView>(`/api/requests/${id}/comments`, {
      text: 'Внутренняя заметка',
      visibility: 'internal',
    });
    expect(note.status).toBe(201);
    await eventually(() => {
      expect(hintsOf(ivans, id).length).toBeGreaterThan(ivanBefore);
    });
    // A shared reply reaches Olga too; by then the note's hint would have come before it.
    await ivan.post(`/api/requests/${id}/comments`, { text: 'Разбираемся', visibility: 'shared' });
    await eventually(() => {
      expect(hintsOf(olgas, id).length).toBe(olgaBefore + 1);
    });
    // Petr, of another client, hears nothing of it.
    expect(hintsOf(petrs, id)).toEqual([]);
  });

  it('closes the stream when its session ends (logout)', async () => {
    const token = await login(system.gatewayUrl, demoUser.dina.email, DEMO_PASSWORD);
    const stream = await open(token);
    await eventually(() => {
      expect(stream.events.map((e) => e.event)).toContain('ready');
    });
    const out = await new ApiClient(system.gatewayUrl).as(token).post('/api/auth/logout', {});
    expect(out.status).toBe(200);
    await eventually(() => {
      expect(stream.events.find((e) => e.event === 'closed')?.data).toBe('{"reason":"revoked"}');
      expect(stream.ended).toBe(true);
    });
    const refused = await open(token);
    expect(refused.response.status).toBe(401);
  });

  it('refuses a missing or bad token and a bad Last-Event-ID with a clear message', async () => {
    const none = await open(null);
    expect(none.response.status).toBe(401);
    expect(await none.response.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    const bad = await open('not-a-token');
    expect(bad.response.status).toBe(401);
    const badId = await open(dinaToken, { 'last-event-id': '../../etc' });
    expect(badId.response.status).toBe(400);
    expect(await badId.response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('caps the streams one user may open, and counts none once they are closed', async () => {
    const open3 = [await open(dinaToken), await open(dinaToken), await open(dinaToken)];
    expect(open3.map((s) => s.response.status)).toEqual([200, 200, 200]);
    const fourth = await open(dinaToken);
    expect(fourth.response.status).toBe(429);
    expect(await fourth.response.json()).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    expect(await openConnections(system)).toBe(3);
    open3.forEach((stream) => {
      stream.close();
    });
    await eventually(async () => {
      expect(await openConnections(system)).toBe(0);
    });
  });

  it('answers the embedding site by its CORS settings, and no other origin', async () => {
    const allowed = await open(dinaToken, { origin: SITE });
    expect(allowed.response.status).toBe(200);
    expect(allowed.response.headers.get('access-control-allow-origin')).toBe(SITE);
    const other = await open(dinaToken, { origin: 'https://evil.example' });
    expect(other.response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
