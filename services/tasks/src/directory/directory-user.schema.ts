import { Schema } from 'mongoose';
import type { DirectoryUser } from '@orbita/contracts';

/**
 * The people tasks needs to know (assignees, and soon the assignee rules of processes), copied
 * from identity: fetched the first time one is needed and refreshed by identity's events, so a
 * task is set without asking identity each time. `version` is identity's, so an older copy never
 * overwrites a newer one whatever order the copies arrive in.
 */
export interface DirectoryUserDocument {
  _id: string;
  orgId: string;
  orgPath: string[];
  displayName: string;
  status: DirectoryUser['status'];
  external: boolean;
  seat: DirectoryUser['seat'];
  roleAssignments: { roleId: string; orgId: string }[];
  version: number;
  syncedAt: Date;
}

export const DirectoryUserSchema = new Schema<DirectoryUserDocument>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    orgPath: { type: [String], required: true },
    displayName: { type: String, required: true },
    status: { type: String, required: true, enum: ['invited', 'active', 'deactivated'] },
    external: { type: Boolean, required: true },
    seat: { type: String, required: true, enum: ['full', 'portal'] },
    roleAssignments: {
      type: [
        { _id: false, roleId: { type: String, required: true }, orgId: { type: String, required: true } },
      ],
      default: [],
    },
    version: { type: Number, required: true },
    syncedAt: { type: Date, required: true },
  },
  { collection: 'directory_users', versionKey: false },
);
// Looked up by _id only (the default index).
