import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EventEnvelope } from '@orbita/contracts';
import { ErrorCode, IdentityEvents } from '@orbita/contracts';
import type { Clock, IdGenerator } from '@orbita/platform';
import { AppError, CLOCK, EventFactory, ID_GENERATOR } from '@orbita/platform';
import type { IdentityConfig } from '../config';
import { IDENTITY_CONFIG } from '../config.token';
import { SessionRepository } from './session.repository';
import type { SessionDocument, SessionRevokedReason } from './session.schema';

export interface StartedSession {
  session: SessionDocument;
  refreshToken: string;
}

const REFRESH_TOKEN_PATTERN = /^([0-9A-Z]{26})\.([A-Za-z0-9_-]{43})$/;

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Sessions and their refresh tokens (`<session id>.<secret>`): a token is single use and rotates on
 * each refresh; presenting a spent token again (a stolen copy, or the thief after the user) revokes
 * the whole session at once.
 */
@Injectable()
export class SessionsService {
  private readonly logger = new Logger(SessionsService.name);

  constructor(
    private readonly sessions: SessionRepository,
    private readonly events: EventFactory,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  /** A new session; `events` (e.g. the login success) are written with it. */
  async start(
    user: { _id: string; orgId: string; passwordChangedAt: Date | null },
    clientIp: string,
    eventsFor: (sessionId: string) => EventEnvelope[],
  ): Promise<StartedSession> {
    const now = this.clock.now();
    const secret = randomBytes(32).toString('base64url');
    const session: SessionDocument = {
      _id: this.ids.newId(),
      userId: user._id,
      orgId: user.orgId,
      currentHash: hashSecret(secret),
      usedHashes: [],
      clientIp,
      credentialSetAt: user.passwordChangedAt ?? new Date(0),
      createdAt: now,
      lastUsedAt: now,
      expiresAt: new Date(now.getTime() + this.config.REFRESH_TOKEN_TTL_DAYS * 86_400_000),
      revokedAt: null,
      revokedReason: null,
    };
    await this.sessions.add(session, eventsFor(session._id));
    return { session, refreshToken: `${session._id}.${secret}` };
  }

  /** Exchanges a refresh token for the next one; UNAUTHENTICATED for anything not current and live. */
  async rotate(refreshToken: string): Promise<StartedSession> {
    const match = REFRESH_TOKEN_PATTERN.exec(refreshToken);
    if (!match?.[1] || !match[2]) {
      throw new AppError(ErrorCode.Unauthenticated);
    }
    const [, sessionId, secret] = match;
    const presented = hashSecret(secret);
    const session = await this.sessions.findById(sessionId);
    const now = this.clock.now();
    if (!session || session.revokedAt || session.expiresAt <= now) {
      throw new AppError(ErrorCode.Unauthenticated);
    }
    if (!sameHash(session.currentHash, presented)) {
      if (session.usedHashes.some((used) => sameHash(used, presented))) {
        await this.reuseDetected(session);
      }
      throw new AppError(ErrorCode.Unauthenticated);
    }
    const nextSecret = randomBytes(32).toString('base64url');
    if (!(await this.sessions.rotate(session._id, presented, hashSecret(nextSecret), now))) {
      // Another refresh with the same token won the race: that is a replay too.
      await this.reuseDetected(session);
      throw new AppError(ErrorCode.Unauthenticated);
    }
    return { session: { ...session, lastUsedAt: now }, refreshToken: `${session._id}.${nextSecret}` };
  }

  async isLive(sessionId: string): Promise<boolean> {
    const session = await this.sessions.findById(sessionId);
    return Boolean(session && !session.revokedAt && session.expiresAt > this.clock.now());
  }

  async revoke(
    session: Pick<SessionDocument, '_id' | 'userId' | 'orgId'>,
    reason: SessionRevokedReason,
    extra: EventEnvelope[] = [],
  ): Promise<boolean> {
    const now = this.clock.now();
    const revoked = this.events.create(IdentityEvents.sessionRevoked, {
      orgId: session.orgId,
      subject: { type: 'session', id: session._id },
      data: { userId: session.userId, sessionId: session._id, reason, revokedAt: now.toISOString() },
    });
    return this.sessions.revoke(session._id, reason, now, [...extra, revoked]);
  }

  async revokeById(sessionId: string, userId: string, reason: SessionRevokedReason): Promise<void> {
    const session = await this.sessions.findById(sessionId);
    if (session && session.userId === userId) {
      await this.revoke(session, reason);
    }
  }

  /** Every live session of the user (but `keep`), e.g. on deactivation or a password change. */
  async revokeAllForUser(userId: string, reason: SessionRevokedReason, keep?: string): Promise<number> {
    let count = 0;
    for (const session of await this.sessions.liveOfUser(userId)) {
      if (session._id !== keep && (await this.revoke(session, reason))) {
        count += 1;
      }
    }
    return count;
  }

  /**
   * Every live session of the user established with a password set before `before` (but `keep`):
   * what a password change or reset ends. A session started with the new password survives, even
   * when this runs late (finishing a change after a crash, or an event delivered again).
   */
  async revokeEstablishedBefore(
    userId: string,
    before: Date,
    reason: SessionRevokedReason,
    keep?: string,
  ): Promise<number> {
    let count = 0;
    for (const session of await this.sessions.liveOfUser(userId)) {
      const established = session.credentialSetAt ?? session.createdAt;
      if (session._id !== keep && established < before && (await this.revoke(session, reason))) {
        count += 1;
      }
    }
    return count;
  }

  async deleteExpired(): Promise<number> {
    return this.sessions.deleteExpiredBefore(new Date(this.clock.now().getTime() - 86_400_000));
  }

  private async reuseDetected(session: SessionDocument): Promise<void> {
    this.logger.warn({
      sessionId: session._id,
      userId: session.userId,
      msg: 'Refresh token reuse: revoking the session',
    });
    const reuse = this.events.create(IdentityEvents.refreshReuseDetected, {
      orgId: session.orgId,
      subject: { type: 'session', id: session._id },
      data: { userId: session.userId, sessionId: session._id },
    });
    await this.revoke(session, 'reuse-detected', [reuse]);
  }
}
