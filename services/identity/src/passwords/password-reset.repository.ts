import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { EventEnvelope } from '@orbita/contracts';
import { MONGO_CONNECTION, OutboxRelay, OutboxedRepository, outboxOnUpdate } from '@orbita/platform';
import type { PasswordResetDocument } from './password-reset.schema';
import { PasswordResetSchema } from './password-reset.schema';

/** Reset links, reached only by the hash of their secret token (or by their user for limits). */
@Injectable()
export class PasswordResetRepository extends OutboxedRepository<PasswordResetDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    super(connection, 'PasswordReset', PasswordResetSchema, relay);
  }

  async insert(reset: PasswordResetDocument, events: EventEnvelope[]): Promise<void> {
    await this.insertWithEvents(reset, events);
  }

  async countSince(userId: string, since: Date): Promise<number> {
    return this.model.countDocuments({ userId, createdAt: { $gt: since } });
  }

  /** The link if it is still valid (unused, unexpired), without using it. */
  async findValid(tokenHash: string, now: Date): Promise<PasswordResetDocument | null> {
    return this.model
      .findOne({ tokenHash, usedAt: null, expiresAt: { $gt: now } }, { outbox: 0 })
      .lean<PasswordResetDocument>();
  }

  /**
   * Uses the link up, once, if it is still valid, recording the new password's hash and `events` in
   * the same write: the whole reset is then decided, and what is left (setting the password, ending
   * the sessions) can be finished from the record. Answers it, or null.
   */
  async redeem(
    tokenHash: string,
    now: Date,
    newPasswordHash: string,
    events: EventEnvelope[],
  ): Promise<PasswordResetDocument | null> {
    const ops = outboxOnUpdate(events);
    const redeemed = await this.model
      .findOneAndUpdate(
        { tokenHash, usedAt: null, expiresAt: { $gt: now } },
        { ...ops, $set: { ...ops.$set, usedAt: now, newPasswordHash } },
        { returnDocument: 'after' },
      )
      .lean<PasswordResetDocument>();
    if (redeemed) {
      this.published(redeemed._id, events);
    }
    return redeemed;
  }

  /** A used link, to finish its reset; only its own user's. */
  async findUsed(id: string, userId: string): Promise<PasswordResetDocument | null> {
    return this.model
      .findOne({ _id: id, userId, usedAt: { $ne: null } }, { outbox: 0 })
      .lean<PasswordResetDocument>();
  }

  /** The new password is set on the user: its hash is kept nowhere else. */
  async forgetNewPassword(id: string): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { newPasswordHash: null } });
  }
}
