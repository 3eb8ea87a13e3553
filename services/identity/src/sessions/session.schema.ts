import { Schema } from 'mongoose';
import type { OutboxFields } from '@orbita/platform';
import { withOutbox } from '@orbita/platform';

export type SessionRevokedReason =
  'logout' | 'reuse-detected' | 'password-changed' | 'password-reset' | 'deactivated';

/**
 * A login session: one family of rotating refresh tokens. Only hashes are stored; the current one
 * may be exchanged once, and any earlier one coming back means the family was stolen.
 */
export interface SessionDocument extends OutboxFields {
  _id: string;
  userId: string;
  orgId: string;
  currentHash: string;
  usedHashes: string[];
  clientIp: string;
  /**
   * When the password the session was started with was set (the user's passwordChangedAt at login):
   * a password change or reset ends the sessions established with an older one, and never one
   * started with the new password, however late that step runs. Absent on sessions started before
   * it existed (their createdAt stands in).
   */
  credentialSetAt?: Date;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  revokedReason: SessionRevokedReason | null;
}

export const SessionSchema = withOutbox(
  new Schema<SessionDocument>(
    {
      _id: { type: String, required: true },
      userId: { type: String, required: true },
      orgId: { type: String, required: true },
      currentHash: { type: String, required: true },
      usedHashes: { type: [String], default: [] },
      clientIp: { type: String, required: true },
      credentialSetAt: { type: Date },
      createdAt: { type: Date, required: true },
      lastUsedAt: { type: Date, required: true },
      expiresAt: { type: Date, required: true },
      revokedAt: { type: Date, default: null },
      revokedReason: { type: String, default: null },
    },
    { collection: 'sessions', versionKey: false },
  ),
);

// Serves "every live session of a user" (deactivation, password change): find({ userId, revokedAt: null }).
SessionSchema.index({ userId: 1, revokedAt: 1 });
// Serves the clean-up of old sessions: deleteMany({ expiresAt: { $lt } }).
SessionSchema.index({ expiresAt: 1 });
