import { Schema } from 'mongoose';

export type OrgKind = 'company' | 'department' | 'region' | 'branch' | 'client' | 'partner';

export interface OrgDocument {
  _id: string;
  name: string;
  kind: OrgKind;
  parentId: string | null;
  /** Ids from the company (root) down to and including this org. */
  path: string[];
  /** Client and partner orgs and their sub-orgs: their people are portal users. */
  external: boolean;
  /** The staff user who is the personal manager of an external org. */
  managerId: string | null;
  createdAt: Date;
}

export const OrgSchema = new Schema<OrgDocument>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    kind: {
      type: String,
      required: true,
      enum: ['company', 'department', 'region', 'branch', 'client', 'partner'],
    },
    parentId: { type: String, default: null },
    path: { type: [String], required: true },
    external: { type: Boolean, required: true },
    managerId: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'orgs', versionKey: false },
);

// Serves subtree queries: find({ path: <org id> }).
OrgSchema.index({ path: 1 });
// Serves the children of an org: find({ parentId }).
OrgSchema.index({ parentId: 1, name: 1 });
