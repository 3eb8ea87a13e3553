import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { EventEnvelope } from '@orbita/contracts';
import { MONGO_CONNECTION, OutboxRelay, Repository, systemScope } from '@orbita/platform';
import type { SessionDocument, SessionRevokedReason } from './session.schema';
import { SessionSchema } from './session.schema';

/** How many spent refresh tokens are remembered per session to recognise a replay. */
const REMEMBERED_USED_TOKENS = 200;

/**
 * Sessions are reached by their own unguessable id (from the refresh token) or by their user, for
 * identity's own decisions; no caller lists them.
 */
const SESSIONS = systemScope('sessions are reached by their secret id or by their own user');

@Injectable()
export class SessionRepository extends Repository<SessionDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    // No caller reads sessions with a scope of theirs.
    super(connection, 'Session', SessionSchema, { visibleTo: () => ({ _id: { $in: [] } }), relay });
  }

  async add(session: SessionDocument, events: EventEnvelope[]): Promise<void> {
    await this.insert(session, events);
  }

  async findById(id: string): Promise<SessionDocument | null> {
    return this.findOne(SESSIONS, { _id: id });
  }

  /** Exchanges the current token hash for a new one, atomically: of two racing refreshes one wins. */
  async rotate(id: string, presentedHash: string, nextHash: string, now: Date): Promise<boolean> {
    const rotated = await this.findOneAndUpdate(
      SESSIONS,
      { _id: id, currentHash: presentedHash, revokedAt: null, expiresAt: { $gt: now } },
      { $set: { currentHash: nextHash, lastUsedAt: now }, $push: { usedHashes: presentedHash } },
    );
    if (rotated && rotated.usedHashes.length > REMEMBERED_USED_TOKENS) {
      // Keep the list bounded (FerretDB has no $push with $slice); a rare second write is fine.
      const old = rotated.usedHashes.slice(0, rotated.usedHashes.length - REMEMBERED_USED_TOKENS);
      await this.updateOne(SESSIONS, { _id: id }, { $pullAll: { usedHashes: old } });
    }
    return rotated !== null;
  }

  /** Revokes once; answers whether this call did it. */
  async revoke(
    id: string,
    reason: SessionRevokedReason,
    now: Date,
    events: EventEnvelope[],
  ): Promise<boolean> {
    return this.updateOne(
      SESSIONS,
      { _id: id, revokedAt: null },
      { $set: { revokedAt: now, revokedReason: reason } },
      events,
    );
  }

  async liveOfUser(userId: string): Promise<SessionDocument[]> {
    return this.findMany(SESSIONS, { userId, revokedAt: null }, { limit: 1000 });
  }

  /** Sessions long expired and with nothing left to publish are deleted. */
  async deleteExpiredBefore(before: Date): Promise<number> {
    return this.deleteMany(SESSIONS, { expiresAt: { $lt: before }, outboxAt: { $exists: false } });
  }
}
