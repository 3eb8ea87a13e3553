import { Inject, Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { ErrorCode, IdentityEvents } from '@orbita/contracts';
import type { Clock } from '@orbita/platform';
import { AppError, CLOCK, EventFactory } from '@orbita/platform';
import type { IdentityConfig } from '../config';
import { IDENTITY_CONFIG } from '../config.token';
import { LoginThrottleRepository } from './login-throttle.repository';

interface ThrottlePolicy {
  scope: 'account' | 'address';
  key: (emailHash: string, ip: string) => string;
  /** Failed attempts in the window that cost nothing; the attempt after the last of them waits. */
  free: number;
  windowMs: number;
  /** The delay doubles with every further failure, up to this. */
  maxDelayMs: number;
}

const MINUTE = 60_000;
/** The first delay; each further failure doubles it. Seconds, not less: long enough to matter to a script. */
const FIRST_DELAY_MS = 5_000;
/**
 * The longest delay of a counter that other people share: an address (everyone behind it) and an
 * account over all addresses (its owner, from anywhere). Either may be driven by someone else, so
 * what they can inflict on the innocent stays at a minute.
 */
export const SHARED_KEY_MAX_DELAY_MS = MINUTE;

/**
 * Throttling of failed logins (ASVS 5.0 V6.3): it slows guessing down exponentially but never
 * locks a real user out for long.
 * - An account from one address: 5 free failures in 15 min; the 6th attempt waits 5 s after the 5th
 *   failure, then 10 s, 20 s … up to 15 min.
 * - One address over all accounts (password spraying): 30 free, then growing but capped at 1 min.
 *   An address is often shared (an office or a mobile carrier behind NAT, a branch's proxy), and
 *   its lock holds back everyone behind it, right passwords included; doubling without a low cap
 *   locked a whole office out for minutes. At one attempt a minute after the first 30, spraying
 *   stays slow (60 guesses an hour per address) while colleagues wait at most a minute.
 * - One account from all addresses (a distributed attack): 50 free, then growing but capped at
 *   1 min, so nobody can keep a real user out for more than a minute at a time from elsewhere.
 * Keys use a keyed hash of the e-mail, whether or not an account exists, so the answer for an
 * unknown e-mail is the same as for a real one.
 */
const POLICIES: readonly ThrottlePolicy[] = [
  {
    scope: 'account',
    key: (e, ip) => `account-address:${e}:${ip}`,
    free: 5,
    windowMs: 15 * MINUTE,
    maxDelayMs: 15 * MINUTE,
  },
  {
    scope: 'address',
    key: (_e, ip) => `address:${ip}`,
    free: 30,
    windowMs: 15 * MINUTE,
    maxDelayMs: SHARED_KEY_MAX_DELAY_MS,
  },
  {
    scope: 'account',
    key: (e) => `account:${e}`,
    free: 50,
    windowMs: 15 * MINUTE,
    maxDelayMs: SHARED_KEY_MAX_DELAY_MS,
  },
];

@Injectable()
export class LoginThrottle {
  constructor(
    private readonly counters: LoginThrottleRepository,
    private readonly events: EventFactory,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** A keyed hash of an e-mail: stable for counting and the audit trail, meaningless without the secret. */
  emailHash(email: string): string {
    return createHmac('sha256', this.config.KEY_ENCRYPTION_SECRET)
      .update(`login:${email}`)
      .digest('base64url')
      .slice(0, 32);
  }

  /** TOO_MANY_REQUESTS (with retryAfter) while any counter of this attempt is blocked. */
  async assertAllowed(emailHash: string, ip: string): Promise<void> {
    const now = this.clock.now().getTime();
    const docs = await this.counters.byKeys(POLICIES.map((p) => p.key(emailHash, ip)));
    const until = Math.max(0, ...docs.map((d) => d.blockedUntil?.getTime() ?? 0));
    if (until > now) {
      throw new AppError(ErrorCode.TooManyRequests, { retryAfter: Math.ceil((until - now) / 1000) });
    }
  }

  /** Counts a failed attempt everywhere it counts, records the failure event and any new block. */
  async failed(emailHash: string, ip: string, orgId: string): Promise<void> {
    const now = this.clock.now();
    for (const [index, policy] of POLICIES.entries()) {
      const key = policy.key(emailHash, ip);
      const counter = await this.counters.countFailure(key, now, new Date(now.getTime() - policy.windowMs));
      if (index === 0) {
        const failed = this.events.create(IdentityEvents.loginFailed, {
          orgId,
          subject: { type: 'login', id: emailHash },
          data: { emailHash, clientIp: ip, reason: 'invalid-credentials' },
        });
        await this.counters.record(key, [failed]);
      }
      // The failure that uses up the free ones already holds the next attempt back.
      const over = counter.failures - policy.free;
      if (over >= 0) {
        const delayMs = Math.min(policy.maxDelayMs, FIRST_DELAY_MS * 2 ** over);
        const throttled = this.events.create(IdentityEvents.loginThrottled, {
          orgId,
          subject: { type: 'login', id: emailHash },
          data: {
            emailHash,
            clientIp: ip,
            scope: policy.scope,
            retryAfterSeconds: Math.ceil(delayMs / 1000),
          },
        });
        await this.counters.block(key, new Date(now.getTime() + delayMs), [throttled]);
      }
    }
  }

  /** A successful login clears the counters of its account (not of its address). */
  async succeeded(emailHash: string, ip: string): Promise<void> {
    await this.counters.clear(POLICIES.filter((p) => p.scope === 'account').map((p) => p.key(emailHash, ip)));
  }

  async deleteStale(): Promise<number> {
    return this.counters.deleteStale(new Date(this.clock.now().getTime() - 24 * 60 * MINUTE));
  }
}
