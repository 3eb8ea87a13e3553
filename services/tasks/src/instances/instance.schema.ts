import { Schema } from 'mongoose';
import type { InstanceStatus, Party, SlaClock } from '@orbita/contracts';
import type { OutboxFields } from '@orbita/platform';
import { withOutbox } from '@orbita/platform';

export type RunType =
  | 'userTask'
  | 'approval'
  | 'acknowledgement'
  | 'generateDocument'
  | 'registerUpdate'
  | 'notify'
  | 'wait'
  | 'admin';

export interface Decision {
  taskId: string;
  userId: string;
  outcome: string;
  comment: string | null;
  at: Date;
}

/** A run's SLA (ADR 019): on which clock it counts, and when its timers are due. */
export interface RunSla {
  clock: SlaClock;
  /** The step's SLA on that clock, in milliseconds of it. */
  budgetMs: number;
  /** What earlier runs of the step used of it (they returned the request to the other party). */
  spentBeforeMs: number;
  /** The org path whose calendar the working clock is (the holder's unit). */
  calendarPath: string[];
  remindAt: Date | null;
  /** When a breach is escalated once more, higher up. */
  escalateAt: Date;
}

/** One run of a step: a step returned to runs again, with a new run id. */
export interface StepRun {
  runId: string;
  stepId: string;
  type: RunType;
  name: { ru: string; en: string };
  party: Party;
  /** Set when the template marks the step as a third party's time (ADR 023). */
  thirdParty?: { ru: string; en: string } | null;
  startedAt: Date;
  finishedAt: Date | null;
  actorId: string | null;
  outcome: string | null;
  comment: string | null;
  /** Who holds it: assignees or candidates (the first 50; `holderCount` has them all). */
  holders: string[];
  holderCount: number;
  /** How many work items the run set (one per person, one for a group): more than one may stay open. */
  itemCount?: number;
  failure: string | null;
  /** A sequential approval's approvers, in order. */
  approvers: string[];
  /** Approval decisions so far (each task once). */
  decisions: Decision[];
  dueAt: Date | null;
  /** Set when the step has an SLA (runs stored before SLAs were planned have none). */
  sla?: RunSla | null;
  /** When its holders were reminded of the due time. */
  remindedAt?: Date | null;
  /** The SLA was breached while the run was open. */
  overdue?: boolean;
  /** 0 not escalated, 1 to the holders' supervisors, 2 higher up. */
  escalationLevel?: number;
  /** Whom the last escalation went to (the next level goes above them). */
  escalatedTo?: string[];
  /** The document an acknowledgement is about. */
  document: { documentId: string; version: number; sha256: string; title: string } | null;
}

/** What finished steps left for expressions: `steps.<id>.outcome` and so on. */
export interface StepResult {
  outcome: string | null;
  data: Record<string, unknown>;
  comment: string | null;
  actorId: string | null;
}

export interface InstanceDocument extends OutboxFields {
  _id: string;
  /** A number people quote: the template's prefix-free sequence per year, e.g. 2026-000123. */
  number: string;
  /** The owning org: the client org when there is one, else the requester's org. */
  orgId: string;
  orgPath: string[];
  /** Requester, assignees, candidates and deciders: they see the request wherever their org is. */
  participants: string[];
  templateKey: string;
  templateVersion: number;
  templateName: { ru: string; en: string };
  title: string;
  status: InstanceStatus;
  requester: { userId: string; orgId: string; orgPath: string[]; external: boolean };
  clientOrgId: string | null;
  form: Record<string, unknown>;
  vars: Record<string, unknown>;
  steps: Record<string, StepResult>;
  current: StepRun[];
  history: StepRun[];
  /** The caller's idempotency key, or `id:<id>`: unique. */
  requestKey: string;
  revision: number;
  cancelReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  endedAt: Date | null;
}

export const InstanceSchema = withOutbox(
  new Schema<InstanceDocument>(
    {
      _id: { type: String, required: true },
      number: { type: String, required: true },
      orgId: { type: String, required: true },
      orgPath: { type: [String], required: true },
      participants: { type: [String], required: true },
      templateKey: { type: String, required: true },
      templateVersion: { type: Number, required: true },
      templateName: { type: Schema.Types.Mixed, required: true },
      title: { type: String, required: true },
      status: { type: String, required: true, enum: ['running', 'completed', 'rejected', 'cancelled'] },
      requester: { type: Schema.Types.Mixed, required: true },
      clientOrgId: { type: String, default: null },
      form: { type: Schema.Types.Mixed, default: {} },
      vars: { type: Schema.Types.Mixed, default: {} },
      steps: { type: Schema.Types.Mixed, default: {} },
      current: { type: Schema.Types.Mixed, default: [] },
      history: { type: Schema.Types.Mixed, default: [] },
      requestKey: { type: String, required: true },
      revision: { type: Number, required: true },
      cancelReason: { type: String, default: null },
      createdAt: { type: Date, required: true },
      updatedAt: { type: Date, required: true },
      endedAt: { type: Date, default: null },
    },
    { collection: 'process_instances', versionKey: false, minimize: false },
  ),
);

// Serves the idempotent start: findOne({ requestKey }); unique, so one key starts one instance.
InstanceSchema.index({ requestKey: 1 }, { unique: true });
// Serves "requests I started": find({ 'requester.userId' }).sort({ _id: -1 }).
InstanceSchema.index({ 'requester.userId': 1, _id: -1 });
// Serves "requests I take part in": find({ participants }).sort({ _id: -1 }).
InstanceSchema.index({ participants: 1, _id: -1 });
// Serves an org's requests (the portal, the client card): find({ orgPath: org }).sort({ _id: -1 }).
InstanceSchema.index({ orgPath: 1, _id: -1 });
// Serves the client card's requests: find({ clientOrgId, status: { $in } }).sort({ _id: -1 }).
InstanceSchema.index({ clientOrgId: 1, _id: -1 });

export interface CounterDocument {
  _id: string;
  seq: number;
}

export const CounterSchema = new Schema<CounterDocument>(
  { _id: { type: String, required: true }, seq: { type: Number, required: true } },
  { collection: 'counters', versionKey: false },
);
