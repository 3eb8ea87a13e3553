import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { EventEnvelope } from '@orbita/contracts';
import { MONGO_CONNECTION, OutboxRelay, OutboxedRepository, outboxOnUpdate } from '@orbita/platform';
import type { SessionDocument, SessionRevokedReason } from './session.schema';
import { SessionSchema } from './session.schema';

/** How many spent refresh tokens are remembered per session to recognise a replay. */
const REMEMBERED_USED_TOKENS = 200;

/** Sessions are keyed by their own unguessable id (from the refresh token) and by user. */
@Injectable()
export class SessionRepository extends OutboxedRepository<SessionDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    super(connection, 'Session', SessionSchema, relay);
  }

  async insert(session: SessionDocument, events: EventEnvelope[]): Promise<void> {
    await this.insertWithEvents(session, events);
  }

  async findById(id: string): Promise<SessionDocument | null> {
    return this.model.findById(id, { outbox: 0 }).lean<SessionDocument>();
  }

  /** Exchanges the current token hash for a new one, atomically: of two racing refreshes one wins. */
  async rotate(id: string, presentedHash: string, nextHash: string, now: Date): Promise<boolean> {
    const result = await this.model.updateOne(
      { _id: id, currentHash: presentedHash, revokedAt: null, expiresAt: { $gt: now } },
      { $set: { currentHash: nextHash, lastUsedAt: now }, $push: { usedHashes: presentedHash } },
    );
    if (result.modifiedCount === 1) {
      // Keep the list bounded (FerretDB has no $push with $slice); a rare second write is fine.
      const doc = await this.model
        .findById(id, { usedHashes: 1 })
        .lean<Pick<SessionDocument, 'usedHashes'>>();
      if (doc && doc.usedHashes.length > REMEMBERED_USED_TOKENS) {
        const old = doc.usedHashes.slice(0, doc.usedHashes.length - REMEMBERED_USED_TOKENS);
        await this.model.updateOne({ _id: id }, { $pullAll: { usedHashes: old } });
      }
    }
    return result.modifiedCount === 1;
  }

  /** Revokes once; answers whether this call did it. */
  async revoke(
    id: string,
    reason: SessionRevokedReason,
    now: Date,
    events: EventEnvelope[],
  ): Promise<boolean> {
    const ops = outboxOnUpdate(events);
    const result = await this.model.updateOne(
      { _id: id, revokedAt: null },
      { ...ops, $set: { ...ops.$set, revokedAt: now, revokedReason: reason } },
    );
    if (result.modifiedCount === 1) {
      this.published(id, events);
    }
    return result.modifiedCount === 1;
  }

  async liveOfUser(userId: string): Promise<SessionDocument[]> {
    return this.model.find({ userId, revokedAt: null }, { outbox: 0 }).limit(1000).lean<SessionDocument[]>();
  }

  /** Sessions long expired and with nothing left to publish are deleted. */
  async deleteExpiredBefore(before: Date): Promise<number> {
    const result = await this.model.deleteMany({
      expiresAt: { $lt: before },
      outboxPending: { $exists: false },
    });
    return result.deletedCount;
  }
}
