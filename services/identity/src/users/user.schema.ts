import { Schema } from 'mongoose';
import type { SeatType } from '@orbita/contracts';
import type { OutboxFields } from '@orbita/platform';
import { withOutbox } from '@orbita/platform';

export type UserStatus = 'invited' | 'active' | 'deactivated';

export interface RoleAssignment {
  roleId: string;
  /** The role applies to this org and its subtree. */
  orgId: string;
}

export interface UserDocument extends OutboxFields {
  _id: string;
  orgId: string;
  /** The path of the user's org, copied for subtree-scoped queries. */
  orgPath: string[];
  /** Lower-cased; unique across the installation (it is the login). */
  email: string;
  displayName: string;
  /** argon2id; null until an invitation is accepted. */
  passwordHash: string | null;
  /** Derived from the org: people of client and partner orgs hold portal seats. */
  seat: SeatType;
  external: boolean;
  roleAssignments: RoleAssignment[];
  /**
   * Raised by one with every change of what the user may do (roles, the permissions of a role held,
   * the orgs managed); access tokens carry it (claim `gv`), and older ones are refused. Absent on
   * documents written before it existed: version 0.
   */
  accessVersion?: number;
  status: UserStatus;
  /**
   * The language to write to the user in: the one their invitation was written in. Absent on
   * documents written before it existed (Russian, the invitations' default).
   */
  locale?: 'ru' | 'en';
  /** The person's own IANA time zone (they set it); absent or null: the installation's. */
  timeZone?: string | null;
  /** While invited: when the pending invitation expires (its seat is then given back). */
  invitationExpiresAt: Date | null;
  passwordChangedAt: Date | null;
  deactivatedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const UserSchema = withOutbox(
  new Schema<UserDocument>(
    {
      _id: { type: String, required: true },
      orgId: { type: String, required: true },
      orgPath: { type: [String], required: true },
      email: { type: String, required: true },
      displayName: { type: String, required: true },
      passwordHash: { type: String, default: null },
      seat: { type: String, required: true, enum: ['full', 'portal'] },
      external: { type: Boolean, required: true },
      roleAssignments: {
        type: [
          { _id: false, roleId: { type: String, required: true }, orgId: { type: String, required: true } },
        ],
        default: [],
      },
      accessVersion: { type: Number },
      status: { type: String, required: true, enum: ['invited', 'active', 'deactivated'] },
      locale: { type: String, enum: ['ru', 'en'] },
      timeZone: { type: String, default: null },
      invitationExpiresAt: { type: Date, default: null },
      passwordChangedAt: { type: Date, default: null },
      deactivatedAt: { type: Date, default: null },
      createdAt: { type: Date, required: true },
      updatedAt: { type: Date, required: true },
    },
    { collection: 'users', versionKey: false },
  ),
);

// Serves login, invitations and resets: findOne({ email }); unique, so one e-mail is one account.
UserSchema.index({ email: 1 }, { unique: true });
// Serves the people of visible org subtrees: find({ orgPath: { $in } }).sort({ _id: 1 }).
UserSchema.index({ orgPath: 1, _id: 1 });
// Serves "every holder of a role" when its permissions change: find({ 'roleAssignments.roleId' }).sort({ _id }).
UserSchema.index({ 'roleAssignments.roleId': 1, _id: 1 });
// Serves the org's people for the supervisor look-up and seat reconciliation: find({ orgId, status }).
UserSchema.index({ orgId: 1, status: 1 });
