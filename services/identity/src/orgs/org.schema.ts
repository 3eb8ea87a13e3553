import { Schema } from 'mongoose';
import type { LegalDetails, OrgKind } from '@orbita/contracts';
import type { OutboxFields } from '@orbita/platform';
import { withOutbox } from '@orbita/platform';

export interface OrgDocument extends OutboxFields {
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
  /** The head of the unit, supervisor of its people. */
  headId: string | null;
  /** Legal details printed on documents; null until someone enters them. */
  legal?: LegalDetails | null;
  createdAt: Date;
  updatedAt: Date;
}

export const OrgSchema = withOutbox(
  new Schema<OrgDocument>(
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
      headId: { type: String, default: null },
      legal: { type: Schema.Types.Mixed, default: null },
      createdAt: { type: Date, required: true },
      updatedAt: { type: Date, required: true },
    },
    { collection: 'orgs', versionKey: false },
  ),
);

// Serves subtree queries and the scope filter: find({ path: { $in: [...] } }).sort({ _id: 1 }).
OrgSchema.index({ path: 1, _id: 1 });
// Serves the children of an org: find({ parentId }).sort({ _id: 1 }).
OrgSchema.index({ parentId: 1, _id: 1 });
// Serves "orgs this user manages" when computing a user's grants: find({ managerId }).
OrgSchema.index({ managerId: 1 });
