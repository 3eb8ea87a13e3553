import { Schema } from 'mongoose';
import type { OutboxFields } from '@orbita/platform';
import { withOutbox } from '@orbita/platform';

export interface RegisterRecordDocument extends OutboxFields {
  _id: string;
  registerKey: string;
  /** The owner org. */
  orgId: string;
  /** Org ids from the company down to `orgId`, for subtree visibility (as tasks). */
  orgPath: string[];
  /**
   * What names the record within its register and owner org, unique there: `n:<natural key>` for
   * registers with one (an invoice's number: a re-import updates), `p:<idempotency key>` for a
   * record a process step created (a retried step finds it), else `id:<_id>`.
   */
  key: string;
  data: Record<string, unknown>;
  title: string;
  revision: number;
  /** `<field>:<YYYY-MM-DD>` of the definition's date fields, for "ends before" look-ups. */
  dateKeys: string[];
  /** The natural key of the record this one settles (a payment's invoice number), if any. */
  settles: string | null;
  /** Idempotency keys of the process steps that wrote it (the latest few). */
  applied: string[];
  source: { instanceId?: string; stepId?: string };
  createdBy: string;
  updatedBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export const RegisterRecordSchema = withOutbox(
  new Schema<RegisterRecordDocument>(
    {
      _id: { type: String, required: true },
      registerKey: { type: String, required: true },
      orgId: { type: String, required: true },
      orgPath: { type: [String], required: true },
      key: { type: String, required: true },
      data: { type: Object, required: true },
      title: { type: String, required: true },
      revision: { type: Number, required: true },
      dateKeys: { type: [String], required: true },
      settles: { type: String, default: null },
      applied: { type: [String], required: true },
      source: { type: Object, required: true },
      createdBy: { type: String, required: true },
      updatedBy: { type: String, required: true },
      createdAt: { type: Date, required: true },
      updatedAt: { type: Date, required: true },
    },
    // `data` is stored as given (validated against the register's schema), not minimised.
    { collection: 'register_records', versionKey: false, minimize: false },
  ),
);

// Serves the client card and an org's list: find({ registerKey, orgId, orgPath: { $in } }).sort({ _id: -1 }).
RegisterRecordSchema.index({ registerKey: 1, orgId: 1, _id: -1 });
// Serves a register's list across the caller's orgs: find({ registerKey, orgPath: { $in } }).sort({ _id: -1 }).
RegisterRecordSchema.index({ registerKey: 1, orgPath: 1, _id: -1 });
// One record per key in a register and owner org (imports update, retried steps find theirs):
// find({ registerKey, orgId, key: { $in } }).
RegisterRecordSchema.index({ registerKey: 1, orgId: 1, key: 1 }, { unique: true });
// Serves what settles a record (the payments of an invoice): find({ registerKey, orgId, settles }).
RegisterRecordSchema.index({ registerKey: 1, orgId: 1, settles: 1 });
// Serves "ends before": find({ registerKey, dateKeys: { $gte: 'endDate:', $lt: 'endDate:2026-12-31' } }).
RegisterRecordSchema.index({ registerKey: 1, dateKeys: 1 });
