import { Schema } from 'mongoose';
import type { SeatType } from '@orbita/contracts';

export interface UserDocument {
  _id: string;
  orgId: string;
  /** The path of the user's org, copied for subtree-scoped queries. */
  orgPath: string[];
  /** Lower-cased; unique across the installation (it is the login). */
  email: string;
  displayName: string;
  /** argon2id; null until the invitation is accepted. */
  passwordHash: string | null;
  seat: SeatType;
  external: boolean;
  roles: string[];
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const UserSchema = new Schema<UserDocument>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    orgPath: { type: [String], required: true },
    email: { type: String, required: true },
    displayName: { type: String, required: true },
    passwordHash: { type: String, default: null },
    seat: { type: String, required: true, enum: ['full', 'portal'] },
    external: { type: Boolean, required: true },
    roles: { type: [String], required: true },
    active: { type: Boolean, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'users', versionKey: false },
);

// Serves login and invitation look-ups: findOne({ email }); unique so one e-mail is one account.
UserSchema.index({ email: 1 }, { unique: true });
// Serves people of an org subtree: find({ orgPath: <org id> }).
UserSchema.index({ orgPath: 1, _id: 1 });
