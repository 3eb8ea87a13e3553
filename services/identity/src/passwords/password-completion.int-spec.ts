import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { EventEnvelope, Principal } from '@orbita/contracts';
import { ErrorCode, IdentityEvents } from '@orbita/contracts';
import type { Clock, OutboxRelay, PlatformOptions } from '@orbita/platform';
import { AppError, EventFactory, UlidGenerator, connectMongo } from '@orbita/platform';
import { sharedInfra } from '@orbita/testing';
import { LoginThrottleRepository } from '../auth/login-throttle.repository';
import { LoginThrottle } from '../auth/login-throttle.service';
import { Failpoints } from '@orbita/platform';
import type { IdentityConfig } from '../config';
import { SessionRepository } from '../sessions/session.repository';
import { SessionsService } from '../sessions/sessions.service';
import type { StartedSession } from '../sessions/sessions.service';
import { UserRepository } from '../users/user.repository';
import type { UserDocument } from '../users/user.schema';
import { hashLinkToken, newLinkToken } from './link-token.util';
import { PasswordCompletionHandler } from './password-completion.handler';
import { PasswordHasher } from './password-hasher';
import { PasswordPolicy } from './password-policy';
import { PasswordResetRepository } from './password-reset.repository';
import { PasswordsService } from './passwords.service';

/**
 * The ordering hazards of finishing password changes and resets from their events, against the
 * real repositories on the FerretDB of the test run with a clock the test moves: the finishing step
 * may run late (after a crash, or an event delivered again), and must then neither end a session
 * started with the new password nor undo a password set since. Only the outbox relay is a stand-in:
 * the events stay in the documents, where the test takes them from to deliver them by hand.
 */
class FakeClock implements Clock {
  constructor(private time: number) {}
  now(): Date {
    return new Date(this.time);
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

const COMPANY = '01JCOMPANY0000000000000001';
const ORG = '01JCLIENT00000000000000001';
let connection: Connection;
let clock: FakeClock;
let users: UserRepository;
let sessions: SessionsService;
let sessionStore: SessionRepository;
let resets: PasswordResetRepository;
let hasher: PasswordHasher;
let passwords: PasswordsService;
let handler: PasswordCompletionHandler;

beforeAll(async () => {
  connection = await connectMongo(
    sharedInfra().endpoints.mongoUrl,
    `passwords_${randomBytes(6).toString('hex')}`,
  );
  const relay = { register: () => undefined, dispatch: () => undefined } as unknown as OutboxRelay;
  users = new UserRepository(connection, relay);
  sessionStore = new SessionRepository(connection, relay);
  resets = new PasswordResetRepository(connection, relay);
  const counters = new LoginThrottleRepository(connection, relay);
  await Promise.all([users.ready(), sessionStore.ready(), resets.ready(), counters.ready()]);
  clock = new FakeClock(Date.parse('2026-06-01T09:00:00Z'));
  const ids = new UlidGenerator();
  const events = new EventFactory(clock, ids);
  const config = {
    KEY_ENCRYPTION_SECRET: 'orbita-local-development-only',
    REFRESH_TOKEN_TTL_DAYS: 30,
    PASSWORD_RESET_TTL_MINUTES: 60,
    PUBLIC_URL: 'http://127.0.0.1:13000',
  } as IdentityConfig;
  sessions = new SessionsService(sessionStore, events, config, clock, ids);
  hasher = new PasswordHasher();
  const policy = new PasswordPolicy();
  await policy.onModuleInit();
  passwords = new PasswordsService(
    users,
    resets,
    hasher,
    policy,
    sessions,
    new LoginThrottle(counters, events, config, clock),
    events,
    new Failpoints({ events: {} } as PlatformOptions),
    config,
    clock,
    ids,
  );
  handler = new PasswordCompletionHandler(passwords);
});

afterAll(async () => {
  await connection.dropDatabase().catch(() => undefined);
  await connection.close();
});

/** An active user with this password, set an hour ago. */
async function userWith(password: string): Promise<UserDocument> {
  const now = clock.now();
  const user: UserDocument = {
    _id: new UlidGenerator().newId(),
    orgId: ORG,
    orgPath: [COMPANY, ORG],
    email: `user-${randomBytes(4).toString('hex')}@example.com`,
    displayName: 'User',
    passwordHash: await hasher.hash(password),
    seat: 'portal',
    external: true,
    roleAssignments: [],
    status: 'active',
    invitationExpiresAt: null,
    passwordChangedAt: new Date(now.getTime() - 3_600_000),
    deactivatedAt: null,
    createdAt: now,
    updatedAt: now,
  };
  await users.add(user, []);
  return user;
}

/** A login: a session started with the user's password as it is stored now. */
async function logIn(userId: string): Promise<StartedSession> {
  const user = await users.findForInternalUse(userId);
  if (!user) {
    throw new Error('no such user');
  }
  return sessions.start(user, '198.51.100.1', () => []);
}

async function isLive(started: StartedSession): Promise<boolean> {
  return sessions.isLive(started.session._id);
}

/** The event of this kind a document recorded in its outbox (what the relay would publish). */
function recorded<T>(doc: { outbox?: unknown } | null, type: string): EventEnvelope<T> {
  const event = ((doc?.outbox ?? []) as string[])
    .map((raw) => JSON.parse(raw) as EventEnvelope<T>)
    .find((e) => e.type === type);
  if (!event) {
    throw new Error(`no ${type} event recorded`);
  }
  return event;
}

function principalOf(user: UserDocument, session: StartedSession): Principal {
  return {
    userId: user._id,
    orgId: user.orgId,
    orgPath: user.orgPath,
    roles: [],
    grants: [],
    seat: user.seat,
    external: user.external,
    sessionId: session.session._id,
  };
}

describe('finishing a password change late', () => {
  it('ends the sessions of the old password, keeps the one it was made in and never one of the new password', async () => {
    const user = await userWith('the old password 1');
    const [changing, other] = [await logIn(user._id), await logIn(user._id)];
    clock.advance(1_000);
    await passwords.change(principalOf(user, changing), {
      currentPassword: 'the old password 1',
      newPassword: 'the new password 1',
      clientIp: '198.51.100.1',
    });
    expect([await isLive(changing), await isLive(other)]).toEqual([true, false]);

    // A login with the new password, in the very millisecond of the change.
    const afterwards = await logIn(user._id);
    // The change's event delivered again (or for the first time, after a crash), later.
    const changed = recorded<{ userId: string }>(
      await connection.collection<{ _id: string; outbox?: string[] }>('users').findOne({ _id: user._id }),
      IdentityEvents.passwordChanged.type,
    );
    clock.advance(60_000);
    await handler.changed(changed);
    expect([await isLive(changing), await isLive(afterwards)]).toEqual([true, true]);
  });
});

describe('finishing a password reset late', () => {
  async function resetLink(userId: string): Promise<string> {
    const { token, hash } = newLinkToken();
    const now = clock.now();
    await resets.add(
      {
        _id: new UlidGenerator().newId(),
        tokenHash: hash,
        userId,
        orgId: ORG,
        expiresAt: new Date(now.getTime() + 3_600_000),
        usedAt: null,
        createdAt: now,
      },
      [],
    );
    return token;
  }

  it('sets the password recorded with the used link unless a newer one was set since, and ends only older sessions', async () => {
    const user = await userWith('the first password');
    const before = await logIn(user._id);
    const token = await resetLink(user._id);
    clock.advance(1_000);

    // The first write alone, as if the process died right after it: the link is used up together
    // with the chosen password's hash.
    const redeemed = await resets.redeem(
      hashLinkToken(token),
      clock.now(),
      await hasher.hash('chosen with the link'),
      [],
    );
    expect(redeemed).toMatchObject({
      usedAt: clock.now(),
      newPasswordHash: expect.stringMatching(/^\$argon2id\$/),
    });
    // The link cannot be used a second time, through the API or otherwise.
    await expect(passwords.reset({ token, newPassword: 'another password 123' })).rejects.toMatchObject({
      code: ErrorCode.LinkInvalid,
    });

    // Finished from the record: the password is set and the older session ends.
    await passwords.finishReset(redeemed!);
    expect(
      await hasher.verify((await users.findForInternalUse(user._id))!.passwordHash, 'chosen with the link'),
    ).toBe(true);
    expect(await isLive(before)).toBe(false);
    const withReset = await logIn(user._id);

    // The user then changes the password; the reset's finishing step comes round again late.
    clock.advance(60_000);
    await passwords.change(principalOf(user, withReset), {
      currentPassword: 'chosen with the link',
      newPassword: 'changed after the reset',
      clientIp: '198.51.100.1',
    });
    const withChange = await logIn(user._id);
    clock.advance(60_000);
    await passwords.finishReset(redeemed!);

    const stored = await users.findForInternalUse(user._id);
    expect(await hasher.verify(stored!.passwordHash, 'changed after the reset')).toBe(true);
    expect([await isLive(withReset), await isLive(withChange)]).toEqual([true, true]);
    // Once set, the chosen password's hash is not kept beside the account.
    expect((await resets.findUsed(redeemed!._id, user._id))?.newPasswordHash).toBeNull();
  });

  it('finishes from the event what the request did not: a login with the new password survives it', async () => {
    const user = await userWith('the first password');
    const before = await logIn(user._id);
    const token = await resetLink(user._id);
    clock.advance(1_000);
    await passwords.reset({ token, newPassword: 'chosen with the link' });
    const afterwards = await logIn(user._id);

    const doc = await connection
      .collection<{ _id: string; outbox?: string[] }>('password_resets')
      .findOne({ tokenHash: hashLinkToken(token) });
    const event = recorded<{ userId: string; resetId?: string }>(doc, IdentityEvents.passwordReset.type);
    expect(event.data.resetId).toBe(doc?._id);
    clock.advance(60_000);
    await handler.reset(event);
    expect([await isLive(before), await isLive(afterwards)]).toEqual([false, true]);
    const refused = await passwords
      .reset({ token, newPassword: 'third time lucky 1' })
      .catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(AppError);
  });
});
