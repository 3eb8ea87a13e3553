import { Schema } from 'mongoose';
import type { ReportDimension } from '@orbita/contracts';
import { ReportDimensionSchema } from '@orbita/contracts';

/** The counters of a report row; a fact adds to some of them (ADR 023). */
export const REPORT_COUNTERS = [
  'requestsFinished',
  'requestsBreached',
  'stepsFinished',
  'slaMet',
  'slaBreached',
  'requestsHandled',
  'calendarCompanyMs',
  'calendarExternalMs',
  'calendarThirdPartyMs',
  'workingCompanyMs',
  'workingExternalMs',
  'workingThirdPartyMs',
  // The per-region report's (ADR 024): money in kopecks, integers.
  'requestsStarted',
  'plannedKopecks',
  'approvedKopecks',
  'financingApproved',
  'violations',
] as const;
export type ReportCounter = (typeof REPORT_COUNTERS)[number];
export type ReportCounts = Record<ReportCounter, number>;

/** Where a fact is counted: one row of one org, dimension, key and month. */
export interface ReportTarget {
  rowId: string;
  orgId: string;
  dimension: ReportDimension;
  key: string;
  month: string;
  label: string;
  /** What the fact adds to this row when not its `inc` (a changed record moves its counts between rows). */
  inc?: Partial<ReportCounts>;
}

/**
 * One month × template, client or manager of a company: counters kept up to date from facts.
 * `applying` holds the facts whose counts are in the row but that have not let go of it yet: a fact
 * found there is never added again (what makes a redelivered event, or a crash between the writes,
 * count once).
 */
export interface ReportRowDocument extends ReportCounts {
  _id: string;
  orgId: string;
  dimension: ReportDimension;
  key: string;
  month: string;
  label: string;
  applying: string[];
  updatedAt: Date;
}

const counterFields = Object.fromEntries(REPORT_COUNTERS.map((name) => [name, { type: Number, default: 0 }]));

export const ReportRowSchema = new Schema<ReportRowDocument>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    dimension: { type: String, required: true, enum: ReportDimensionSchema.options },
    key: { type: String, required: true },
    month: { type: String, required: true },
    label: { type: String, required: true },
    ...counterFields,
    applying: { type: [String], default: [] },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'report_rows', versionKey: false, minimize: false },
);

// Serves a report: find({ orgId, dimension, month: { $gte, $lte } }).sort({ month: 1, key: 1 }).
ReportRowSchema.index({ orgId: 1, dimension: 1, month: 1, key: 1 });

/**
 * Something countable that happened (a step run finished, a request ended, a person handled a
 * request in a month), under an `_id` made from what it is about, so it is stored once however
 * often its event comes. `pending` lists the rows it has not been added to yet.
 */
export interface ReportFactDocument {
  _id: string;
  orgId: string;
  instanceId: string;
  kind: 'step' | 'request' | 'handled' | 'started' | 'record';
  inc: Partial<ReportCounts>;
  targets: ReportTarget[];
  pending: string[];
  /** What the figures were computed from (the run's times and party), for whoever audits them. */
  detail: Record<string, unknown>;
  createdAt: Date;
}

export const ReportFactSchema = new Schema<ReportFactDocument>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    instanceId: { type: String, required: true },
    kind: { type: String, required: true, enum: ['step', 'request', 'handled', 'started', 'record'] },
    inc: { type: Schema.Types.Mixed, required: true },
    targets: { type: Schema.Types.Mixed, required: true },
    pending: { type: [String], default: [] },
    detail: { type: Schema.Types.Mixed, default: {} },
    createdAt: { type: Date, required: true },
  },
  { collection: 'report_facts', versionKey: false, minimize: false },
);
// Facts are read by _id only (the ledger's own steps): no other index.

/**
 * What a register record counts for in the per-region report now (ADR 024): the row and the
 * counts of its last counted revision. A change of the record is counted as the difference from
 * this, in a fact named by the revision it starts from, so two deliveries of one change, or two
 * changes seen at once, add the same difference once.
 */
export interface ReportContributionDocument {
  /** The record's id. */
  _id: string;
  revision: number;
  target: Omit<ReportTarget, 'inc'> | null;
  inc: Partial<ReportCounts>;
  updatedAt: Date;
}

export const ReportContributionSchema = new Schema<ReportContributionDocument>(
  {
    _id: { type: String, required: true },
    revision: { type: Number, required: true },
    target: { type: Schema.Types.Mixed, default: null },
    inc: { type: Schema.Types.Mixed, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'report_contributions', versionKey: false, minimize: false },
);
// Contributions are read by _id only (the projector's own steps): no other index.
