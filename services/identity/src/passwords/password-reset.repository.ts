import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { EventEnvelope } from '@orbita/contracts';
import { MONGO_CONNECTION, OutboxRelay, OutboxedRepository } from '@orbita/platform';
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

  /** Marks the link used, once, if it is still valid; answers it, or null. */
  async redeem(tokenHash: string, now: Date): Promise<PasswordResetDocument | null> {
    return this.model
      .findOneAndUpdate(
        { tokenHash, usedAt: null, expiresAt: { $gt: now } },
        { $set: { usedAt: now } },
        { returnDocument: 'after' },
      )
      .lean<PasswordResetDocument>();
  }
}
