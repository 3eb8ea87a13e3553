import type { OnApplicationBootstrap } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EventEnvelope } from '@orbita/contracts';
import { IdentityEvents } from '@orbita/contracts';
import { EventTail } from '@orbita/platform';
import type { GatewayConfig } from '../config';
import { GATEWAY_CONFIG } from '../config.token';

/**
 * Access tokens are stateless and live up to their expiry; this list makes logout, refresh-token
 * reuse, password changes and deactivation end them at once, and changes of what a user may do
 * (roles, a role's permissions, the orgs they manage) refuse the tokens with the old grants, so the
 * client refreshes and gets the current ones. Every gateway instance follows identity's
 * session-revoked, user-deactivated and access-changed events from one token lifetime back, so it
 * knows every revocation that still matters, also after a restart.
 */
@Injectable()
export class RevocationList implements OnApplicationBootstrap {
  private readonly logger = new Logger(RevocationList.name);
  /** Session id → when the entry may be forgotten (ms). */
  private readonly sessions = new Map<string, number>();
  /** User id → deactivation time (ms): tokens issued up to then are refused. */
  private readonly users = new Map<string, number>();
  /**
   * User id → their current access version and when it was raised (ms). A token carries the version
   * its grants were computed from (claim `gv`); an older one is refused. Versions, not issue times:
   * a token issued in the same second (or millisecond) as the change is told apart exactly, so the
   * token a client gets right after the change is never refused in a loop.
   */
  private readonly accessVersions = new Map<string, { version: number; at: number }>();

  constructor(
    private readonly tail: EventTail,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const windowMs = this.config.REVOCATION_WINDOW_SECONDS * 1000;
    await this.tail.follow(
      [IdentityEvents.sessionRevoked, IdentityEvents.userDeactivated, IdentityEvents.userAccessChanged],
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

  /** What identity has published about the user's access: version `version` since `at` (ms). */
  accessChanged(userId: string, version: number, at: number): void {
    const known = this.accessVersions.get(userId);
    if (!known || version > known.version) {
      this.accessVersions.set(userId, { version, at });
    }
  }

  /**
   * Whether a token of this session, user, issue time (seconds) and grants version has been
   * revoked (a token without a grants version counts as version 0).
   */
  isRevoked(sessionId: string, userId: string, issuedAtSeconds: number, grantsVersion = 0): boolean {
    if (this.sessions.has(sessionId)) {
      return true;
    }
    const access = this.accessVersions.get(userId);
    if (access !== undefined && grantsVersion < access.version) {
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
    } else if (event.type === IdentityEvents.userAccessChanged.type) {
      const data = IdentityEvents.userAccessChanged.data.parse(event.data);
      this.accessChanged(data.userId, data.accessVersion, Date.parse(event.occurredAt));
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
    // A token of an older version was issued before the change, so it has expired by now.
    for (const [id, { at }] of this.accessVersions) {
      if (at < cutoff) {
        this.accessVersions.delete(id);
      }
    }
  }
}
