import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { ErrorCode } from '@orbita/contracts';
import type { Clock, OutboxRelay } from '@orbita/platform';
import { AppError, EventFactory, UlidGenerator, connectMongo } from '@orbita/platform';
import { sharedInfra } from '@orbita/testing';
import type { IdentityConfig } from '../config';
import { LoginThrottleRepository } from './login-throttle.repository';
import { LoginThrottle, SHARED_KEY_MAX_DELAY_MS } from './login-throttle.service';

/**
 * The throttling policy against the real counters on the FerretDB of the test run, with a clock the
 * test moves (the delays are minutes; nobody waits for them). Only the outbox relay is a stand-in:
 * the audit events stay in the counter documents.
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

const ORG = '01JCOMPANY0000000000000001';
let connection: Connection;
let clock: FakeClock;
let throttle: LoginThrottle;

beforeAll(async () => {
  connection = await connectMongo(
    sharedInfra().endpoints.mongoUrl,
    `throttle_${randomBytes(6).toString('hex')}`,
  );
  const relay = { register: () => undefined, dispatch: () => undefined } as unknown as OutboxRelay;
  const counters = new LoginThrottleRepository(connection, relay);
  await counters.ready();
  clock = new FakeClock(Date.parse('2026-06-01T09:00:00Z'));
  const config = { KEY_ENCRYPTION_SECRET: 'orbita-local-development-only' } as IdentityConfig;
  throttle = new LoginThrottle(counters, new EventFactory(clock, new UlidGenerator()), config, clock);
});

afterAll(async () => {
  await connection.dropDatabase().catch(() => undefined);
  await connection.close();
});

/** The Retry-After (seconds) an attempt would be answered with now, or 0 when it may go ahead. */
async function retryAfter(email: string, ip: string): Promise<number> {
  const refused = await throttle.assertAllowed(throttle.emailHash(email), ip).then(
    () => null,
    (err: unknown) => err,
  );
  if (refused === null) {
    return 0;
  }
  expect(refused).toBeInstanceOf(AppError);
  expect((refused as AppError).code).toBe(ErrorCode.TooManyRequests);
  return Number((refused as AppError).params['retryAfter']);
}

/** Fails `count` logins of `emailOf(i)` from `ip`, waiting out every delay on the moved clock; the delays seen. */
async function failLogins(count: number, ip: string, emailOf: (i: number) => string): Promise<number[]> {
  const delays: number[] = [];
  for (let i = 0; i < count; i++) {
    const wait = await retryAfter(emailOf(i), ip);
    if (wait > 0) {
      delays.push(wait);
      clock.advance(wait * 1000);
      expect(await retryAfter(emailOf(i), ip)).toBe(0);
    }
    await throttle.failed(throttle.emailHash(emailOf(i)), ip, ORG);
  }
  return delays;
}

describe('login throttling on a shared address', () => {
  it('caps the lock of one address at a minute however long the spraying goes on, right passwords included', async () => {
    const office = '198.51.100.40';
    // Password spraying from the office's address: one guess at each of 45 accounts.
    const delays = await failLogins(45, office, (i) => `sprayed-${i}@example.com`);
    // 30 free, then 5, 10, 20, 40 s, and from there never more than a minute.
    expect(delays.slice(0, 5)).toEqual([5, 10, 20, 40, 60]);
    expect(Math.max(...delays)).toBe(SHARED_KEY_MAX_DELAY_MS / 1000);
    expect(delays.length).toBe(15);

    // A colleague behind the same address, who never mistyped, waits a minute at most.
    const colleague = 'colleague@example.com';
    const wait = await retryAfter(colleague, office);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    clock.advance(wait * 1000);
    expect(await retryAfter(colleague, office)).toBe(0);
  });

  it('still slows one account guessed from one address down beyond a minute (that lock hurts nobody else)', async () => {
    const delays = await failLogins(11, '203.0.113.50', () => 'guessed@example.com');
    expect(delays).toEqual([5, 10, 20, 40, 80, 160]);
    // The account is not held back from another address.
    expect(await retryAfter('guessed@example.com', '203.0.113.51')).toBe(0);
  });
});
