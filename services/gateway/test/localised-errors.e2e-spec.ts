import { randomBytes } from 'node:crypto';
import { latinProseIn } from '@orbita/contracts';
import { DEMO_COMPANY_ID, DEMO_OPERATIONS_ID, DEMO_PASSWORD, demoUser } from '@orbita/demo';
import type { ApiResponse } from '@orbita/testing';
import { ApiClient, TestSystem, invitedUser, login } from '@orbita/testing';

interface ErrorAnswer {
  code: string;
  message: string;
  details?: { path: string; message: string }[];
}

/** A Windows program: "MZ" and, at the offset stored at 0x3C, the "PE\0\0" header. */
function windowsProgram(): Uint8Array {
  const exe = randomBytes(2048);
  exe.write('MZ', 0, 'latin1');
  exe.writeUInt32LE(0x80, 0x3c);
  exe.writeUInt32BE(0x50450000, 0x80);
  return exe;
}

/**
 * A representative set of bad requests, one per kind of reason the system gives (schema issues of
 * each sort, use-case refusals of each service, framework errors), asked in Russian and in English.
 * A Russian answer must carry no English prose anywhere in it.
 */
describe("error reasons in the caller's language", () => {
  let system: TestSystem;
  let admin: ApiClient;
  let ivan: ApiClient;
  let anonymous: ApiClient;
  let deactivatedId: string;
  const ownRole = `auditor-${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true });
    anonymous = new ApiClient(system.gatewayUrl);
    admin = anonymous.as(await login(system.gatewayUrl, demoUser.admin.email, DEMO_PASSWORD));
    ivan = anonymous.as(await login(system.gatewayUrl, demoUser.ivan.email, DEMO_PASSWORD));
    const leaver = await invitedUser(admin, {
      orgId: DEMO_OPERATIONS_ID,
      email: `leaver-${randomBytes(4).toString('hex')}@ecotrans.example`,
    });
    deactivatedId = leaver.id;
    expect((await admin.post(`/api/users/${deactivatedId}/deactivate`)).status).toBe(200);
    const role = await admin.post('/api/roles', { name: ownRole, permissions: ['task.read'] });
    expect(role.status).toBe(201);
  });

  afterAll(async () => {
    await system.stop();
  });

  type Ask = (locale: 'ru' | 'en') => Promise<ApiResponse<ErrorAnswer>>;
  // Clients and bodies are read when a case runs: beforeAll makes them.
  const json = (client: () => ApiClient, method: string, path: string, body?: () => unknown): Ask => {
    return (locale) => client().withHeaders({ 'accept-language': locale }).send(method, path, body?.());
  };
  const raw = (client: () => ApiClient, path: string, body: Uint8Array, type: string): Ask => {
    return (locale) =>
      client().withHeaders({ 'accept-language': locale }).send('POST', path, body, { 'content-type': type });
  };

  const cases: [string, number, Ask][] = [
    [
      'a field of the wrong type',
      400,
      json(
        () => ivan,
        'POST',
        '/api/tasks',
        () => ({ title: 5 }),
      ),
    ],
    [
      'an empty title',
      400,
      json(
        () => ivan,
        'POST',
        '/api/tasks',
        () => ({ title: '   ', assigneeId: demoUser.dina.id }),
      ),
    ],
    [
      'control characters in free text',
      400,
      json(
        () => ivan,
        'POST',
        '/api/tasks',
        () => ({ title: 'a\u0007b', assigneeId: demoUser.dina.id }),
      ),
    ],
    [
      'a task for a deactivated user',
      400,
      json(
        () => ivan,
        'POST',
        '/api/tasks',
        () => ({ title: 'Check', assigneeId: deactivatedId }),
      ),
    ],
    ['a malformed id', 400, json(() => ivan, 'GET', '/api/tasks/not%20an%20id')],
    ['a cursor that is not one', 400, json(() => ivan, 'GET', '/api/tasks?cursor=zzzz')],
    [
      'a malformed e-mail at login',
      400,
      json(
        () => anonymous,
        'POST',
        '/api/auth/login',
        () => ({ email: 'nobody', password: 'x' }),
      ),
    ],
    [
      'a field that may not be changed',
      400,
      json(
        () => admin,
        'PATCH',
        `/api/users/${demoUser.dina.id}`,
        () => ({ displayName: 'Dina', seat: 'full' }),
      ),
    ],
    [
      'an invitation for an e-mail that has an account',
      409,
      json(
        () => admin,
        'POST',
        '/api/invitations',
        () => ({
          email: demoUser.ivan.email,
          displayName: 'Ivan',
          orgId: DEMO_OPERATIONS_ID,
        }),
      ),
    ],
    [
      'a role name that is taken',
      409,
      json(
        () => admin,
        'POST',
        '/api/roles',
        () => ({ name: ownRole, permissions: ['task.read'] }),
      ),
    ],
    [
      'a role name in capitals',
      400,
      json(
        () => admin,
        'POST',
        '/api/roles',
        () => ({ name: 'Auditors', permissions: ['task.read'] }),
      ),
    ],
    [
      'a change of a built-in role',
      409,
      json(
        () => admin,
        'PATCH',
        '/api/roles/manager',
        () => ({ description: 'changed' }),
      ),
    ],
    ['deactivating oneself', 409, json(() => admin, 'POST', `/api/users/${demoUser.admin.id}/deactivate`)],
    [
      'a personal manager for a department',
      400,
      json(
        () => admin,
        'POST',
        '/api/orgs',
        () => ({
          name: 'Audit',
          kind: 'department',
          parentId: DEMO_COMPANY_ID,
          managerId: demoUser.ivan.id,
        }),
      ),
    ],
    ['a route that does not exist', 404, json(() => ivan, 'GET', '/api/nothing-here')],
    ['a missing token', 401, json(() => anonymous, 'GET', '/api/tasks')],
    [
      'a body that is not JSON',
      400,
      raw(() => ivan, '/api/tasks', new TextEncoder().encode('{oops'), 'application/json'),
    ],
    [
      'a body of a type the route does not take',
      415,
      raw(() => ivan, '/api/tasks', new TextEncoder().encode('title=x'), 'text/plain'),
    ],
    [
      'a JSON body over the limit',
      413,
      raw(
        () => ivan,
        '/api/tasks',
        new TextEncoder().encode(' '.repeat(1024 * 1024 + 1)),
        'application/json',
      ),
    ],
    [
      'a program as an upload',
      415,
      raw(() => ivan, '/api/files?name=a.pdf', windowsProgram(), 'application/octet-stream'),
    ],
    [
      'an upload as JSON',
      415,
      raw(() => ivan, '/api/files?name=a.txt', new TextEncoder().encode('{}'), 'application/json'),
    ],
  ];

  it.each(cases)('answers %s in Russian without English prose', async (_label, status, ask) => {
    const response = await ask('ru');
    expect(response.status).toBe(status);
    const texts = [response.body.message, ...(response.body.details ?? []).map((d) => d.message)];
    for (const text of texts) {
      expect({ text, latin: latinProseIn(text) }).toEqual({ text, latin: [] });
      expect(text).toMatch(/[А-Яа-яЁё]/);
    }
  });

  it.each(cases)('answers %s in English as well', async (_label, status, ask) => {
    const response = await ask('en');
    expect(response.status).toBe(status);
    expect(response.body.message).not.toMatch(/[А-Яа-яЁё]/);
    for (const detail of response.body.details ?? []) {
      expect(detail.message).not.toMatch(/[А-Яа-яЁё]/);
    }
  });

  it('tells a Russian caller exactly what is wrong, not just that something is', async () => {
    const wrongType = await ivan
      .withHeaders({ 'accept-language': 'ru-RU,ru;q=0.9' })
      .post<ErrorAnswer>('/api/tasks', { title: 5 });
    expect(wrongType.body).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'Некорректный запрос: title: ожидается строка, получено: число; assigneeId: обязательное поле',
      details: [
        { path: 'title', message: 'ожидается строка, получено: число' },
        { path: 'assigneeId', message: 'обязательное поле' },
      ],
    });
    const taken = await admin.withHeaders({ 'accept-language': 'ru' }).post<ErrorAnswer>('/api/invitations', {
      email: demoUser.ivan.email,
      displayName: 'Ivan',
      orgId: DEMO_OPERATIONS_ID,
    });
    expect(taken.body).toEqual({
      code: 'CONFLICT',
      message: 'Конфликт: с этим e-mail уже есть учётная запись',
    });
  });
});
