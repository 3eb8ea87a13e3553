import { Schema } from 'mongoose';
import type { DirectoryUser } from '@orbita/contracts';

export type PersonLocale = 'ru' | 'en';

/**
 * A person as notifications needs them (to write to them, in their language and time zone), copied
 * from identity: taken the first time one is needed and refreshed by identity's events about them.
 * `version` is identity's, so an older state never overwrites a newer one whatever the order.
 */
export interface PersonDocument {
  _id: string;
  orgId: string;
  orgPath: string[];
  displayName: string;
  status: DirectoryUser['status'];
  /** A person of a client or partner org (portal), not of the staff. */
  external: boolean;
  /** Absent when identity did not send it (a copy made before it did). */
  email: string | null;
  locale: PersonLocale;
  /** Absent when identity knows none: the installation's zone applies. */
  timeZone: string | null;
  roleAssignments: { roleId: string; orgId: string }[];
  version: number;
  syncedAt: Date;
}

export const PersonSchema = new Schema<PersonDocument>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    orgPath: { type: [String], required: true },
    displayName: { type: String, required: true },
    status: { type: String, required: true, enum: ['invited', 'active', 'deactivated'] },
    external: { type: Boolean, required: true },
    email: { type: String, default: null },
    locale: { type: String, required: true, enum: ['ru', 'en'] },
    timeZone: { type: String, default: null },
    roleAssignments: {
      type: [
        { _id: false, roleId: { type: String, required: true }, orgId: { type: String, required: true } },
      ],
      default: [],
    },
    version: { type: Number, required: true },
    syncedAt: { type: Date, required: true },
  },
  { collection: 'people', versionKey: false },
);

// Serves the people of an org: find({ orgId, status: 'active' }).sort({ _id: 1 }); by _id otherwise.
PersonSchema.index({ orgId: 1, status: 1, _id: 1 });
