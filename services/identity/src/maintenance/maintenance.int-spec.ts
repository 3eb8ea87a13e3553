import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { Clock, OutboxRelay } from '@orbita/platform';
import { EventFactory, UlidGenerator, connectMongo } from '@orbita/platform';
import { sharedInfra } from '@orbita/testing';
import { LoginThrottleRepository } from '../auth/login-throttle.repository';
import { LoginThrottle } from '../auth/login-throttle.service';
import type { IdentityConfig } from '../config';
import { InvitationRepository } from '../invitations/invitation.repository';
import type { InvitationDocument } from '../invitations/invitation.schema';
import { LicenceRepository } from '../licences/licence.repository';
import { LicenceService, SEAT_RECONCILE_GRACE_MS } from '../licences/licence.service';
import { SessionRepository } from '../sessions/session.repository';
import { SessionsService } from '../sessions/sessions.service';
import type { Seats } from '../users/seats.port';
import { UserRepository } from '../users/user.repository';
import type { UserDocument } from '../users/user.schema';
import { MaintenanceService } from './maintenance.service';

/**
 * The seat reconciliation against the real licence, users and invitations on the FerretDB of the
 * test run, with a clock the test moves (invitations last a week). An invitation of an address
 * whose account the inviter may not see holds its seat itself, with no user behind it: its seat must
 * last exactly as long as a new address's, or a full pool would tell the two apart.
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
const CLIENT = '01JCLIENT00000000000000001';
const WEEK = 7 * 86_400_000;
let connection: Connection;
let clock: FakeClock;
let users: UserRepository;
let invitations: InvitationRepository;
let licences: LicenceService;
let maintenance: MaintenanceService;
const ids = new UlidGenerator();

beforeAll(async () => {
  connection = await connectMongo(
    sharedInfra().endpoints.mongoUrl,
    `upkeep_${randomBytes(6).toString('hex')}`,
  );
  const relay = { register: () => undefined, dispatch: () => undefined } as unknown as OutboxRelay;
  clock = new FakeClock(Date.parse('2026-06-01T09:00:00Z'));
  const events = new EventFactory(clock, ids);
  const config = {
    KEY_ENCRYPTION_SECRET: 'orbita-local-development-only',
    REFRESH_TOKEN_TTL_DAYS: 30,
    MAINTENANCE_INTERVAL_MS: 60_000,
  } as IdentityConfig;
  users = new UserRepository(connection, relay);
  invitations = new InvitationRepository(connection, relay);
  const sessionStore = new SessionRepository(connection, relay);
  const counters = new LoginThrottleRepository(connection, relay);
  const licenceStore = new LicenceRepository(connection, relay);
  await Promise.all([users.ready(), invitations.ready(), sessionStore.ready(), counters.ready()]);
  licences = new LicenceService(licenceStore, events, clock, ids, { publicKeyPem: null, licenceFile: null });
  await licences.onModuleInit();
  const seats: Seats = {
    take: async (seat, holderId) => {
      await licences.takeSeat(seat, holderId);
    },
    release: async (seat, holderId) => {
      await licences.releaseSeat(seat, holderId);
    },
    reconcile: async (isEntitled) => (await licences.reconcile(isEntitled)).length,
  };
  maintenance = new MaintenanceService(
    seats,
    users,
    invitations,
    new SessionsService(sessionStore, events, config, clock, ids),
    new LoginThrottle(counters, events, config, clock),
    licences,
    config,
    clock,
  );
});

afterAll(async () => {
  await connection.dropDatabase().catch(() => undefined);
  await connection.close();
});

async function portalSeats(): Promise<number> {
  return (await licences.usage()).pools.find((pool) => pool.type === 'portal')?.used ?? NaN;
}

function invitation(email: string, userId: string, existingAccountId: string | null): InvitationDocument {
  const now = clock.now();
  return {
    _id: ids.newId(),
    tokenHash: randomBytes(32).toString('base64url'),
    email,
    displayName: 'Invitee',
    orgId: CLIENT,
    orgPath: [COMPANY, CLIENT],
    seat: 'portal',
    roleIds: [],
    userId,
    existingAccountId,
    status: 'pending',
    invitedBy: 'someone',
    expiresAt: new Date(now.getTime() + WEEK),
    createdAt: now,
    closedAt: null,
  };
}

/** A new address invited the way InvitationsService does it: an invited user and its invitation. */
async function inviteNewAddress(): Promise<string> {
  const now = clock.now();
  const user: UserDocument = {
    _id: ids.newId(),
    orgId: CLIENT,
    orgPath: [COMPANY, CLIENT],
    email: `new-${randomBytes(4).toString('hex')}@example.com`,
    displayName: 'Invitee',
    passwordHash: null,
    seat: 'portal',
    external: true,
    roleAssignments: [],
    status: 'invited',
    invitationExpiresAt: new Date(now.getTime() + WEEK),
    passwordChangedAt: null,
    deactivatedAt: null,
    createdAt: now,
    updatedAt: now,
  };
  await licences.takeSeat('portal', user._id);
  await users.add(user, []);
  await invitations.add(invitation(user.email, user._id, null), []);
  return user._id;
}

/** An address with an account the inviter may not see: the invitation holds the seat itself. */
async function inviteHiddenAccount(): Promise<string> {
  const holderId = ids.newId();
  await licences.takeSeat('portal', holderId);
  await invitations.add(
    invitation(`known-${randomBytes(4).toString('hex')}@example.com`, holderId, ids.newId()),
    [],
  );
  return holderId;
}

describe('seat reconciliation with invitations of hidden accounts', () => {
  it('keeps their seats exactly as long as a new address keeps its: until the invitation expires', async () => {
    const before = await portalSeats();
    await inviteNewAddress();
    await inviteHiddenAccount();
    expect(await portalSeats()).toBe(before + 2);

    // Long past the grace period that protects a seat being taken, well within the week.
    clock.advance(SEAT_RECONCILE_GRACE_MS + 3_600_000);
    await maintenance.runOnce();
    expect(await portalSeats()).toBe(before + 2);

    // Both invitations expired: both seats go back, in the same round.
    clock.advance(WEEK);
    await maintenance.runOnce();
    expect(await portalSeats()).toBe(before);
  });
});
