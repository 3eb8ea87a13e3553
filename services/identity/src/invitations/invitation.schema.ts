import { Schema } from 'mongoose';
import type { SeatType } from '@orbita/contracts';
import type { OutboxFields } from '@orbita/platform';
import { withOutbox } from '@orbita/platform';

export type InvitationStatus = 'pending' | 'accepted' | 'revoked';

export interface InvitationDocument extends OutboxFields {
  _id: string;
  /** SHA-256 of the link's token; the token itself is only in the e-mail (and shown once to the inviter). */
  tokenHash: string;
  email: string;
  displayName: string;
  orgId: string;
  orgPath: string[];
  seat: SeatType;
  roleIds: string[];
  /**
   * The (invited) user account the invitation activates, or, for an invitation of an address whose
   * account the inviter may not see, the holder of its seat (no account has this id).
   */
  userId: string;
  /**
   * Set when the address already had an account the inviter may not see: the inviter was answered
   * as for a new address (no oracle of who has an account), the account's owner was told by e-mail,
   * and the invitation can never be accepted. Never shown to anyone.
   */
  existingAccountId?: string | null;
  status: InvitationStatus;
  invitedBy: string;
  expiresAt: Date;
  createdAt: Date;
  closedAt: Date | null;
}

export const InvitationSchema = withOutbox(
  new Schema<InvitationDocument>(
    {
      _id: { type: String, required: true },
      tokenHash: { type: String, required: true },
      email: { type: String, required: true },
      displayName: { type: String, required: true },
      orgId: { type: String, required: true },
      orgPath: { type: [String], required: true },
      seat: { type: String, required: true, enum: ['full', 'portal'] },
      roleIds: { type: [String], default: [] },
      userId: { type: String, required: true },
      existingAccountId: { type: String, default: null },
      status: { type: String, required: true, enum: ['pending', 'accepted', 'revoked'] },
      invitedBy: { type: String, required: true },
      expiresAt: { type: Date, required: true },
      createdAt: { type: Date, required: true },
      closedAt: { type: Date, default: null },
    },
    { collection: 'invitations', versionKey: false },
  ),
);

// Serves preview and acceptance of a link: findOne({ tokenHash }); unique so a token is one invitation.
InvitationSchema.index({ tokenHash: 1 }, { unique: true });
// Serves the invitations an admin may see: find({ orgPath: { $in } }).sort({ _id: -1 }).
InvitationSchema.index({ orgPath: 1, _id: -1 });
// Serves "the pending invitations of this account" when inviting again, and the seats of invitations
// without an account in the seat reconciliation: find({ userId, status }).
InvitationSchema.index({ userId: 1, status: 1 });
// Serves "the pending invitation of this address into this org" when it has a hidden account:
// find({ email, orgId, status, existingAccountId }).
InvitationSchema.index({ email: 1, orgId: 1, status: 1 });
