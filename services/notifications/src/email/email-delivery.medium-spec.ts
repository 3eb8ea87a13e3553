import type { Server, Socket } from 'node:net';
import { connect as connectTcp, createServer } from 'node:net';
import type { Subscription } from 'nats';
import { JSONCodec } from 'nats';
import mongoose from 'mongoose';
import type { DirectoryUser, EventEnvelope, Principal } from '@orbita/contracts';
import { IdentityRequests, NotificationKind, NotificationSubjectType, Permission } from '@orbita/contracts';
import { MailpitClient, MediumTest, eventually, freePort, sharedInfra } from '@orbita/testing';
import { AppModule } from '../app.module';
import { notificationsConfigShape } from '../config';
import type { Notice } from '../inbox/inbox.service';
import { InboxService } from '../inbox/inbox.service';
import { DigestWorker } from '../digest/digest.worker';
import { PreferencesService } from '../preferences/preferences.service';
import { EmailAdminService } from './email-admin.service';
import { EmailDeliveryWorker } from './email-delivery.worker';

const codec = JSONCodec();
const COMPANY = '01JEML0000000000000000RG01';
const run = Math.random().toString(36).slice(2, 8);

function person(id: string, locale: 'ru' | 'en', changes: Partial<DirectoryUser> = {}): DirectoryUser {
  return {
    id,
    orgId: COMPANY,
    orgPath: [COMPANY],
    displayName: locale === 'ru' ? 'Ольга' : 'Petr',
    status: 'active',
    external: false,
    seat: 'full',
    roleAssignments: [],
    // An address of this run's own: Mailpit is shared by every test file.
    email: `${id.slice(-5).toLowerCase()}-${run}@example.com`,
    locale,
    version: 1,
    ...changes,
  };
}

const olga = person('01JEML000000000000000USR01', 'ru');
const petr = person('01JEML000000000000000USR02', 'en');
const operator: Principal = {
  userId: '01JEML000000000000000ADM01',
  orgId: COMPANY,
  orgPath: [COMPANY],
  roles: ['admin'],
  grants: [{ orgId: COMPANY, permissions: [Permission.OpsManage] }],
  seat: 'full',
  external: false,
};
const roleAdmin: Principal = {
  ...operator,
  userId: '01JEML000000000000000ADM02',
  grants: [{ orgId: COMPANY, permissions: [Permission.RoleManage] }],
};
const member: Principal = { ...operator, userId: '01JEML000000000000000MEM01', roles: [], grants: [] };
const people = new Map([olga, petr].map((p) => [p.id, p]));

let eventSeq = 0;
function event(): EventEnvelope {
  eventSeq += 1;
  return {
    id: `01JEMLEVT${run.toUpperCase().padEnd(6, '0')}${String(eventSeq).padStart(11, '0')}`,
    type: 'process.step.assigned',
    version: 1,
    occurredAt: new Date().toISOString(),
    correlationId: 'c',
    causationId: null,
    actor: null,
    orgId: COMPANY,
    subject: { type: NotificationSubjectType.ProcessInstance, id: '01JEMLREQ00000000000000001' },
    data: {},
  };
}

function notice(recipientIds: string[], title: string): Notice {
  return {
    recipientIds,
    kind: NotificationKind.StepAssigned,
    title,
    subject: { type: NotificationSubjectType.ProcessInstance, id: '01JEMLREQ00000000000000001' },
  };
}

/** An SMTP path that can be cut: while down, every connection is dropped at once, and cutting it drops the open ones. */
class SmtpSwitch {
  private isUp = true;
  private server: Server | undefined;
  readonly sockets = new Set<Socket>();

  get up(): boolean {
    return this.isUp;
  }

  set up(up: boolean) {
    this.isUp = up;
    if (!up) {
      for (const socket of this.sockets) {
        socket.destroy();
      }
      this.sockets.clear();
    }
  }

  async start(port: number): Promise<void> {
    const target = sharedInfra().endpoints.smtp;
    this.server = createServer((client) => {
      if (!this.up) {
        client.destroy();
        return;
      }
      const upstream = connectTcp(target.port, target.host);
      this.sockets.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      const close = (): void => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) {
      socket.destroy();
    }
    await new Promise<void>((resolve) =>
      this.server?.close(() => {
        resolve();
      }),
    );
  }
}

function identityStandIn(medium: MediumTest): Subscription {
  return medium.nats.subscribe(IdentityRequests.directoryUsers.subject, {
    callback: (_err, msg) => {
      const { data } = codec.decode(msg.data) as { data: { ids: string[] } };
      const users = data.ids.flatMap((id) => (people.has(id) ? [people.get(id)!] : []));
      msg.respond(codec.encode({ response: { users }, isDisposed: true }));
    },
  });
}

async function startService(smtpPort: number, env: Record<string, string> = {}): Promise<MediumTest> {
  const medium = await MediumTest.start({
    service: 'notifications',
    configShape: notificationsConfigShape,
    module: (config) => AppModule.register(config),
    env: {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      PUBLIC_URL: 'https://orbita.example.com',
      EMAIL_RETRY_BASE_MS: '60000',
      EMAIL_MAX_ATTEMPTS: '3',
      ...env,
    },
  });
  identityStandIn(medium);
  await medium.nats.flush();
  return medium;
}

/**
 * The notifications' e-mail channel against the real FerretDB, NATS and SMTP sink (Mailpit): what
 * arrived is read from Mailpit. Time moves by the service's movable clock, never by sleeping.
 */
describe('notification e-mail (medium)', () => {
  const mailpit = new MailpitClient();
  const smtp = new SmtpSwitch();
  let smtpPort: number;
  let medium: MediumTest;
  let db: mongoose.Connection;

  beforeAll(async () => {
    smtpPort = await freePort();
    await smtp.start(smtpPort);
    medium = await startService(smtpPort, { EMAIL_SWEEP_MS: '100' });
    db = await mongoose
      .createConnection(sharedInfra().endpoints.mongoUrl, { dbName: medium.database })
      .asPromise();
  });

  afterAll(async () => {
    await db.close();
    await medium.stop();
    await smtp.stop();
  });

  async function emailOf(notificationFor: string, eventId: string): Promise<Record<string, unknown>> {
    const doc = await db.collection('notifications').findOne({ eventId, recipientId: notificationFor });
    return (doc?.['email'] ?? {}) as Record<string, unknown>;
  }

  it('mails each recipient once in their language, with a plain-text part and a link to the object', async () => {
    const inbox = medium.get(InboxService);
    const assigned = event();
    expect(await inbox.deliver(assigned, [notice([olga.id, petr.id], 'З-17 Поставка щебня')])).toBe(2);
    const [ru] = await eventually(async () => {
      const found = await mailpit.messagesTo(olga.email!);
      expect(found).toHaveLength(1);
      return found;
    });
    const [en] = await eventually(async () => {
      const found = await mailpit.messagesTo(petr.email!);
      expect(found).toHaveLength(1);
      return found;
    });
    const russian = await mailpit.message(ru!.ID);
    expect(russian.Subject).toBe('Шаг заявки ждёт вас: З-17 Поставка щебня');
    expect(russian.Text).toContain('Здравствуйте, Ольга!');
    expect(russian.Text).toContain('https://orbita.example.com/requests/01JEMLREQ00000000000000001');
    expect(russian.HTML).toContain('lang="ru"');
    const english = await mailpit.message(en!.ID);
    expect(english.Subject).toBe('A step of a request is yours: З-17 Поставка щебня');
    expect(english.Text).toContain('Hello Petr,');
    expect(english.HTML).toContain('href="https://orbita.example.com/requests/01JEMLREQ00000000000000001"');
    await eventually(async () => {
      expect(await emailOf(olga.id, assigned.id)).toMatchObject({ status: 'sent', attempts: 1 });
    });

    // The event again (JetStream redelivers): nothing stored, nothing mailed.
    expect(await inbox.deliver(assigned, [notice([olga.id, petr.id], 'З-17 Поставка щебня')])).toBe(0);
    await medium.get(EmailDeliveryWorker).sweep();
    expect(await mailpit.messagesTo(olga.email!)).toHaveLength(1);
    expect(await mailpit.messagesTo(petr.email!)).toHaveLength(1);
  });

  it('stores no e-mail to send for a person without an address', async () => {
    const nobody = person('01JEML000000000000000USR03', 'ru', { email: undefined });
    people.set(nobody.id, nobody);
    const assigned = event();
    await medium.get(InboxService).deliver(assigned, [notice([nobody.id], 'Без адреса')]);
    expect(await emailOf(nobody.id, assigned.id)).toMatchObject({ status: 'skipped', reason: 'no address' });
  });

  it('retries with backoff while SMTP is down, marks it failed after the last attempt, and sends on an admin retry', async () => {
    const worker = medium.get(EmailDeliveryWorker);
    const carol = person('01JEML000000000000000USR04', 'en');
    people.set(carol.id, carol);
    smtp.up = false;
    const assigned = event();
    await medium.get(InboxService).deliver(assigned, [notice([carol.id], 'Retry me')]);
    await eventually(async () => {
      expect(await emailOf(carol.id, assigned.id)).toMatchObject({ status: 'pending', attempts: 1 });
    });
    const first = await emailOf(carol.id, assigned.id);
    expect(first['lastError']).toEqual(expect.any(String));
    // Due a minute later (EMAIL_RETRY_BASE_MS), not before.
    const now = medium.clock.now().getTime();
    expect((first['notBefore'] as Date).getTime() - now).toBeGreaterThan(55_000);
    await worker.sweep();
    expect(await emailOf(carol.id, assigned.id)).toMatchObject({ attempts: 1 });
    medium.clock.advance(60_000);
    await eventually(async () => {
      expect(await emailOf(carol.id, assigned.id)).toMatchObject({ status: 'pending', attempts: 2 });
    });
    // Then twice as long.
    const second = await emailOf(carol.id, assigned.id);
    expect((second['notBefore'] as Date).getTime() - medium.clock.now().getTime()).toBeGreaterThan(115_000);
    medium.clock.advance(120_000);
    await eventually(async () => {
      expect(await emailOf(carol.id, assigned.id)).toMatchObject({ status: 'failed', attempts: 3 });
    });
    expect(await mailpit.messagesTo(carol.email!)).toHaveLength(0);

    // An admin sees it among the failed ones and retries it once SMTP is back: it goes out once.
    const admin = medium.get(EmailAdminService);
    const failed = await admin.listFailed(operator, { limit: 20 });
    expect(failed.items.map((item) => item.notificationId)).toContain(
      (await db.collection('notifications').findOne({ eventId: assigned.id }))?._id,
    );
    const item = failed.items.find((i) => i.title === 'Retry me')!;
    expect(item).toMatchObject({ status: 'failed', attempts: 3, lastError: expect.any(String) });
    await expect(admin.retry(member, { notificationId: item.notificationId })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    smtp.up = true;
    expect(await admin.retry(operator, { notificationId: item.notificationId })).toMatchObject({
      status: 'pending',
      attempts: 0,
    });
    await eventually(async () => {
      expect(await mailpit.messagesTo(carol.email!)).toHaveLength(1);
    });
    await eventually(async () => {
      expect(await emailOf(carol.id, assigned.id)).toMatchObject({ status: 'sent' });
    });
    // Not failed any more: a second retry is refused, and nothing more is sent.
    await expect(admin.retry(operator, { notificationId: item.notificationId })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await worker.sweep();
    expect(await mailpit.messagesTo(carol.email!)).toHaveLength(1);
  });

  it('sends a batch racing two workers on the same database exactly once to each recipient', async () => {
    // Two services on one database whose workers sweep only when told, at the same moment.
    const a = await startService(smtpPort, { EMAIL_SWEEP_MS: '3600000' });
    const b = await startService(smtpPort, { EMAIL_SWEEP_MS: '3600000', MONGO_DB: a.database });
    try {
      const crowd = Array.from({ length: 130 }, (_, n) =>
        person(
          `01JEMLCRWD${run.toUpperCase().padEnd(6, '0')}${String(n).padStart(10, '0')}`,
          n % 2 ? 'en' : 'ru',
        ),
      );
      for (const someone of crowd) {
        people.set(someone.id, someone);
      }
      const order = event();
      expect(
        await a.get(InboxService).deliver(order, [
          notice(
            crowd.map((p) => p.id),
            'Распоряжение о выкладке',
          ),
        ]),
      ).toBe(130);
      const [sentByA, sentByB] = await Promise.all([
        a.get(EmailDeliveryWorker).sweep(),
        b.get(EmailDeliveryWorker).sweep(),
      ]);
      expect(sentByA + sentByB).toBe(130);
      for (const someone of crowd) {
        expect(await mailpit.messagesTo(someone.email!)).toHaveLength(1);
      }
      const shared = await mongoose
        .createConnection(sharedInfra().endpoints.mongoUrl, { dbName: a.database })
        .asPromise();
      try {
        const states = await shared
          .collection('notifications')
          .find({ eventId: order.id })
          .project({ email: 1, emailStatus: 1, emailDueAt: 1 })
          .toArray();
        expect(states).toHaveLength(130);
        for (const state of states) {
          expect(state).toMatchObject({ emailStatus: 'sent', email: { status: 'sent', attempts: 1 } });
          expect(state['emailDueAt']).toBeUndefined();
        }
      } finally {
        await shared.close();
      }
    } finally {
      await b.stop();
      await a.stop();
    }
  });

  it('shows admins an e-mail a crash left sending once it is stuck, and sends it on their retry', async () => {
    const admin = medium.get(EmailAdminService);
    const lena = person('01JEML000000000000000USR09', 'ru', { displayName: 'Лена' });
    people.set(lena.id, lena);
    const assigned = event();
    const stuckId = `01JEMLSTK${run.toUpperCase().padEnd(6, '0')}00000000001`;
    const at = medium.clock.now();
    // What a worker that claimed it and died mid-send leaves behind (not due: nothing resends it).
    await db.collection('notifications').insertOne({
      _id: stuckId as never,
      recipientId: lena.id,
      orgId: COMPANY,
      kind: NotificationKind.StepAssigned,
      title: 'Зависшее письмо',
      message: null,
      subject: { type: NotificationSubjectType.ProcessInstance, id: '01JEMLREQ00000000000000001' },
      link: '/requests/01JEMLREQ00000000000000001',
      actorId: null,
      eventId: assigned.id,
      read: false,
      createdAt: at,
      email: { status: 'sending', notBefore: at, attempts: 1, lastError: null, sentAt: null, claim: 'dead' },
      emailStatus: 'sending',
    });
    const listed = async (): Promise<string[]> =>
      (await admin.listFailed(operator, { limit: 100 })).items
        .filter((item) => item.recipientId === lena.id)
        .map((item) => item.status);
    await medium.get(EmailDeliveryWorker).sweep();
    expect(await listed()).toEqual([]);
    await expect(admin.retry(operator, { notificationId: stuckId })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(await mailpit.messagesTo(lena.email!)).toHaveLength(0);

    // EMAIL_STUCK_MS (15 minutes by default) later it is shown as stuck; a retry sends it once.
    medium.clock.advance(16 * 60_000);
    expect(await listed()).toEqual(['stuck']);
    expect(await admin.retry(operator, { notificationId: stuckId })).toMatchObject({
      status: 'pending',
      attempts: 0,
    });
    await eventually(async () => {
      expect(await mailpit.messagesTo(lena.email!)).toHaveLength(1);
    });
    await eventually(async () => {
      expect(await emailOf(lena.id, assigned.id)).toMatchObject({ status: 'sent', attempts: 1 });
    });
    expect(await listed()).toEqual([]);
  });

  it('sends once what a service killed between storing and sending left, after it restarts', async () => {
    // A service that stores but is stopped before its worker's first sweep (it never sweeps by itself).
    const first = await startService(smtpPort, { EMAIL_SWEEP_MS: '3600000' });
    const dina = person('01JEML000000000000000USR05', 'ru');
    people.set(dina.id, dina);
    const assigned = event();
    try {
      expect(
        await first.get(InboxService).deliver(assigned, [notice([dina.id], 'Срочное распоряжение')]),
      ).toBe(1);
    } finally {
      await first.stop();
    }
    const stored = await mongoose
      .createConnection(sharedInfra().endpoints.mongoUrl, { dbName: first.database })
      .asPromise();
    try {
      expect(
        (await stored.collection('notifications').findOne({ eventId: assigned.id }))?.['email'],
      ).toMatchObject({
        status: 'pending',
      });
      expect(await mailpit.messagesTo(dina.email!)).toHaveLength(0);
      // The service again, on the same database: the event redelivered, the stored e-mail sent once.
      const again = await startService(smtpPort, { EMAIL_SWEEP_MS: '100', MONGO_DB: first.database });
      try {
        expect(
          await again.get(InboxService).deliver(assigned, [notice([dina.id], 'Срочное распоряжение')]),
        ).toBe(0);
        await eventually(async () => {
          expect(await mailpit.messagesTo(dina.email!)).toHaveLength(1);
        });
        await eventually(async () => {
          expect(
            (await stored.collection('notifications').findOne({ eventId: assigned.id }))?.['email'],
          ).toMatchObject({
            status: 'sent',
            attempts: 1,
          });
        });
        await again.get(EmailDeliveryWorker).sweep();
        expect(await mailpit.messagesTo(dina.email!)).toHaveLength(1);
      } finally {
        await again.stop();
      }
    } finally {
      await stored.close();
    }
  });
  it("honours preferences: a role's defaults, a person's own choice over them, in-app off storing nothing", async () => {
    const preferences = medium.get(PreferencesService);
    const inbox = medium.get(InboxService);
    const anna = person('01JEML000000000000000USR06', 'ru', {
      roleAssignments: [{ roleId: '01JEMLROLE0000000000000ACC', orgId: COMPANY }],
    });
    people.set(anna.id, anna);
    await expect(
      preferences.setRoleDefaults(member, {
        roleId: '01JEMLROLE0000000000000ACC',
        defaults: { kinds: { [NotificationKind.StepAssigned]: { email: false } } },
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await preferences.setRoleDefaults(roleAdmin, {
      roleId: '01JEMLROLE0000000000000ACC',
      defaults: { kinds: { [NotificationKind.StepAssigned]: { email: false } } },
    });
    const byDefault = event();
    await inbox.deliver(byDefault, [notice([anna.id], 'По умолчанию роли')]);
    expect(await emailOf(anna.id, byDefault.id)).toMatchObject({ status: 'skipped', reason: 'not wanted' });

    const annaPrincipal: Principal = { ...member, userId: anna.id };
    const mine = await preferences.setMine(annaPrincipal, {
      kinds: {
        [NotificationKind.StepAssigned]: { email: true },
        [NotificationKind.CommentAdded]: { inApp: false },
      },
    });
    expect(mine.kinds[NotificationKind.StepAssigned]).toEqual({ inApp: true, email: true });
    expect(mine.kinds[NotificationKind.CommentAdded]).toEqual({ inApp: false, email: true });
    const ownChoice = event();
    await inbox.deliver(ownChoice, [notice([anna.id], 'Своё решение')]);
    await eventually(async () => {
      expect(await mailpit.messagesTo(anna.email!)).toHaveLength(1);
    });
    const quiet = event();
    expect(
      await inbox.deliver(quiet, [
        { ...notice([anna.id], 'Комментарий'), kind: NotificationKind.CommentAdded },
      ]),
    ).toBe(0);
    expect(await db.collection('notifications').findOne({ eventId: quiet.id })).toBeNull();
  });

  it('holds e-mail through quiet hours in the person’s time zone and sends it when they end; in-app is stored at once', async () => {
    const preferences = medium.get(PreferencesService);
    const ivan = person('01JEML000000000000000USR07', 'en', { timeZone: 'Asia/Yekaterinburg' });
    people.set(ivan.id, ivan);
    await preferences.setMine(
      { ...member, userId: ivan.id },
      { kinds: {}, quietHours: { start: '22:00', end: '08:00' } },
    );
    // 23:30 in Yekaterinburg (UTC+5).
    medium.clock.set(new Date('2026-12-10T18:30:00Z'));
    const late = event();
    expect(await medium.get(InboxService).deliver(late, [notice([ivan.id], 'Late order')])).toBe(1);
    expect(await emailOf(ivan.id, late.id)).toMatchObject({
      status: 'held',
      notBefore: new Date('2026-12-11T03:00:00Z'),
    });
    await medium.get(EmailDeliveryWorker).sweep();
    expect(await mailpit.messagesTo(ivan.email!)).toHaveLength(0);
    // 08:00 there.
    medium.clock.set(new Date('2026-12-11T03:00:00Z'));
    await eventually(async () => {
      expect(await mailpit.messagesTo(ivan.email!)).toHaveLength(1);
    });
    await eventually(async () => {
      expect(await emailOf(ivan.id, late.id)).toMatchObject({ status: 'sent' });
    });
  });
  it('mails a daily digest of what is still unread once per day in the person’s time zone, to those who want it', async () => {
    const preferences = medium.get(PreferencesService);
    const digests = medium.get(DigestWorker);
    const vera = person('01JEML000000000000000USR08', 'ru', { displayName: 'Вера' });
    people.set(vera.id, vera);
    await preferences.setMine(
      { ...member, userId: vera.id },
      { kinds: { [NotificationKind.StepAssigned]: { email: false } }, digest: true },
    );
    const inbox = medium.get(InboxService);
    await inbox.deliver(event(), [notice([vera.id], 'Первая заявка')]);
    await inbox.deliver(event(), [notice([vera.id], 'Вторая заявка')]);
    // 08:30 in Moscow: not yet (DIGEST_HOUR is 9).
    medium.clock.set(new Date('2026-12-12T05:30:00Z'));
    await digests.sweep();
    expect(await mailpit.messagesTo(vera.email!)).toHaveLength(0);
    // 09:05 there: the digest, once however often the worker looks.
    medium.clock.set(new Date('2026-12-12T06:05:00Z'));
    await digests.sweep();
    await digests.sweep();
    const [digest] = await eventually(async () => {
      const found = await mailpit.messagesTo(vera.email!);
      expect(found).toHaveLength(1);
      return found;
    });
    const message = await mailpit.message(digest!.ID);
    expect(message.Subject).toBe('Непрочитанные уведомления в Orbita: 2');
    expect(message.Text).toContain('Вторая заявка');
    expect(message.Text).toContain('https://orbita.example.com/requests/01JEMLREQ00000000000000001');
    // The next day, what is still unread again.
    medium.clock.set(new Date('2026-12-13T06:05:00Z'));
    await digests.sweep();
    await eventually(async () => {
      expect(await mailpit.messagesTo(vera.email!)).toHaveLength(2);
    });
    // Those who did not ask for it get none.
    expect(await mailpit.messagesTo(olga.email!)).toHaveLength(1);
  });
});
