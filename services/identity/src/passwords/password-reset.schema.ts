import { Schema } from 'mongoose';
import type { OutboxFields } from '@orbita/platform';
import { withOutbox } from '@orbita/platform';

export interface PasswordResetDocument extends OutboxFields {
  _id: string;
  /** SHA-256 of the link's token; the token itself is only in the e-mail. */
  tokenHash: string;
  userId: string;
  orgId: string;
  expiresAt: Date;
  usedAt: Date | null;
  /**
   * The argon2id hash of the password chosen with the link, written in the same write that uses the
   * link up (with the passwordReset event), so a crash before it is set on the user cannot lose it;
   * removed once it is set.
   */
  newPasswordHash?: string | null;
  createdAt: Date;
}

export const PasswordResetSchema = withOutbox(
  new Schema<PasswordResetDocument>(
    {
      _id: { type: String, required: true },
      tokenHash: { type: String, required: true },
      userId: { type: String, required: true },
      orgId: { type: String, required: true },
      expiresAt: { type: Date, required: true },
      usedAt: { type: Date, default: null },
      newPasswordHash: { type: String, default: null },
      createdAt: { type: Date, required: true },
    },
    { collection: 'password_resets', versionKey: false },
  ),
);

// Serves redeeming a link: findOne({ tokenHash }); unique so a token means one reset.
PasswordResetSchema.index({ tokenHash: 1 }, { unique: true });
// Serves the per-user limit and clean-up: countDocuments({ userId, createdAt: { $gt } }).
PasswordResetSchema.index({ userId: 1, createdAt: -1 });
