import type { KeyObject } from 'node:crypto';
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import type { ConsumerConfig, NatsConnection } from 'nats';
import { AckPolicy, JSONCodec, connect, headers as natsHeaders } from 'nats';
import type { TaskView, UserView } from '@orbita/contracts';
import {
  ContextHeader,
  EVENTS_STREAM,
  INTEGRATIONS_CONSUMER,
  IdentityRequests,
  MAIL_STREAM,
  TasksEvents,
  TasksRequests,
  allRequests,
  inboxPrefixOf,
} from '@orbita/contracts';
import { DEMO_COMPANY_ID, DEMO_PASSWORD, DEMO_RADUGA_ID, demoUser } from '@orbita/demo';
import { ApiClient, TestSystem, decodeJwt, eventually, login } from '@orbita/testing';

const codec = JSONCodec();

interface Reply {
  response?: unknown;
  err?: { code?: string; message?: string };
}

/** A request as a caller on the bus sends it (Nest's wire format), with these headers. */
async function busRequest(
  nc: NatsConnection,
  subject: string,
  data: unknown,
  set: Record<string, string>,
): Promise<Reply> {
  const h = natsHeaders();
  h.set(ContextHeader.CorrelationId, randomUUID());
  for (const [name, value] of Object.entries(set)) {
    h.set(name, value);
  }
  const msg = await nc.request(subject, codec.encode({ pattern: subject, data, id: randomUUID() }), {
    headers: h,
    timeout: 5_000,
  });
  return codec.decode(msg.data) as Reply;
}

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

function es256Jws(header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}

/** The hand-written admin principal of the probe that found the bus open. */
const forgedAdmin = {
  userId: demoUser.admin.id,
  orgId: DEMO_COMPANY_ID,
  orgPath: [DEMO_COMPANY_ID],
  roles: ['admin'],
  grants: [{ orgId: DEMO_COMPANY_ID, permissions: ['user.read', 'user.manage', 'task.manage', 'file.read'] }],
  seat: 'full',
  external: false,
};

/**
 * The bus is a trust boundary (ARCHITECTURE §2, issue "security before the engine"): NATS wants
 * credentials, each user may do only what the contracts allow, and no service takes a principal
 * on the sender's word.
 */
describe('the bus as a trust boundary', () => {
  let system: TestSystem;
  let nats: NatsConnection;
  let olgaToken: string;
  let ivanToken: string;

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true });
    nats = await system.connectNats();
    olgaToken = await login(system.gatewayUrl, demoUser.olga.email, DEMO_PASSWORD);
    ivanToken = await login(system.gatewayUrl, demoUser.ivan.email, DEMO_PASSWORD);
  });

  afterAll(async () => {
    await nats.close();
  });

  describe('NATS authentication', () => {
    it.each([
      ['no credentials', {}],
      ['a wrong password', { user: 'tasks', pass: 'not-the-password' }],
      ['an unknown user', { user: 'mallory', pass: 'whatever-it-is' }],
    ])('refuses a client with %s', async (_label, credentials) => {
      await expect(
        connect({ servers: system.infra.natsUrl, timeout: 3_000, reconnect: false, ...credentials }),
      ).rejects.toMatchObject({ code: 'AUTHORIZATION_VIOLATION' });
    });
  });

  describe('service users', () => {
    it('may send only the requests their contracts name them as callers of', async () => {
      const tasks = await system.connectNats('tasks');
      try {
        await expect(
          busRequest(tasks, IdentityRequests.listUsers.subject, { limit: 2 }, {}),
        ).rejects.toMatchObject({ code: 'PERMISSIONS_VIOLATION' });
        // identity.directory.users names tasks as a caller and no one else: tasks gets the answer…
        const reply = await busRequest(
          tasks,
          IdentityRequests.directoryUsers.subject,
          { ids: [demoUser.olga.id] },
          {},
        );
        expect(reply.err).toBeUndefined();
        expect(reply.response).toMatchObject({
          users: [{ id: demoUser.olga.id, orgPath: expect.any(Array) }],
        });
        // …and the gateway, acting for users, cannot ask it at all.
        const gateway = await system.connectNats('gateway');
        await expect(
          busRequest(gateway, IdentityRequests.directoryUsers.subject, { ids: [demoUser.olga.id] }, {}),
        ).rejects.toMatchObject({ code: 'PERMISSIONS_VIOLATION' });
        await gateway.close();
      } finally {
        await tasks.close();
      }
    });

    it('lets only tasks and notifications ask who the people of an org are', async () => {
      const tasks = await system.connectNats('tasks');
      try {
        const reply = await busRequest(
          tasks,
          IdentityRequests.directoryMembers.subject,
          { orgId: DEMO_RADUGA_ID },
          {},
        );
        expect(reply.err).toBeUndefined();
        expect(reply.response).toEqual({ users: [expect.objectContaining({ id: demoUser.olga.id })] });
        // notifications asks too: the people of an org a document was published to.
        for (const service of ['documents', 'gateway']) {
          const other = await system.connectNats(service);
          try {
            await expect(
              busRequest(other, IdentityRequests.directoryMembers.subject, { orgId: DEMO_RADUGA_ID }, {}),
            ).rejects.toMatchObject({ code: 'PERMISSIONS_VIOLATION' });
          } finally {
            await other.close();
          }
        }
      } finally {
        await tasks.close();
      }
    });

    it('may publish only their own events', async () => {
      const documents = await system.connectNats('documents');
      try {
        const js = documents.jetstream();
        await expect(js.publish(TasksEvents.taskCreated.subject, '{}', { timeout: 2_000 })).rejects.toThrow(
          /Permissions Violation|timeout|TIMEOUT/i,
        );
      } finally {
        await documents.close();
      }
    });

    it('cannot read the answers meant for another user', async () => {
      const tasks = await system.connectNats('tasks');
      try {
        const sub = tasks.subscribe(`${inboxPrefixOf('gateway')}.>`);
        await expect(sub[Symbol.asyncIterator]().next()).rejects.toMatchObject({
          code: 'PERMISSIONS_VIOLATION',
        });
      } finally {
        await tasks.close();
      }
    });
  });

  describe('the integrations user', () => {
    let integrations: NatsConnection;

    beforeAll(async () => {
      integrations = await system.connectNats('integrations');
    });

    afterAll(async () => {
      await integrations.close();
    });

    it('cannot send a request', async () => {
      await expect(
        busRequest(
          integrations,
          IdentityRequests.listUsers.subject,
          { limit: 2 },
          { [ContextHeader.AccessToken]: ivanToken },
        ),
      ).rejects.toMatchObject({ code: 'PERMISSIONS_VIOLATION' });
    });

    it('cannot read MAIL, neither by subscribing nor through a consumer', async () => {
      const sub = integrations.subscribe('mail.>');
      await expect(sub[Symbol.asyncIterator]().next()).rejects.toMatchObject({
        code: 'PERMISSIONS_VIOLATION',
      });
      const jsm = await integrations.jetstreamManager({ checkAPI: false });
      await expect(jsm.consumers.info(MAIL_STREAM, 'notifications-mail')).rejects.toThrow();
      await expect(
        jsm.consumers.add(MAIL_STREAM, { durable_name: 'sneaky', ack_policy: AckPolicy.Explicit }),
      ).rejects.toThrow();
    });

    it('cannot make consumers of its own (one could deliver anywhere)', async () => {
      const jsm = await integrations.jetstreamManager({ checkAPI: false });
      await expect(
        // A push consumer delivering into a service's request subject.
        jsm.consumers.add(
          EVENTS_STREAM,
          Object.fromEntries([
            ['durable_name', 'push-anywhere'],
            ['ack_policy', AckPolicy.None],
            ['deliver_subject', TasksRequests.create.subject],
          ]) as Partial<ConsumerConfig>,
        ),
      ).rejects.toThrow();
    });

    it('receives the events through its own durable consumer', async () => {
      const ivan = new ApiClient(system.gatewayUrl).as(ivanToken);
      const created = await ivan.post<TaskView>('/api/tasks', {
        title: 'Seen by an outside system',
        assigneeId: demoUser.dina.id,
      });
      expect(created.status).toBe(201);
      const consumer = await integrations.jetstream().consumers.get(EVENTS_STREAM, INTEGRATIONS_CONSUMER);
      const seen: string[] = [];
      await eventually(async () => {
        const batch = await consumer.fetch({ max_messages: 100, expires: 1_000 });
        for await (const msg of batch) {
          const event = msg.json<{ type: string; subject: { id: string } }>();
          seen.push(`${event.type}:${event.subject.id}`);
          msg.ack();
        }
        expect(seen).toContain(`${TasksEvents.taskCreated.type}:${created.body.id}`);
      });
    });
  });

  describe('secrets in streams', () => {
    it('keeps invitation links sealed in the MAIL stream', async () => {
      const admin = new ApiClient(system.gatewayUrl).as(
        await login(system.gatewayUrl, demoUser.admin.email, DEMO_PASSWORD),
      );
      const email = `sealed-${system.id}@raduga.example`;
      const invited = await admin.post<{ link: string }>('/api/invitations', {
        email,
        displayName: 'Sealed Link',
        orgId: DEMO_RADUGA_ID,
        locale: 'en',
      });
      expect(invited.status).toBe(201);
      const token = new URL(invited.body.link).searchParams.get('token') ?? '';
      expect(token.length).toBeGreaterThan(20);
      const stored = await eventually(async () => {
        const messages = await rawStreamMessages(MAIL_STREAM);
        expect(messages.length).toBeGreaterThan(0);
        return messages;
      });
      for (const raw of stored) {
        expect(raw).not.toContain(token);
        expect(raw).not.toContain(email);
        expect(raw).toMatch(/"sealed":"v1\./);
      }
    });

    /** The stored messages of a stream as bytes, read the way anyone with stream access could. */
    async function rawStreamMessages(stream: string): Promise<string[]> {
      const jsm = await nats.jetstreamManager();
      const info = await jsm.streams.info(stream);
      const out: string[] = [];
      for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
        const msg = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
        if (msg) {
          out.push(new TextDecoder().decode(msg.data));
        }
      }
      return out;
    }
  });

  describe('permissions that were granted but never checked', () => {
    it('does not let a portal user create a task (task.manage)', async () => {
      const olga = new ApiClient(system.gatewayUrl).as(olgaToken);
      const refused = await olga.post<{ code: string }>('/api/tasks', {
        title: 'Olga sets work for HQ',
        assigneeId: demoUser.dina.id,
      });
      expect(refused).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
      const mine = await olga.get<{ items: TaskView[] }>('/api/tasks?scope=created');
      expect(mine.body.items.filter((task) => task.title === 'Olga sets work for HQ')).toEqual([]);
    });

    it('does not let a portal user file a file into the org (file.manage)', async () => {
      const olga = new ApiClient(system.gatewayUrl).as(olgaToken);
      const refused = await olga.send<{ code: string }>(
        'POST',
        '/api/files?name=note.txt',
        new TextEncoder().encode('filed without file.manage'),
        { 'content-type': 'application/octet-stream' },
      );
      expect(refused).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    });

    it('lets staff who hold them do both', async () => {
      const ivan = new ApiClient(system.gatewayUrl).as(ivanToken);
      expect((await ivan.post('/api/tasks', { title: 'Allowed', assigneeId: demoUser.dina.id })).status).toBe(
        201,
      );
      const filed = await ivan.send('POST', '/api/files?name=note.txt', new TextEncoder().encode('filed'), {
        'content-type': 'application/octet-stream',
      });
      expect(filed.status).toBe(201);
    });
  });

  describe('principals', () => {
    /** Every service that answers requests, with one of its subjects to send forged callers to. */
    const subjectsByService = new Map<string, string[]>();
    for (const contract of allRequests) {
      subjectsByService.set(contract.service, [
        ...(subjectsByService.get(contract.service) ?? []),
        contract.subject,
      ]);
    }

    it('answers a genuine token on the bus (the control for what follows)', async () => {
      const reply = await busRequest(
        nats,
        IdentityRequests.me.subject,
        {},
        { [ContextHeader.AccessToken]: olgaToken },
      );
      expect(reply.err).toBeUndefined();
      expect((reply.response as UserView).id).toBe(demoUser.olga.id);
    });

    it('refuses the hand-written admin principal that once listed the installation’s users', async () => {
      const reply = await busRequest(
        nats,
        IdentityRequests.listUsers.subject,
        { limit: 2 },
        { [ContextHeader.LegacyPrincipal]: b64(forgedAdmin) },
      );
      expect(reply.err?.code).toBe('UNAUTHENTICATED');
      expect(reply.response).toBeUndefined();
    });

    const forgeries: [string, () => Record<string, string>][] = [
      ['a principal header alone', () => ({ [ContextHeader.LegacyPrincipal]: b64(forgedAdmin) })],
      [
        'a principal header beside a genuine token',
        () => ({ [ContextHeader.LegacyPrincipal]: b64(forgedAdmin), [ContextHeader.AccessToken]: olgaToken }),
      ],
      [
        'a genuine token whose claims were altered (Olga made admin)',
        () => {
          const [header, , signature] = olgaToken.split('.');
          const claims = { ...decodeJwt(olgaToken).payload, grants: forgedAdmin.grants, roles: ['admin'] };
          return { [ContextHeader.AccessToken]: `${header}.${b64(claims)}.${signature}` };
        },
      ],
      [
        "a token signed by a stranger's key under identity's kid",
        () => {
          const { header, payload } = decodeJwt(olgaToken);
          const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
          return {
            [ContextHeader.AccessToken]: es256Jws(header, { ...payload, grants: forgedAdmin.grants }, key),
          };
        },
      ],
      [
        'an unsigned token (alg none)',
        () => {
          const { payload } = decodeJwt(olgaToken);
          return { [ContextHeader.AccessToken]: `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.` };
        },
      ],
      ['something that is not a token', () => ({ [ContextHeader.AccessToken]: 'not-a-token' })],
    ];

    it.each(forgeries)('every service refuses %s on every subject', async (_label, headersOf) => {
      const answers: string[] = [];
      for (const [service, subjects] of subjectsByService) {
        for (const subject of subjects) {
          const reply = await busRequest(nats, subject, {}, headersOf());
          answers.push(`${service} ${subject}: ${reply.err?.code ?? 'ANSWERED'}`);
        }
      }
      expect(answers.filter((answer) => !answer.endsWith('UNAUTHENTICATED'))).toEqual([]);
      expect(new Set(answers.map((answer) => answer.split(' ')[0]))).toEqual(
        new Set(['identity', 'tasks', 'documents', 'notifications']),
      );
    });
  });
});
