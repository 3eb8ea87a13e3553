import type { NatsConnection } from 'nats';
import type {
  DocumentView,
  InstanceView,
  MarkReadResult,
  NotificationPage,
  NotificationView,
  Page,
  WorkItemView,
} from '@orbita/contracts';
import { EVENTS_STREAM, ProcessEvents } from '@orbita/contracts';
import { DEMO_PASSWORD, DEMO_RADUGA_ID, demoUser } from '@orbita/demo';
import { ApiClient, SseStream, TestSystem, eventually, login, streamEvents } from '@orbita/testing';

const pickup = { address: 'ул. Ленина, 1, Москва', volume: 6 };

/**
 * Issue 12 items 1 and 2: the engine's events turned into notifications for the people they
 * concern (never the actor), with deep links, read and unread, through the gateway.
 */
describe('recipient rules: who hears of what a request does', () => {
  let system: TestSystem;
  let nats: NatsConnection;
  let olga: ApiClient;
  let dina: ApiClient;
  let ivan: ApiClient;
  let dinaToken: string;
  let instance: InstanceView;
  const streams: SseStream[] = [];

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true });
    nats = await system.connectNats();
    const as = async (email: string): Promise<[ApiClient, string]> => {
      const token = await login(system.gatewayUrl, email, DEMO_PASSWORD);
      return [new ApiClient(system.gatewayUrl).as(token), token];
    };
    [olga] = await as(demoUser.olga.email);
    [dina, dinaToken] = await as(demoUser.dina.email);
    [ivan] = await as(demoUser.ivan.email);
  });

  afterAll(async () => {
    for (const stream of streams) {
      stream.close();
    }
    await nats.close();
  });

  async function notificationsOf(client: ApiClient, subjectId: string): Promise<NotificationView[]> {
    const page = await client.get<NotificationPage>('/api/notifications?limit=100');
    expect(page.status).toBe(200);
    return page.body.items.filter((n) => n.subject.id === subjectId);
  }

  async function workItem(client: ApiClient, instanceId: string): Promise<WorkItemView> {
    return eventually(async () => {
      const inbox = await client.get<Page<WorkItemView>>('/api/inbox?limit=100');
      const found = inbox.body.items.find((i) => i.instanceId === instanceId && i.status === 'open');
      expect(found).toBeDefined();
      return found as WorkItemView;
    });
  }

  it('tells Dina of Olga’s urgent order live, within a second, linked to the request', async () => {
    const stream = await SseStream.open(system.gatewayUrl, dinaToken);
    streams.push(stream);
    await eventually(() => {
      expect(stream.events.some((e) => e.event === 'ready')).toBe(true);
    });

    const started = await olga.post<InstanceView>('/api/requests', {
      templateKey: 'urgent-pickup',
      form: pickup,
    });
    expect(started.status).toBe(201);
    const sentAt = Date.now();
    instance = started.body;

    const live = await eventually(
      () => {
        const found = stream.notifications().find((n) => n.notification.subject.id === instance.id);
        expect(found).toBeDefined();
        return found as NonNullable<typeof found>;
      },
      { timeoutMs: 5_000, intervalMs: 10 },
    );
    expect(Date.now() - sentAt).toBeLessThan(1_000);
    expect(live.notification).toMatchObject({
      kind: 'step.claimable',
      subject: { type: 'process-instance', id: instance.id },
      link: `/requests/${instance.id}`,
      title: `${instance.number} ${instance.title}`,
      read: false,
    });
    expect(live.unreadCount).toBeGreaterThan(0);
  });

  it('never tells Olga of the start she made herself', async () => {
    // Dina's notification proves the start was handled; Olga, its actor, has none of it.
    await eventually(async () => {
      expect(await notificationsOf(dina, instance.id)).toHaveLength(1);
    });
    expect(await notificationsOf(olga, instance.id)).toEqual([]);
  });

  it('keeps internal comments among the company’s people and shares the others with the client', async () => {
    const internal = await dina.post(`/api/requests/${instance.id}/comments`, {
      text: 'Машина будет через час',
      visibility: 'internal',
      mentions: [demoUser.ivan.id],
    });
    expect(internal.status).toBe(201);
    const ivanHeard = await eventually(async () => {
      const found = await notificationsOf(ivan, instance.id);
      expect(found.map((n) => n.kind)).toContain('comment.mention');
      return found;
    });
    expect(ivanHeard.find((n) => n.kind === 'comment.mention')?.actorId).toBe(demoUser.dina.id);

    const shared = await dina.post(`/api/requests/${instance.id}/comments`, {
      text: 'Вывезем сегодня до 18:00',
      visibility: 'shared',
    });
    expect(shared.status).toBe(201);
    await eventually(async () => {
      const kinds = (await notificationsOf(olga, instance.id)).map((n) => n.kind);
      // Only the shared one: the internal note never reached the client's contact.
      expect(kinds).toEqual(['comment.added']);
    });
  });

  it('tells the requester her request moved on and ended, and not Dina, who did it', async () => {
    const item = await workItem(dina, instance.id);
    expect((await dina.post(`/api/work-items/${item.id}/claim`)).status).toBe(200);
    const done = await dina.post(`/api/work-items/${item.id}/complete`, { outcome: 'done', data: {} });
    expect(done.status).toBe(200);

    const olgaHeard = await eventually(async () => {
      const found = await notificationsOf(olga, instance.id);
      expect(found.map((n) => n.kind)).toEqual(
        expect.arrayContaining(['request.advanced', 'request.ended', 'comment.added']),
      );
      return found;
    });
    expect(olgaHeard.find((n) => n.kind === 'request.ended')?.message).toEqual({
      ru: 'Заявка выполнена',
      en: 'The request was completed',
    });
    expect((await notificationsOf(dina, instance.id)).map((n) => n.kind)).toEqual(['step.claimable']);
  });

  it('changes nothing when an event is delivered again', async () => {
    const before = await notificationsOf(dina, instance.id);
    const [started] = (await streamEvents(nats, [ProcessEvents.stepStarted])).filter(
      (e) => (e.data as { instanceId: string }).instanceId === instance.id,
    );
    expect(started).toBeDefined();
    // Published again under another message id: the stream takes it, the service must not double.
    const ack = await nats
      .jetstream()
      .publish(ProcessEvents.stepStarted.subject, JSON.stringify(started), { msgID: `again-${started?.id}` });
    const jsm = await nats.jetstreamManager();
    await eventually(async () => {
      const consumer = await jsm.consumers.info(EVENTS_STREAM, 'notifications');
      // Handled and acknowledged: nothing of the stream up to the copy is left to do.
      expect(consumer.ack_floor.stream_seq).toBeGreaterThanOrEqual(ack.seq);
    });
    expect(await notificationsOf(dina, instance.id)).toEqual(before);
  });

  it('marks one read, ignores others’ ids, and marks all read', async () => {
    const mine = await eventually(async () => {
      const found = await notificationsOf(olga, instance.id);
      expect(found.filter((n) => !n.read).length).toBeGreaterThanOrEqual(3);
      return found;
    });
    const [first] = mine;
    const dinaOwn = (await notificationsOf(dina, instance.id))[0];
    const marked = await olga.post<MarkReadResult>('/api/notifications/read', {
      ids: [first?.id, dinaOwn?.id],
    });
    expect(marked.status).toBe(200);
    // Dina's notification is not Olga's to mark: only her own changed.
    expect(marked.body.marked).toBe(1);
    expect((await notificationsOf(dina, instance.id))[0]?.read).toBe(false);

    const again = await olga.post<MarkReadResult>('/api/notifications/read', { ids: [first?.id] });
    expect(again.body.marked).toBe(0);

    const all = await olga.post<MarkReadResult>('/api/notifications/read-all');
    expect(all.status).toBe(200);
    expect(all.body.unreadCount).toBe(0);
    expect(all.body.marked).toBeGreaterThanOrEqual(mine.length - 1);
    const unread = await olga.get<NotificationPage>('/api/notifications?unreadOnly=true');
    expect(unread.body).toMatchObject({ items: [], unreadCount: 0 });
  });

  it('tells the people of the org a document was published to, and not its publisher', async () => {
    const anna = new ApiClient(system.gatewayUrl).as(
      await login(system.gatewayUrl, demoUser.anna.email, DEMO_PASSWORD),
    );
    const created = await anna.post<DocumentView>('/api/documents', {
      title: 'Акт сверки за ноябрь',
      type: 'contract',
      counterpartyOrgId: DEMO_RADUGA_ID,
    });
    expect(created.status).toBe(201);
    const document = created.body;
    const version = await anna.send(
      'POST',
      `/api/documents/${document.id}/versions?name=${encodeURIComponent('акт.pdf')}`,
      new TextEncoder().encode('%PDF-1.4\n% Акт сверки\n%%EOF\n'),
      { 'content-type': 'application/octet-stream' },
    );
    expect(version.status).toBe(201);
    // A draft is nobody's news yet.
    expect(await notificationsOf(olga, document.id)).toEqual([]);

    expect((await anna.post(`/api/documents/${document.id}/publish`, { version: 1 })).status).toBe(200);
    const heard = await eventually(async () => {
      const found = await notificationsOf(olga, document.id);
      expect(found).toHaveLength(1);
      return found[0] as NotificationView;
    });
    expect(heard).toMatchObject({
      kind: 'document.published',
      title: document.number ? `${document.number} ${document.title}` : document.title,
      link: `/documents/${document.id}`,
      actorId: demoUser.anna.id,
    });
    expect(await notificationsOf(anna, document.id)).toEqual([]);
  });

  it('refuses a malformed mark-read with a clear error and changes nothing', async () => {
    const bad = await olga.post<{ code: string; message: string }>('/api/notifications/read', { ids: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });
});
