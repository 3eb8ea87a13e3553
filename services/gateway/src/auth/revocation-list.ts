import type { OnApplicationBootstrap } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EventEnvelope } from '@orbita/contracts';
import { IdentityEvents } from '@orbita/contracts';
import { EventTail } from '@orbita/platform';
import type { GatewayConfig } from '../config';
import { GATEWAY_CONFIG } from '../config.token';

/**
 * Access tokens are stateless and live up to their expiry; this list makes logout, refresh-token
 * reuse, password changes and deactivation end them at once. Every gateway instance follows
 * identity's session-revoked and user-deactivated events from one token lifetime back, so it knows
 * every revocation that still matters, also after a restart.
 */
@Injectable()
export class RevocationList implements OnApplicationBootstrap {
  private readonly logger = new Logger(RevocationList.name);
  /** Session id → when the entry may be forgotten (ms). */
  private readonly sessions = new Map<string, number>();
  /** User id → deactivation time (ms): tokens issued up to then are refused. */
  private readonly users = new Map<string, number>();

  constructor(
    private readonly tail: EventTail,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const windowMs = this.config.REVOCATION_WINDOW_SECONDS * 1000;
    await this.tail.follow(
      [IdentityEvents.sessionRevoked, IdentityEvents.userDeactivated],
      new Date(Date.now() - windowMs),
      (event) => {
        this.apply(event);
      },
    );
    setInterval(() => {
      this.forgetOlderThan(Date.now() - windowMs);
    }, 60_000).unref();
  }

  /**
   * A logout this gateway has just answered: its tokens are refused here at once, not only once
   * identity's event has come round (other instances learn it from the event, moments later).
   */
  revokeSession(sessionId: string, at: number = Date.now()): void {
    this.sessions.set(sessionId, Math.max(at, this.sessions.get(sessionId) ?? 0));
  }

  /** A deactivation this gateway has just answered: tokens issued up to `at` (ms) are refused at once. */
  revokeUser(userId: string, at: number = Date.now()): void {
    this.users.set(userId, Math.max(at, this.users.get(userId) ?? 0));
  }

  /** Whether a token of this session, user and issue time (seconds) has been revoked. */
  isRevoked(sessionId: string, userId: string, issuedAtSeconds: number): boolean {
    if (this.sessions.has(sessionId)) {
      return true;
    }
    const deactivatedAt = this.users.get(userId);
    return deactivatedAt !== undefined && issuedAtSeconds * 1000 <= deactivatedAt;
  }

  private apply(event: EventEnvelope): void {
    if (event.type === IdentityEvents.sessionRevoked.type) {
      const data = IdentityEvents.sessionRevoked.data.parse(event.data);
      this.revokeSession(data.sessionId, Date.parse(data.revokedAt));
    } else if (event.type === IdentityEvents.userDeactivated.type) {
      const data = IdentityEvents.userDeactivated.data.parse(event.data);
      this.revokeUser(data.userId, Date.parse(data.deactivatedAt));
      this.logger.log({ userId: data.userId, msg: 'User deactivated: refusing their tokens' });
    }
  }

  private forgetOlderThan(cutoff: number): void {
    for (const [id, at] of this.sessions) {
      if (at < cutoff) {
        this.sessions.delete(id);
      }
    }
    for (const [id, at] of this.users) {
      if (at < cutoff) {
        this.users.delete(id);
      }
    }
  }
}
