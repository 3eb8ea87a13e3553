import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Global, Module } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { Test } from '@nestjs/testing';
import type { Connection, Model } from 'mongoose';
import type { EventEnvelope, Permission, Principal } from '@orbita/contracts';
import { ErrorCode, IdentityEvents, Permission as P } from '@orbita/contracts';
import type { Clock, LicencePayload } from '@orbita/platform';
import {
  AppError,
  CLOCK,
  EventFactory,
  ID_GENERATOR,
  MONGO_CONNECTION,
  OutboxRelay,
  RequestContext,
  UlidGenerator,
  connectMongo,
  generateVendorKeyPair,
  signLicence,
} from '@orbita/platform';
import { sharedInfra } from '@orbita/testing';
import type { LicenceOptions } from './licence-options';
import { LicenceModule } from './licence.module';
import type { LicenceDocument } from './licence.schema';
import { LicenceService, SEAT_RECONCILE_GRACE_MS } from './licence.service';

/**
 * LicenceService against the real FerretDB of the test run: seats under concurrency, expiry, and a
 * licence edited in the database. Only the outbox relay is a stand-in (events stay pending in the
 * licence document, where the test reads them); everything mongoose does is real.
 */
const COMPANY = '01JCOMPANY0000000000000001';
const vendor = generateVendorKeyPair();

class FakeClock implements Clock {
  constructor(private time: number) {}
  now(): Date {
    return new Date(this.time);
  }
  set(iso: string): void {
    this.time = Date.parse(iso);
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

function licence(overrides: Partial<LicencePayload> = {}): string {
  return signLicence(
    {
      formatVersion: 1,
      licenceId: `ORB-${randomBytes(3).toString('hex')}`,
      licensee: 'EcoTrans',
      issuedAt: '2026-01-01T00:00:00Z',
      expiresAt: '2026-12-31T23:59:59Z',
      pools: { full: 10, portal: 50 },
      ...overrides,
    },
    vendor.privateKeyPem,
  );
}

function principal(permissions: Permission[], grantAt = COMPANY): Principal {
  return {
    userId: 'admin-1',
    orgId: COMPANY,
    orgPath: [COMPANY],
    roles: ['admin'],
    grants: [{ orgId: grantAt, permissions }],
    seat: 'full',
    external: false,
  };
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

interface Running {
  service: LicenceService;
  connection: Connection;
  licences: Model<LicenceDocument>;
  dispatched: string[];
  close(): Promise<void>;
}

const toClose: Running[] = [];
const tempDirs: string[] = [];

/** The licence feature as identity wires it, on a database of its own. */
async function start(
  clock: Clock,
  options: LicenceOptions,
  db = `licences_${randomBytes(6).toString('hex')}`,
): Promise<Running> {
  const connection = await connectMongo(sharedInfra().endpoints.mongoUrl, db);
  const dispatched: string[] = [];
  const relay: Pick<OutboxRelay, 'register' | 'dispatch'> = {
    register: () => undefined,
    dispatch: (_model, id) => {
      dispatched.push(id);
    },
  };

  @Global()
  @Module({
    providers: [
      { provide: MONGO_CONNECTION, useValue: connection },
      { provide: CLOCK, useValue: clock },
      { provide: ID_GENERATOR, useValue: new UlidGenerator() },
      { provide: OutboxRelay, useValue: relay },
      EventFactory,
    ],
    exports: [MONGO_CONNECTION, CLOCK, ID_GENERATOR, OutboxRelay, EventFactory],
  })
  class TestPlatformModule {}

  const moduleRef: TestingModule = await Test.createTestingModule({
    imports: [TestPlatformModule, LicenceModule.register(options)],
  }).compile();
  try {
    await moduleRef.init();
  } catch (err) {
    // A module that failed to start may fail to close too; the connection must close regardless.
    await moduleRef.close().catch(() => undefined);
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
    throw err;
  }
  const running: Running = {
    service: moduleRef.get(LicenceService),
    connection,
    licences: connection.model<LicenceDocument>('Licence'),
    dispatched,
    close: async () => {
      await moduleRef.close();
      await connection.close();
    },
  };
  toClose.push(running);
  return running;
}

function licenceFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'orbita-licence-int-'));
  tempDirs.push(dir);
  const path = join(dir, 'customer.lic');
  writeFileSync(path, text);
  return path;
}

afterAll(async () => {
  for (const running of toClose.splice(0)) {
    await running.connection.dropDatabase().catch(() => undefined);
    await running.close();
  }
  for (const dir of tempDirs.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('licences at boot', () => {
  it('installs the demo licence with the built-in vendor key when nothing is configured or stored', async () => {
    const clock = new FakeClock(Date.parse('2026-06-01T10:00:00Z'));
    const { service, licences, dispatched } = await start(clock, { publicKeyPem: null, licenceFile: null });

    expect(await service.usage()).toMatchObject({
      licensee: 'Demo: EcoTrans (not for production)',
      expiresAt: '2030-12-31T23:59:59Z',
      expired: false,
      pools: [
        { type: 'full', size: 25, used: 0, available: 25 },
        { type: 'portal', size: 200, used: 0, available: 200 },
      ],
      warnings: [],
    });
    // The event went into the same insert as the licence; the relay was asked to publish it.
    const [stored] = await licences.find().lean();
    const events = (stored?.outbox ?? []).map((raw) => JSON.parse(raw) as EventEnvelope);
    expect(events).toMatchObject([
      {
        type: IdentityEvents.licenceInstalled.type,
        actor: null,
        data: { licensee: 'Demo: EcoTrans (not for production)', pools: { full: 25, portal: 200 } },
      },
    ]);
    expect(dispatched).toEqual([stored?._id]);
  });

  it('installs the configured file with the configured key once, not again at the next start', async () => {
    const clock = new FakeClock(Date.parse('2026-06-01T10:00:00Z'));
    const file = licenceFile(licence({ licenceId: 'ORB-CONFIGURED', pools: { full: 3, portal: 4 } }));
    const options = { publicKeyPem: vendor.publicKeyPem, licenceFile: file };
    const first = await start(clock, options, `licences_boot_${randomBytes(4).toString('hex')}`);
    expect(await first.service.usage()).toMatchObject({ licenceId: 'ORB-CONFIGURED' });

    const db = first.connection.name;
    const second = await start(clock, options, db);
    expect(await second.licences.countDocuments()).toBe(1);
  });

  it('refuses to start on a licence file that does not verify with the key', async () => {
    const clock = new FakeClock(Date.parse('2026-06-01T10:00:00Z'));
    const other = generateVendorKeyPair();
    const file = licenceFile(licence());
    await expect(start(clock, { publicKeyPem: other.publicKeyPem, licenceFile: file })).rejects.toMatchObject(
      {
        code: ErrorCode.LicenceInvalid,
      },
    );
  });
});

describe('seats', () => {
  const admin = principal([P.LicenceView, P.LicenceManage]);
  let clock: FakeClock;
  let running: Running;
  let service: LicenceService;

  beforeEach(async () => {
    clock = new FakeClock(Date.parse('2026-06-01T10:00:00Z'));
    running = await start(clock, { publicKeyPem: vendor.publicKeyPem, licenceFile: licenceFile(licence()) });
    service = running.service;
  });

  it('lets exactly as many concurrent takers in as the pool has seats', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => service.takeSeat('full', `user-${i}`)),
    );

    const taken = results.filter((r) => r.status === 'fulfilled');
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as AppError] : []));
    expect(taken).toHaveLength(10);
    expect(refused).toHaveLength(20);
    for (const error of refused) {
      expect(error).toBeInstanceOf(AppError);
      expect(error.code).toBe(ErrorCode.SeatLimitReached);
      expect(error.params).toEqual({ pool: 'full', size: 10 });
      expect(error.message).toMatch(/^All 10 "full" seats of the licence are taken/);
    }
    const held = await service.heldSeats();
    expect(new Set(held.full).size).toBe(10);
    expect(held.portal).toEqual([]);
    expect((await service.usage()).pools[0]).toEqual({ type: 'full', size: 10, used: 10, available: 0 });
  });

  it('gives one seat to a holder however often it is asked for concurrently', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => service.takeSeat('portal', 'user-1')));
    expect(results.filter((took) => took)).toHaveLength(1);
    expect((await service.heldSeats()).portal).toEqual(['user-1']);
    expect(await service.takeSeat('portal', 'user-1')).toBe(false);
  });

  it('frees the seat of a released holder for someone else', async () => {
    for (let i = 0; i < 10; i++) {
      await service.takeSeat('full', `user-${i}`);
    }
    expect((await refusal(service.takeSeat('full', 'newcomer'))).code).toBe(ErrorCode.SeatLimitReached);

    expect(await service.releaseSeat('full', 'user-3')).toBe(true);
    expect(await service.releaseSeat('full', 'user-3')).toBe(false);
    expect(await service.takeSeat('full', 'newcomer')).toBe(true);
    expect((await service.heldSeats()).full).not.toContain('user-3');
    expect((await service.heldSeats()).full).toContain('newcomer');
  });

  it('refuses new seats once the licence has expired, leaving the holders theirs', async () => {
    await service.takeSeat('full', 'user-1');
    await service.takeSeat('portal', 'client-1');
    clock.set('2027-01-01T00:00:00Z');

    const error = await refusal(service.takeSeat('full', 'user-2'));
    expect(error.code).toBe(ErrorCode.LicenceExpired);
    expect(error.params).toEqual({ expiresAt: '2026-12-31' });
    expect(await service.takeSeat('full', 'user-1')).toBe(false);
    expect(await service.heldSeats()).toEqual({ full: ['user-1'], portal: ['client-1'] });
    expect(await service.usage()).toMatchObject({ expired: true, pools: [{ used: 1 }, { used: 1 }] });
    expect(await service.releaseSeat('portal', 'client-1')).toBe(true);
  });

  it('stops counting on a licence edited in the database instead of raising its seats', async () => {
    await service.takeSeat('full', 'user-1');
    expect((await service.current()).pools.full).toBe(10);
    const [stored] = await running.licences.find().lean();
    const edited = stored!.text.replace('"full": 10', '"full": 90');
    expect(edited).not.toBe(stored!.text);
    await running.licences.collection.updateOne({ _id: stored!._id } as never, { $set: { text: edited } });

    await expect(service.current()).rejects.toMatchObject({ code: ErrorCode.LicenceInvalid });
    await expect(service.takeSeat('full', 'user-2')).rejects.toMatchObject({
      code: ErrorCode.LicenceInvalid,
    });
    await expect(service.usage()).rejects.toMatchObject({ code: ErrorCode.LicenceInvalid });
    expect(await service.heldSeats()).toEqual({ full: ['user-1'], portal: [] });
    // A holder is no new seat: nobody already in is locked out by a broken licence.
    expect(await service.takeSeat('full', 'user-1')).toBe(false);
  });

  it('refuses to install a tampered file and keeps the licence in force', async () => {
    const before = await service.current();
    const tampered = licence({ pools: { full: 5, portal: 5 } }).replace('"portal": 5', '"portal": 500');

    const error = await refusal(service.install(admin, tampered));
    expect(error.code).toBe(ErrorCode.LicenceInvalid);
    expect(error.message).toMatch(/^The licence file is not valid: the signature does not match/);
    expect(await service.current()).toEqual(before);
    expect(await running.licences.countDocuments()).toBe(1);
  });

  it('installs a new licence for an admin with licence.manage at the company', async () => {
    await expect(service.install(principal([P.LicenceView]), licence())).rejects.toMatchObject({
      code: ErrorCode.Forbidden,
    });
    await expect(
      service.install(principal([P.LicenceManage], 'some-branch'), licence()),
    ).rejects.toMatchObject({
      code: ErrorCode.Forbidden,
    });
    const expired = licence({ issuedAt: '2025-01-01T00:00:00Z', expiresAt: '2026-01-01T00:00:00Z' });
    expect((await refusal(service.install(admin, expired))).code).toBe(ErrorCode.LicenceExpired);

    // As the bus runs a request: in the context of the caller, whom the event names as its actor.
    const renewal = licence({ licenceId: 'ORB-RENEWED', pools: { full: 12, portal: 60 } });
    const usage = await RequestContext.run({ principal: admin }, () => service.install(admin, renewal));
    expect(usage).toMatchObject({ licenceId: 'ORB-RENEWED', pools: [{ size: 12 }, { size: 60 }] });
    expect((await service.current()).licenceId).toBe('ORB-RENEWED');
    const renewed = await running.licences.findOne().sort({ _id: -1 }).lean();
    expect(JSON.parse(renewed!.outbox![0]!)).toMatchObject({
      type: IdentityEvents.licenceInstalled.type,
      actor: { userId: 'admin-1', orgId: COMPANY },
      orgId: COMPANY,
      data: { licenceId: 'ORB-RENEWED', pools: { full: 12, portal: 60 } },
    });
  });

  it('keeps every holder under a smaller licence and admits new ones only below its size', async () => {
    for (let i = 0; i < 10; i++) {
      await service.takeSeat('full', `user-${i}`);
    }
    const usage = await service.install(admin, licence({ pools: { full: 5, portal: 50 } }));
    expect(usage.pools[0]).toEqual({ type: 'full', size: 5, used: 10, available: -5 });
    expect(usage.warnings).toEqual([
      expect.stringContaining('10 "full" seats are in use but the licence has 5'),
    ]);
    expect((await service.heldSeats()).full).toHaveLength(10);

    for (let i = 0; i < 5; i++) {
      await service.releaseSeat('full', `user-${i}`);
    }
    // Five in use of five: still no room.
    expect((await refusal(service.takeSeat('full', 'newcomer'))).params).toEqual({ pool: 'full', size: 5 });
    await service.releaseSeat('full', 'user-9');
    expect(await service.takeSeat('full', 'newcomer')).toBe(true);
    expect((await refusal(service.takeSeat('full', 'another'))).code).toBe(ErrorCode.SeatLimitReached);
  });

  it('reconciles: gives back seats of holders no longer entitled once the grace period is over', async () => {
    for (const id of ['user-1', 'user-2', 'user-3']) {
      await service.takeSeat('full', id);
    }
    await service.takeSeat('portal', 'client-1');
    const asked: string[][] = [];
    const onlyUser1 = (_seat: string, ids: string[]): Promise<Set<string>> => {
      asked.push(ids);
      return Promise.resolve(new Set(ids.filter((id) => id === 'user-1')));
    };

    expect(await service.reconcile(onlyUser1)).toEqual([]);
    expect(asked).toEqual([]);

    clock.advance(SEAT_RECONCILE_GRACE_MS + 1);
    await service.takeSeat('full', 'user-4');
    const released = await service.reconcile(onlyUser1);
    expect([...released].sort((a, b) => a.holderId.localeCompare(b.holderId))).toEqual([
      { seat: 'portal', holderId: 'client-1' },
      { seat: 'full', holderId: 'user-2' },
      { seat: 'full', holderId: 'user-3' },
    ]);
    // user-4 took its seat just now: not even asked about.
    expect(asked.flat()).not.toContain('user-4');
    expect(await service.heldSeats()).toEqual({
      full: expect.arrayContaining(['user-1', 'user-4']),
      portal: [],
    });
    expect((await service.heldSeats()).full).toHaveLength(2);
  });

  it('adopts the seats of people who are in already, even beyond the pool', async () => {
    for (let i = 0; i < 10; i++) {
      await service.takeSeat('full', `user-${i}`);
    }
    expect(await service.adoptSeat('full', 'seeded-1')).toBe(true);
    expect(await service.adoptSeat('full', 'seeded-1')).toBe(false);
    expect((await service.usage()).pools[0]).toMatchObject({ size: 10, used: 11 });
  });

  it('shows usage to holders of licence.view at the company only', async () => {
    await service.takeSeat('full', 'user-1');
    expect(await service.usageFor(principal([P.LicenceView]))).toMatchObject({
      pools: [{ used: 1 }, { used: 0 }],
    });
    expect(await service.usageFor(principal([P.LicenceManage]))).toMatchObject({
      pools: [{ used: 1 }, { used: 0 }],
    });
    await expect(service.usageFor(principal([P.UserRead]))).rejects.toMatchObject({
      code: ErrorCode.Forbidden,
    });
    await expect(service.usageFor(principal([P.LicenceView], 'some-branch'))).rejects.toMatchObject({
      code: ErrorCode.Forbidden,
    });
  });
});
