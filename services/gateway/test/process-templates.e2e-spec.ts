import { stringify } from 'yaml';
import type { ProcessDefinitionInput } from '@orbita/contracts';
import { DEMO_PASSWORD, demoUser } from '@orbita/demo';
import { ApiClient, TestSystem, login } from '@orbita/testing';

interface ErrorAnswer {
  code: string;
  message: string;
  details?: { path: string; message: string }[];
}

const name = (ru: string, en: string) => ({ ru, en });

/** A process of two steps: the requester describes, a manager of their unit approves. */
function vacation(changes: Partial<ProcessDefinitionInput> = {}): ProcessDefinitionInput {
  return {
    key: 'e2e-vacation',
    name: name('Отпуск', 'Vacation'),
    category: 'people',
    starters: { staff: true },
    startForm: {
      schema: {
        type: 'object',
        required: ['from'],
        properties: { from: { type: 'string', format: 'date' }, days: { type: 'integer', minimum: 1 } },
      },
    },
    steps: [
      {
        id: 'describe',
        type: 'userTask',
        name: name('Описать', 'Describe'),
        assignee: { rule: 'requester' },
        next: 'approve',
      },
      {
        id: 'approve',
        type: 'approval',
        name: name('Согласовать', 'Approve'),
        approvers: [{ rule: 'requesterSupervisor' }],
        returnTo: ['describe'],
        next: 'end',
      },
    ],
    ...changes,
  };
}

/**
 * Process templates through the gateway (ARCHITECTURE §6): an admin uploads, validates, publishes,
 * compares and retires versions; staff and portal users each see in the catalogue what the
 * templates' starters offer them; nobody else manages templates, and bad input stores nothing.
 */
describe('process templates', () => {
  let system: TestSystem;
  let api: ApiClient;
  let admin: ApiClient;
  let ivan: ApiClient;
  let olga: ApiClient;

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true });
    api = new ApiClient(system.gatewayUrl);
    admin = api.as(await login(system.gatewayUrl, demoUser.admin.email, DEMO_PASSWORD));
    ivan = api.as(await login(system.gatewayUrl, demoUser.ivan.email, DEMO_PASSWORD));
    olga = api.as(await login(system.gatewayUrl, demoUser.olga.email, DEMO_PASSWORD));
  });

  afterAll(async () => {
    await system.stop();
  });

  it('serves the published schema of a template to anyone', async () => {
    const schema = await api.get<{ properties: Record<string, unknown>; required: string[] }>(
      '/api/process-templates/schema',
    );
    expect(schema.status).toBe(200);
    expect(Object.keys(schema.body.properties)).toEqual(
      expect.arrayContaining(['key', 'steps', 'startForm']),
    );
    expect(schema.body.required).toEqual(expect.arrayContaining(['key', 'steps']));
  });

  it('has the shipped pack published at start', async () => {
    const list = await admin.get<{ items: { key: string; status: string; createdBy: string | null }[] }>(
      '/api/process-templates',
    );
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'example-simple', status: 'published', createdBy: null }),
      ]),
    );
  });

  it('validates without storing, uploads drafts, publishes, compares and retires versions', async () => {
    const broken = vacation({
      steps: [
        {
          id: 'describe',
          type: 'userTask',
          name: name('Описать', 'Describe'),
          assignee: { rule: 'boss' } as never,
          next: 'aprove',
        },
      ],
    });
    const checked = await admin.post<{
      valid: boolean;
      errors: { path: string; message: string; message_ru: string }[];
    }>('/api/process-templates/validate', { text: stringify(broken) });
    expect(checked.status).toBe(200);
    expect(checked.body).toEqual({
      valid: false,
      errors: [
        {
          path: 'steps[0].assignee.rule',
          message: expect.stringContaining('must be one of "user"'),
          message_ru: expect.stringContaining('должно быть одним из'),
        },
      ],
    });
    const refused = await admin
      .withHeaders({ 'accept-language': 'ru' })
      .post<ErrorAnswer>('/api/process-templates', {
        text: JSON.stringify(vacation({ steps: [{ ...vacation().steps[0]!, next: 'aprove' }] })),
      });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('steps[0].next'),
      details: [{ path: 'steps[0].next', message: expect.stringContaining('нет шага «aprove»') }],
    });
    expect((await admin.get('/api/process-templates/e2e-vacation/versions')).status).toBe(404);

    const first = await admin.post<{ version: number; status: string; source: string }>(
      '/api/process-templates',
      {
        text: stringify(vacation()),
        format: 'yaml',
      },
    );
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ version: 1, status: 'draft', format: 'yaml' });
    const valid = await admin.post('/api/process-templates/validate', { text: JSON.stringify(vacation()) });
    expect(valid.body).toMatchObject({ valid: true, errors: [], definition: { key: 'e2e-vacation' } });

    const published = await admin.post('/api/process-templates/e2e-vacation/versions/1/publish');
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ version: 1, status: 'published' });

    // The second version reorders nothing but adds a step before the approval and changes its quorum.
    const [describe, approve] = vacation().steps;
    const second = await admin.post('/api/process-templates', {
      text: JSON.stringify(
        vacation({
          steps: [
            { ...describe!, next: 'check' },
            {
              id: 'check',
              type: 'notify',
              name: name('Уведомить', 'Notify'),
              recipients: [{ rule: 'requester' }],
              message: name('Проверка', 'Check'),
              next: 'approve',
            },
            { ...approve!, mode: 'parallel', quorum: 'any' } as never,
          ],
        }),
      ),
    });
    expect(second.body).toMatchObject({ version: 2, status: 'draft', format: 'json' });
    const diff = await admin.get<{ changes: { path: string; kind: string }[] }>(
      '/api/process-templates/e2e-vacation/diff?from=1&to=2',
    );
    expect(diff.status).toBe(200);
    expect(diff.body.changes).toEqual([
      { path: 'steps[describe].next', kind: 'changed', before: 'approve', after: 'check' },
      { path: 'steps[approve].mode', kind: 'changed', before: 'sequential', after: 'parallel' },
      { path: 'steps[approve].quorum', kind: 'changed', before: 'all', after: 'any' },
      { path: 'steps[check]', kind: 'added', after: expect.objectContaining({ type: 'notify' }) },
    ]);

    // By default, the latest version against the one before.
    const latest = await admin.get<{ from: number; to: number; changes: unknown[] }>(
      '/api/process-templates/e2e-vacation/diff',
    );
    expect(latest.body).toEqual({ key: 'e2e-vacation', from: 1, to: 2, changes: diff.body.changes });

    await admin.post('/api/process-templates/e2e-vacation/versions/2/publish');
    const versions = await admin.get<{ items: { version: number; status: string }[] }>(
      '/api/process-templates/e2e-vacation/versions',
    );
    expect(versions.body.items.map((v) => [v.version, v.status])).toEqual([
      [2, 'published'],
      [1, 'retired'],
    ]);
    const one = await admin.get('/api/process-templates/e2e-vacation/versions/1');
    expect(one.body).toMatchObject({
      status: 'retired',
      source: stringify(vacation()),
      definition: { key: 'e2e-vacation' },
    });
    expect(
      (await ivan.get<{ items: { key: string; version: number }[] }>('/api/catalogue')).body.items,
    ).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'e2e-vacation', version: 2 })]));

    const retired = await admin.post('/api/process-templates/e2e-vacation/versions/2/retire');
    expect(retired.body).toMatchObject({ version: 2, status: 'retired', retiredAt: expect.any(String) });
    const list = await admin.get<{
      items: { key: string; version: number; status: string; publishedVersion: number | null }[];
    }>('/api/process-templates');
    expect(list.body.items.find((t) => t.key === 'e2e-vacation')).toMatchObject({
      version: 2,
      status: 'retired',
      publishedVersion: null,
    });
    expect(
      (await ivan.get<{ items: { key: string }[] }>('/api/catalogue')).body.items.map((t) => t.key),
    ).not.toContain('e2e-vacation');
  });

  it('offers staff and portal users each what the starters name for them', async () => {
    for (const [key, starters] of [
      ['e2e-staff', { staff: true }],
      ['e2e-portal', { staff: false, portal: true }],
      ['e2e-clients', { staff: false, portal: true, orgKinds: ['client'] }],
      ['e2e-branches', { staff: true, orgKinds: ['branch'] }],
    ] satisfies [string, ProcessDefinitionInput['starters']][]) {
      const uploaded = await admin.post<{ version: number }>('/api/process-templates', {
        text: JSON.stringify(
          vacation({
            key,
            starters,
            category: 'e2e-start',
            name: name(`Р ${key}`, `E ${key}`),
          }),
        ),
      });
      expect(uploaded.status).toBe(201);
      expect(
        (await admin.post(`/api/process-templates/${key}/versions/${uploaded.body.version}/publish`)).status,
      ).toBe(200);
    }
    type Catalogue = {
      items: { key: string; name: { ru: string; en: string }; startForm: { schema: unknown } }[];
    };
    const offered = async (client: ApiClient) =>
      (await client.get<Catalogue>('/api/catalogue')).body.items.filter(
        (t) => t.key.startsWith('e2e-') && t.key !== 'e2e-vacation',
      );
    const forIvan = await offered(ivan);
    expect(forIvan.map((t) => t.key)).toEqual(['e2e-staff']);
    expect(forIvan[0]).toMatchObject({
      name: { ru: 'Р e2e-staff', en: 'E e2e-staff' },
      startForm: { schema: { type: 'object' } },
    });
    expect((await offered(olga)).map((t) => t.key)).toEqual(['e2e-clients', 'e2e-portal']);
    expect((await api.get('/api/catalogue')).status).toBe(401);
  });

  it('lets nobody but template admins manage templates', async () => {
    const text = JSON.stringify(vacation({ key: 'e2e-forbidden' }));
    for (const client of [ivan, olga]) {
      const calls = [
        client.post<ErrorAnswer>('/api/process-templates', { text }),
        client.post<ErrorAnswer>('/api/process-templates/validate', { text }),
        client.get<ErrorAnswer>('/api/process-templates'),
        client.get<ErrorAnswer>('/api/process-templates/example-simple/versions'),
        client.get<ErrorAnswer>('/api/process-templates/example-simple/versions/1'),
        client.post<ErrorAnswer>('/api/process-templates/example-simple/versions/1/publish'),
        client.post<ErrorAnswer>('/api/process-templates/example-simple/versions/1/retire'),
        client.get<ErrorAnswer>('/api/process-templates/example-simple/diff?from=1&to=1'),
      ];
      for (const response of await Promise.all(calls)) {
        expect([response.status, response.body.code]).toEqual([403, 'FORBIDDEN']);
      }
    }
    expect((await admin.get('/api/process-templates/e2e-forbidden/versions')).status).toBe(404);
    const pack = await admin.get<{ items: { status: string }[] }>(
      '/api/process-templates/example-simple/versions',
    );
    expect(pack.body.items[0]?.status).toBe('published');
  });

  it('answers bad input on every endpoint with what is wrong, storing nothing', async () => {
    const cases: [string, Promise<{ status: number; body: ErrorAnswer }>, number, RegExp][] = [
      ['no text', admin.post('/api/process-templates', { format: 'yaml' }), 400, /text: is required/],
      [
        'an unknown format',
        admin.post('/api/process-templates', { text: 'a: 1', format: 'xml' }),
        400,
        /format: must be one of/,
      ],
      [
        'an unknown field',
        admin.post('/api/process-templates', { text: 'a: 1', name: 'x' }),
        400,
        /"name" is not allowed/,
      ],
      [
        'YAML that is broken',
        admin.post('/api/process-templates', { text: 'key: [e2e-bad' }),
        400,
        /not valid YAML: line 1, column/,
      ],
      [
        'JSON that is broken',
        admin.post('/api/process-templates', { text: '{"key": "e2e-bad",}' }),
        400,
        /not valid JSON: line 1, column 19/,
      ],
      [
        'a body that is no JSON',
        admin.send('POST', '/api/process-templates', new TextEncoder().encode('key: x'), {
          'content-type': 'application/json',
        }),
        400,
        /not valid JSON/,
      ],
      ['no text to validate', admin.post('/api/process-templates/validate', {}), 400, /text: is required/],
      ['a bad key', admin.get('/api/process-templates/Bad_Key/versions'), 400, /key: must be lower-case/],
      ['a bad version', admin.get('/api/process-templates/example-simple/versions/first'), 400, /version: /],
      [
        'a version of none',
        admin.get('/api/process-templates/example-simple/versions/0'),
        400,
        /version: must be greater than 0/,
      ],
      [
        'publishing no such version',
        admin.post('/api/process-templates/example-simple/versions/99/publish'),
        404,
        /not found/i,
      ],
      ['retiring a bad key', admin.post('/api/process-templates/-x/versions/1/retire'), 400, /key: /],
      [
        'a diff of versions that are not numbers',
        admin.get('/api/process-templates/example-simple/diff?from=one&to=two'),
        400,
        /from: .*to: /,
      ],
      [
        'a diff of no such version',
        admin.get('/api/process-templates/example-simple/diff?from=1&to=99'),
        404,
        /not found/i,
      ],
    ];
    for (const [label, answer, status, message] of cases) {
      const response = await answer;
      expect({ label, status: response.status, code: response.body.code }).toEqual({
        label,
        status,
        code: status === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED',
      });
      expect({ label, message: response.body.message }).toEqual({
        label,
        message: expect.stringMatching(message),
      });
    }
    const list = await admin.get<{ items: { key: string }[] }>('/api/process-templates');
    expect(list.body.items.map((t) => t.key)).not.toContain('e2e-bad');
  });
});
