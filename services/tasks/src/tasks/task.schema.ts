import { Schema } from 'mongoose';
import type { OutboxFields } from '@orbita/platform';
import { withOutbox } from '@orbita/platform';

export type TaskStatus = 'open' | 'done' | 'cancelled';
/** A stand-alone task, or a process step's work item. */
export type TaskKind = 'task' | 'userTask' | 'approval' | 'acknowledgement' | 'admin';

export interface TaskOutcome {
  id: string;
  name: { ru: string; en: string };
  requireComment: boolean;
}

export interface TaskDocumentRef {
  documentId: string;
  version: number;
  sha256: string;
  title: string;
}

export interface TaskDocument extends OutboxFields {
  _id: string;
  kind: TaskKind;
  /** The owning org: the creator's org, or the instance's. */
  orgId: string;
  /** Org ids from the company down to `orgId`, for subtree visibility. */
  orgPath: string[];
  title: string;
  description: string | null;
  status: TaskStatus;
  /** Null while a group task waits to be claimed. */
  assigneeId: string | null;
  /** Who may claim a group task. */
  candidateIds: string[];
  createdBy: string;
  /** Everyone who takes part and may therefore see the task wherever their org is. */
  participants: string[];
  dueAt: Date | null;
  /** dueAt, or the far future: the inbox's sort key (overdue first, then by due time, then undated). */
  dueSort: Date;
  /** Process work items: the instance, the step run (with the assignee key: one item each). */
  instanceId: string | null;
  instanceNumber: string | null;
  runId: string | null;
  /** `runId:userId`, or `runId:group` (a stand-alone task: `task:id`): unique, so a redelivered event sets no second item. */
  runKey: string;
  stepId: string | null;
  stepName: { ru: string; en: string } | null;
  templateKey: string | null;
  templateVersion: number | null;
  clientOrgId: string | null;
  party: 'company' | 'external';
  outcomes: TaskOutcome[];
  returnTo: string[];
  document: TaskDocumentRef | null;
  outcome: string | null;
  comment: string | null;
  data: Record<string, unknown> | null;
  completedBy: string | null;
  completedAt: Date | null;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A new work item's completion fields: nobody has completed it yet. */
export const NOT_COMPLETED = {
  outcome: null,
  comment: null,
  data: null,
  completedBy: null,
  completedAt: null,
  revision: 0,
} as const satisfies Partial<TaskDocument>;

/**
 * The far-future due time of undated tasks, so they sort after every dated one. Within
 * 2001-09-09..2286-11-20 (a 13-digit millisecond time): FerretDB's pushdown (ADR 010) sorts by a
 * date field in SQL only if every date ever stored there is, and the inbox's sort is by this field.
 */
export const NO_DUE = new Date('2286-11-20T00:00:00.000Z');

export const TaskSchema = withOutbox(
  new Schema<TaskDocument>(
    {
      _id: { type: String, required: true },
      kind: {
        type: String,
        required: true,
        enum: ['task', 'userTask', 'approval', 'acknowledgement', 'admin'],
      },
      orgId: { type: String, required: true },
      orgPath: { type: [String], required: true },
      title: { type: String, required: true },
      description: { type: String, default: null },
      status: { type: String, required: true, enum: ['open', 'done', 'cancelled'] },
      assigneeId: { type: String, default: null },
      candidateIds: { type: [String], default: [] },
      createdBy: { type: String, required: true },
      participants: { type: [String], required: true },
      dueAt: { type: Date, default: null },
      dueSort: { type: Date, required: true },
      instanceId: { type: String, default: null },
      instanceNumber: { type: String, default: null },
      runId: { type: String, default: null },
      runKey: { type: String, required: true },
      stepId: { type: String, default: null },
      stepName: { type: Schema.Types.Mixed, default: null },
      templateKey: { type: String, default: null },
      templateVersion: { type: Number, default: null },
      clientOrgId: { type: String, default: null },
      party: { type: String, required: true, enum: ['company', 'external'] },
      outcomes: { type: Schema.Types.Mixed, default: [] },
      returnTo: { type: [String], default: [] },
      document: { type: Schema.Types.Mixed, default: null },
      outcome: { type: String, default: null },
      comment: { type: String, default: null },
      data: { type: Schema.Types.Mixed, default: null },
      completedBy: { type: String, default: null },
      completedAt: { type: Date, default: null },
      revision: { type: Number, required: true },
      createdAt: { type: Date, required: true },
      updatedAt: { type: Date, required: true },
    },
    { collection: 'tasks', versionKey: false, minimize: false },
  ),
);

// Serves "tasks assigned to me", newest first: find({ assigneeId }).sort({ _id: -1 }).
TaskSchema.index({ assigneeId: 1, _id: -1 });
// Serves "tasks I created", newest first: find({ createdBy }).sort({ _id: -1 }).
TaskSchema.index({ createdBy: 1, _id: -1 });
// Serves the scope filter's org-subtree branch: { orgPath: <org> }.
TaskSchema.index({ orgPath: 1, _id: -1 });
// Serves the inbox, overdue first: find({ assigneeId, status: 'open' }).sort({ dueSort: 1, _id: 1 }).
TaskSchema.index({ assigneeId: 1, status: 1, dueSort: 1, _id: 1 });
// Serves group tasks I may claim: find({ candidateIds: me, status: 'open', assigneeId: null }).sort({ dueSort, _id }).
TaskSchema.index({ candidateIds: 1, status: 1, dueSort: 1, _id: 1 });
// Serves a step run's items (quorum counts, cancelling the rest, progress): find({ runId, status }).
TaskSchema.index({ runId: 1, status: 1 });
// One work item per step run and person (or group): a redelivered event sets no second one.
// Sparse: tasks stored before work items existed have no run key.
TaskSchema.index({ runKey: 1 }, { unique: true, sparse: true });
// Serves re-acknowledgement when a new version is published: find({ 'document.documentId', kind }).
TaskSchema.index({ 'document.documentId': 1, kind: 1 });
