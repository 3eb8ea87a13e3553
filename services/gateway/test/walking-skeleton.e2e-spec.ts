import { createHash, randomBytes } from 'node:crypto';
import type { FileView, NotificationPage, TaskView, TokenPair } from '@orbita/contracts';
import { DEMO_PASSWORD, demoUser } from '@orbita/demo';
import { ApiClient, TestSystem, eventually, login } from '@orbita/testing';

describe('walking skeleton through every service (HTTP via the gateway)', () => {
  let system: TestSystem;
  let api: ApiClient;
  let ivan: ApiClient;
  let dina: ApiClient;

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true });
    api = new ApiClient(system.gatewayUrl);
    ivan = api.as(await login(system.gatewayUrl, demoUser.ivan.email, DEMO_PASSWORD));
    dina = api.as(await login(system.gatewayUrl, demoUser.dina.email, DEMO_PASSWORD));
  });

  it('logs a demo user in with an ES256 token that carries the user, org and seat', async () => {
    const response = await api.post<TokenPair>('/api/auth/login', {
      email: demoUser.olga.email,
      password: DEMO_PASSWORD,
    });
    expect(response.status).toBe(200);
    expect(response.body.tokenType).toBe('Bearer');
    const [header = {}, payload = {}] = response.body.accessToken
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>);
    expect(header).toMatchObject({ alg: 'ES256', kid: expect.any(String) });
    expect(payload).toMatchObject({
      sub: demoUser.olga.id,
      org: demoUser.olga.orgId,
      seat: 'portal',
      ext: true,
      iss: 'orbita-identity',
      aud: 'orbita',
    });
    expect(Number(payload['exp']) - Number(payload['iat'])).toBeLessThanOrEqual(900);
  });

  it('answers a wrong password and an unknown e-mail the same way', async () => {
    const wrong = await api.post('/api/auth/login', {
      email: demoUser.ivan.email,
      password: 'not-the-password',
    });
    const unknown = await api.post('/api/auth/login', {
      email: 'nobody@ecotrans.example',
      password: 'not-the-password',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body).toEqual({ code: 'INVALID_CREDENTIALS', message: 'Wrong e-mail or password' });
  });

  it('creates a task, publishes its event, and the assignee finds the notification in the inbox', async () => {
    const created = await ivan.post<TaskView>('/api/tasks', {
      title: 'Check the route for the new pick-up point',
      assigneeId: demoUser.dina.id,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      title: 'Check the route for the new pick-up point',
      assigneeId: demoUser.dina.id,
      createdBy: demoUser.ivan.id,
      status: 'open',
    });

    const inbox = await eventually(async () => {
      const page = await dina.get<NotificationPage>('/api/notifications');
      expect(page.status).toBe(200);
      expect(page.body.items.map((n) => n.subject.id)).toContain(created.body.id);
      return page.body;
    });
    expect(inbox.items.find((n) => n.subject.id === created.body.id)).toMatchObject({
      kind: 'task.assigned',
      title: created.body.title,
      read: false,
    });
    expect(inbox.unreadCount).toBeGreaterThanOrEqual(1);

    const assigned = await dina.get<{ items: TaskView[] }>('/api/tasks?scope=assigned');
    expect(assigned.body.items.map((t) => t.id)).toContain(created.body.id);
    // The creator is not the assignee: nothing lands in Ivan's inbox for it.
    const ivanInbox = await ivan.get<NotificationPage>('/api/notifications');
    expect(ivanInbox.body.items.map((n) => n.subject.id)).not.toContain(created.body.id);
  });

  it('streams a file into object storage and back byte for byte, with the same SHA-256', async () => {
    // A JPEG by its first bytes: unrecognised binaries are not accepted.
    const content = Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
      randomBytes(5 * 1024 * 1024 + 119),
    ]);
    const sha256 = createHash('sha256').update(content).digest('hex');
    const uploaded = await ivan.send<FileView>('POST', '/api/files?name=site-photo.jpg', content, {
      'content-type': 'application/octet-stream',
    });
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({
      name: 'site-photo.jpg',
      size: content.length,
      sha256,
      uploadedBy: demoUser.ivan.id,
    });

    const download = await fetch(`${system.gatewayUrl}/api/files/${uploaded.body.id}/content`, {
      headers: {
        authorization: `Bearer ${await login(system.gatewayUrl, demoUser.ivan.email, DEMO_PASSWORD)}`,
      },
    });
    expect(download.status).toBe(200);
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.length).toBe(content.length);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha256);
    expect(download.headers.get('x-content-sha256')).toBe(sha256);

    const metadata = await ivan.get<FileView>(`/api/files/${uploaded.body.id}`);
    expect(metadata.body).toEqual(uploaded.body);
  });

  it('takes a multipart upload and detects the type from the content, not the name', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2048)]);
    const form = new FormData();
    form.append('file', new Blob([pdf]), 'act.txt');
    const token = await login(system.gatewayUrl, demoUser.ivan.email, DEMO_PASSWORD);
    const response = await fetch(`${system.gatewayUrl}/api/files`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({
      name: 'act.txt',
      mimeType: 'application/pdf',
      size: pdf.length,
    });
  });

  it('refuses a program whatever it is called, and stores nothing for it', async () => {
    // A Windows program: "MZ", and at the offset stored at 0x3C the "PE\0\0" header.
    const exe = randomBytes(4096);
    exe.write('MZ', 0, 'latin1');
    exe.writeUInt32LE(0x80, 0x3c);
    exe.writeUInt32BE(0x50450000, 0x80);
    const response = await ivan.send<{ code: string }>('POST', '/api/files?name=invoice.pdf', exe, {
      'content-type': 'application/octet-stream',
    });
    expect(response.status).toBe(415);
    expect(response.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('does not show a file to a client of another org: 404, not 403', async () => {
    const uploaded = await ivan.send<FileView>(
      'POST',
      '/api/files?name=internal.txt',
      Buffer.from('internal note'),
      { 'content-type': 'application/octet-stream' },
    );
    const petr = api.as(await login(system.gatewayUrl, demoUser.petr.email, DEMO_PASSWORD));
    const metadata = await petr.get<{ code: string }>(`/api/files/${uploaded.body.id}`);
    const content = await petr.get<{ code: string }>(`/api/files/${uploaded.body.id}/content`);
    expect([metadata.status, content.status]).toEqual([404, 404]);
    expect(metadata.body.code).toBe('NOT_FOUND');
  });

  it('carries the correlation id from the HTTP request through NATS into every service log', async () => {
    const correlationId = `it-${randomBytes(6).toString('hex')}`;
    const created = await ivan
      .withHeaders({ 'x-correlation-id': correlationId })
      .post<TaskView>('/api/tasks', { title: 'Correlated', assigneeId: demoUser.dina.id });
    expect(created.status).toBe(201);
    expect(created.headers.get('x-correlation-id')).toBe(correlationId);
    // Setting a task asks identity nothing (tasks keeps a copy of its people); a look at oneself does.
    expect((await ivan.withHeaders({ 'x-correlation-id': correlationId }).get('/api/me')).status).toBe(200);
    await eventually(() => {
      for (const service of ['gateway', 'identity', 'tasks', 'notifications'] as const) {
        const lines = system
          .log(service)
          .split('\n')
          .filter((line) => line.includes(correlationId));
        expect({ service, logged: lines.length > 0 }).toEqual({ service, logged: true });
        for (const line of lines) {
          expect(JSON.parse(line)).toMatchObject({ correlationId, service });
        }
      }
    });
  });

  it("answers errors as {code, message} in the caller's language, without stack traces", async () => {
    const noToken = await api.get('/api/tasks');
    expect(noToken).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    const invalid = await ivan
      .withHeaders({ 'accept-language': 'ru-RU,ru;q=0.9' })
      .post<{ code: string; message: string }>('/api/tasks', { title: '' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('VALIDATION_FAILED');
    expect(invalid.body.message).toMatch(/^Некорректный запрос/);
    const missing = await ivan.get('/api/tasks/01ZZZZZZZZZZZZZZZZZZZZZZZZ');
    expect(missing).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND', message: 'The task was not found' },
    });
    const badJson = await ivan.send('POST', '/api/tasks', new TextEncoder().encode('{oops'), {
      'content-type': 'application/json',
    });
    expect(badJson).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    for (const response of [noToken, invalid, missing, badJson]) {
      expect(JSON.stringify(response.body)).not.toMatch(/\bat .+\.(js|ts):\d+/);
    }
  });

  it('serves the OpenAPI document and health endpoints', async () => {
    type Operation = { requestBody?: { content: Record<string, { examples?: unknown; example?: unknown }> } };
    const openapi = await api.get<{ paths: Record<string, Record<string, Operation>> }>(
      '/api/docs/openapi.json',
    );
    expect(openapi.status).toBe(200);
    // Every JSON body a client sends is documented with an example.
    const bodies = Object.entries(openapi.body.paths).flatMap(([path, operations]) =>
      Object.entries(operations).flatMap(([method, op]) => {
        const json = op.requestBody?.content['application/json'];
        return json ? [{ operation: `${method.toUpperCase()} ${path}`, json }] : [];
      }),
    );
    expect(bodies.map((b) => b.operation)).toEqual(
      expect.arrayContaining(['POST /api/auth/login', 'POST /api/invitations', 'PUT /api/admin/licence']),
    );
    expect(bodies.filter((b) => b.json.examples === undefined && b.json.example === undefined)).toEqual([]);
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/login',
        '/api/tasks',
        '/api/tasks/{taskId}',
        '/api/notifications',
        '/api/files',
      ]),
    );
    const page = await api.get<string>('/api/docs');
    expect(page.status).toBe(200);
    const asyncapi = await api.get<{
      asyncapi: string;
      channels: Record<string, { subscribe: { message: { payload: unknown } } }>;
    }>('/api/docs/asyncapi.json');
    expect(asyncapi.status).toBe(200);
    expect(asyncapi.body.asyncapi).toBe('2.6.0');
    expect(Object.keys(asyncapi.body.channels)).toEqual(
      expect.arrayContaining(['events.tasks.task.created', 'events.identity.user.deactivated']),
    );
    // Messages with secrets (invitation and reset links) are not for outside subscribers.
    expect(Object.keys(asyncapi.body.channels).filter((channel) => channel.startsWith('mail.'))).toEqual([]);
    expect(
      JSON.stringify(asyncapi.body.channels['events.tasks.task.created']?.subscribe.message.payload),
    ).toContain('assigneeId');
    for (const service of ['identity', 'tasks', 'documents', 'notifications', 'gateway'] as const) {
      const live = await fetch(`${system.serviceUrl(service)}/health/live`);
      const ready = await fetch(`${system.serviceUrl(service)}/health/ready`);
      expect([service, live.status, ready.status]).toEqual([service, 200, 200]);
    }
    const documentsReady = (await (await fetch(`${system.serviceUrl('documents')}/health/ready`)).json()) as {
      checks: Record<string, string>;
    };
    expect(documentsReady.checks).toEqual({ nats: 'ok', mongo: 'ok', minio: 'ok' });
  });
});
