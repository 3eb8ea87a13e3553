import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { EventEnvelope } from '@orbita/contracts';
import { MONGO_CONNECTION, OutboxRelay, Repository, systemScope } from '@orbita/platform';
import type { PasswordResetDocument } from './password-reset.schema';
import { PasswordResetSchema } from './password-reset.schema';

/** Reset links, reached only by the hash of their secret token (or by their user for limits). */
const RESETS = systemScope('reset links are reached by their secret, or by their user for limits');

@Injectable()
export class PasswordResetRepository extends Repository<PasswordResetDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    // No caller reads reset links with a scope of theirs.
    super(connection, 'PasswordReset', PasswordResetSchema, {
      visibleTo: () => ({ _id: { $in: [] } }),
      relay,
    });
  }

  async add(reset: PasswordResetDocument, events: EventEnvelope[]): Promise<void> {
    await this.insert(reset, events);
  }

  async countSince(userId: string, since: Date): Promise<number> {
    return this.count(RESETS, { userId, createdAt: { $gt: since } });
  }

  /** The link if it is still valid (unused, unexpired), without using it. */
  async findValid(tokenHash: string, now: Date): Promise<PasswordResetDocument | null> {
    return this.findOne(RESETS, { tokenHash, usedAt: null, expiresAt: { $gt: now } });
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
    return this.findOneAndUpdate(
      RESETS,
      { tokenHash, usedAt: null, expiresAt: { $gt: now } },
      { $set: { usedAt: now, newPasswordHash } },
      { events },
    );
  }

  /** A used link, to finish its reset; only its own user's. */
  async findUsed(id: string, userId: string): Promise<PasswordResetDocument | null> {
    return this.findOne(RESETS, { _id: id, userId, usedAt: { $ne: null } });
  }

  /** The new password is set on the user: its hash is kept nowhere else. */
  async forgetNewPassword(id: string): Promise<void> {
    await this.updateOne(RESETS, { _id: id }, { $set: { newPasswordHash: null } });
  }
}
