import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema, textSchema } from '../common';
import { defineEvent } from '../messaging/event-contract';
import { PageQuerySchema, pageSchema } from '../messaging/pagination';
import { defineRequest } from '../messaging/request-contract';
import { FormSpecSchema, LocalisedNameSchema } from './process-template';

/**
 * Process instances ("requests"), their work items (tasks: user tasks, approvals,
 * acknowledgements, group tasks), and their feed (ARCHITECTURE §6).
 */

export const InstanceStatusSchema = z.enum(['running', 'completed', 'rejected', 'cancelled']);
export type InstanceStatus = z.infer<typeof InstanceStatusSchema>;

/** Whose move it is: our company's people, or the external org's. */
export const PartySchema = z.enum(['company', 'external']);
export type Party = z.infer<typeof PartySchema>;

export const StepTypeSchema = z.enum([
  'userTask',
  'approval',
  'acknowledgement',
  'generateDocument',
  'registerUpdate',
  'notify',
  'wait',
  'admin',
]);

/** One run of a step (a step returned to runs again), as the timeline shows it. */
export const StepRunViewSchema = z.object({
  runId: z.string(),
  stepId: z.string(),
  type: StepTypeSchema,
  name: LocalisedNameSchema,
  party: PartySchema,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Who finished it (for an approval: the last decider). */
  actorId: z.string().nullable(),
  outcome: z.string().nullable(),
  /** The outcome's name, as the step's definition gives it (GET of one request only). */
  outcomeName: LocalisedNameSchema.nullable().optional(),
  comment: z.string().nullable(),
  /** Who holds it now: the assignees, or the group's candidates. */
  holders: z.array(z.string()),
  /** Set when the step could not be started (e.g. an assignee rule found nobody). */
  failure: z.string().nullable(),
  /** The SLA's due time (a wait step: when it ends); null when there is none. */
  dueAt: z.string().nullable(),
  /** The SLA was breached while the step was open (set on breach, kept in the history). */
  overdue: z.boolean(),
  /** How far up the breach was escalated: 0 none yet, 1 the holders' supervisors, 2 higher up. */
  escalationLevel: z.number().int(),
});
export type StepRunView = z.infer<typeof StepRunViewSchema>;

/** A person as a request's page names them: their display name, and whether they are the client's. */
export const PersonNameSchema = z.object({ id: z.string(), displayName: z.string(), external: z.boolean() });
export type PersonName = z.infer<typeof PersonNameSchema>;

export const InstanceViewSchema = z.object({
  id: z.string(),
  number: z.string(),
  orgId: z.string(),
  templateKey: z.string(),
  templateVersion: z.number().int(),
  templateName: LocalisedNameSchema,
  title: z.string(),
  status: InstanceStatusSchema,
  requesterId: z.string(),
  requesterOrgId: z.string(),
  clientOrgId: z.string().nullable(),
  /** The start form's data (portal users see it: it is their request). */
  form: z.record(z.string(), z.unknown()),
  /** What steps saved (document ids, record ids). */
  vars: z.record(z.string(), z.unknown()),
  /** Open steps with who holds them and since when. */
  current: z.array(StepRunViewSchema),
  /** Finished step runs, oldest first. */
  history: z.array(StepRunViewSchema),
  /** The party holding the request now and since when (null once it has ended). */
  heldBy: z.object({ party: PartySchema, since: z.string(), holders: z.array(z.string()) }).nullable(),
  /** An open step is past its SLA due time. */
  overdue: z.boolean(),
  revision: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  endedAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  /**
   * The start form of the template version the request runs (its labels for showing `form`);
   * in the answer of GET /api/requests/{id} only.
   */
  startForm: FormSpecSchema.nullable().optional(),
  /**
   * Names of the people the page shows (the requester, who finished and who holds its steps, the
   * participants), so that a portal user sees who works on their request; GET of one request only.
   */
  people: z.array(PersonNameSchema).optional(),
});
export type InstanceView = z.infer<typeof InstanceViewSchema>;

export const StartInstanceInputSchema = z.object({
  templateKey: z.string().min(1).max(63),
  form: z.record(z.string(), z.unknown()).default({}),
  /** The caller's key of this command (the gateway's Idempotency-Key header): repeated, it answers the same instance. */
  idempotencyKey: z.string().min(1).max(200).optional(),
});
export type StartInstanceInput = z.infer<typeof StartInstanceInputSchema>;

export const ListInstancesInputSchema = PageQuerySchema.extend({
  /** Requests I started, requests I take part in, or (portal users and managers) those of an org. */
  scope: z.enum(['mine', 'involved', 'org']).default('involved'),
  orgId: IdSchema.optional(),
  status: InstanceStatusSchema.optional(),
  templateKey: z.string().max(63).optional(),
});
export type ListInstancesInput = z.infer<typeof ListInstancesInputSchema>;

export const InstanceSummarySchema = InstanceViewSchema.pick({
  id: true,
  number: true,
  templateKey: true,
  templateName: true,
  title: true,
  status: true,
  requesterId: true,
  clientOrgId: true,
  heldBy: true,
  overdue: true,
  createdAt: true,
  updatedAt: true,
  endedAt: true,
});
export type InstanceSummary = z.infer<typeof InstanceSummarySchema>;
export const InstancePageSchema = pageSchema(InstanceSummarySchema);

const reason = textSchema(2000).pipe(z.string().min(1));

export const CancelInstanceInputSchema = z.object({ instanceId: IdSchema, reason });

/* ---------- work items ---------- */

export const WorkItemKindSchema = z.enum(['task', 'userTask', 'approval', 'acknowledgement', 'admin']);
export const WorkItemStatusSchema = z.enum(['open', 'done', 'cancelled']);

export const WorkItemViewSchema = z.object({
  id: z.string(),
  kind: WorkItemKindSchema,
  status: WorkItemStatusSchema,
  title: z.string(),
  description: z.string().nullable(),
  /** The step's name, in both languages (process work items). */
  stepName: LocalisedNameSchema.nullable(),
  /** Null for a group task nobody has claimed yet. */
  assigneeId: z.string().nullable(),
  /** A group task's candidates (who may claim it). */
  candidateIds: z.array(z.string()),
  instanceId: z.string().nullable(),
  instanceNumber: z.string().nullable(),
  stepId: z.string().nullable(),
  templateKey: z.string().nullable(),
  clientOrgId: z.string().nullable(),
  party: PartySchema,
  outcomes: z.array(z.object({ id: z.string(), name: LocalisedNameSchema, requireComment: z.boolean() })),
  /** Earlier steps an approver may return the request to. */
  returnTo: z.array(z.string()),
  /** The form to fill (JSON Schema and UI schema), if any. */
  form: z
    .object({
      schema: z.record(z.string(), z.unknown()),
      uiSchema: z.record(z.string(), z.unknown()).optional(),
    })
    .nullable(),
  /** The document version to acknowledge. */
  document: z
    .object({ documentId: z.string(), version: z.number().int(), sha256: z.string(), title: z.string() })
    .nullable(),
  outcome: z.string().nullable(),
  comment: z.string().nullable(),
  completedBy: z.string().nullable(),
  completedAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  createdBy: z.string(),
  createdAt: z.string(),
  /** Optimistic concurrency: send it back with a command. */
  revision: z.number().int(),
});
export type WorkItemView = z.infer<typeof WorkItemViewSchema>;

export const CompleteTaskInputSchema = z.object({
  taskId: IdSchema,
  /** The outcome: one of the task's outcomes (approval: approve, return, reject; acknowledgement: acknowledged). */
  outcome: z.string().min(1).max(63),
  comment: textSchema(5000).optional(),
  /** For a return: the earlier step (default: the step's first return target). */
  returnTo: z.string().max(63).optional(),
  /** The task form's data. */
  data: z.record(z.string(), z.unknown()).default({}),
  /** The revision the person saw: a task changed since gets CONFLICT. */
  revision: z.number().int().nonnegative().optional(),
});
export type CompleteTaskInput = z.infer<typeof CompleteTaskInputSchema>;

export const ClaimTaskInputSchema = z.object({
  taskId: IdSchema,
  revision: z.number().int().nonnegative().optional(),
});
export const ReassignTaskInputSchema = z.object({ taskId: IdSchema, assigneeId: IdSchema, reason });

export const InboxInputSchema = PageQuerySchema.extend({
  /** Mine (assigned to me), group tasks I may claim, or both. */
  view: z.enum(['all', 'mine', 'claimable']).default('all'),
  templateKey: z.string().max(63).optional(),
  clientOrgId: IdSchema.optional(),
  /** Only the work of one request (its page shows what the caller may do there). */
  instanceId: IdSchema.optional(),
  /** Only tasks due before this time. */
  dueBefore: IsoDateTimeSchema.optional(),
  overdue: z.coerce.boolean().optional(),
});
export type InboxInput = z.infer<typeof InboxInputSchema>;
export const WorkItemPageSchema = pageSchema(WorkItemViewSchema);

export const InboxCountsSchema = z.object({
  mine: z.number().int(),
  claimable: z.number().int(),
  overdue: z.number().int(),
});

export const AcknowledgementProgressSchema = z.object({
  instanceId: z.string(),
  stepId: z.string(),
  document: z.object({ documentId: z.string(), version: z.number().int(), title: z.string() }).nullable(),
  total: z.number().int(),
  done: z.number().int(),
  overdue: z.number().int(),
  /** Who has not acknowledged yet, and where (their org). */
  pending: z.array(
    z.object({
      userId: z.string(),
      displayName: z.string(),
      orgId: z.string(),
      /** The org's name ('' when identity does not know it). */
      orgName: z.string(),
      overdue: z.boolean(),
    }),
  ),
});
export type AcknowledgementProgress = z.infer<typeof AcknowledgementProgressSchema>;

/* ---------- feed ---------- */

export const FeedVisibilitySchema = z.enum(['internal', 'shared']);
export const FeedEntryViewSchema = z.object({
  id: z.string(),
  instanceId: z.string(),
  kind: z.enum(['comment', 'system']),
  visibility: FeedVisibilitySchema,
  authorId: z.string().nullable(),
  text: z.string().nullable(),
  mentions: z.array(z.string()),
  /** Documents carried by a comment; a request's own attachment has its file's name and size. */
  attachments: z.array(
    z.object({
      documentId: z.string(),
      title: z.string().nullable(),
      fileName: z.string().nullable(),
      size: z.number().int().nonnegative().nullable(),
    }),
  ),
  /** System entries: what happened (the event type), and its details. */
  event: z
    .object({
      type: z.string(),
      stepId: z.string().nullable(),
      outcome: z.string().nullable(),
      comment: z.string().nullable(),
      actorId: z.string().nullable(),
      documentId: z.string().nullable(),
    })
    .nullable(),
  createdAt: z.string(),
});
export type FeedEntryView = z.infer<typeof FeedEntryViewSchema>;
export const FeedPageSchema = pageSchema(FeedEntryViewSchema);

export const AddCommentInputSchema = z.object({
  instanceId: IdSchema,
  text: textSchema(10_000).pipe(z.string().min(1)),
  /** Shared with the external participants (portal users' own comments always are). */
  visibility: FeedVisibilitySchema.default('shared'),
  mentions: z.array(IdSchema).max(20).default([]),
  attachments: z.array(IdSchema).max(20).default([]),
});
export type AddCommentInput = z.infer<typeof AddCommentInputSchema>;

export const FeedInputSchema = PageQuerySchema.extend({ instanceId: IdSchema });

/* ---------- requests ---------- */

const byInstance = z.object({ instanceId: IdSchema });
const byTask = z.object({ taskId: IdSchema });

export const ProcessRequests = {
  start: defineRequest('tasks.instance.start', StartInstanceInputSchema, InstanceViewSchema),
  get: defineRequest('tasks.instance.get', byInstance, InstanceViewSchema),
  list: defineRequest('tasks.instance.list', ListInstancesInputSchema, InstancePageSchema),
  cancel: defineRequest('tasks.instance.cancel', CancelInstanceInputSchema, InstanceViewSchema),
  acknowledgements: defineRequest(
    'tasks.instance.acknowledgements',
    byInstance.extend({ stepId: z.string().max(63).optional() }),
    AcknowledgementProgressSchema,
  ),
  remind: defineRequest(
    'tasks.instance.remind',
    byInstance.extend({ stepId: z.string().max(63).optional() }),
    z.object({ reminded: z.number().int() }),
  ),
  inbox: defineRequest('tasks.task.inbox', InboxInputSchema, WorkItemPageSchema),
  counts: defineRequest('tasks.task.counts', z.object({}), InboxCountsSchema),
  item: defineRequest('tasks.task.item', byTask, WorkItemViewSchema),
  complete: defineRequest('tasks.task.complete', CompleteTaskInputSchema, WorkItemViewSchema),
  claim: defineRequest('tasks.task.claim', ClaimTaskInputSchema, WorkItemViewSchema),
  release: defineRequest('tasks.task.release', ClaimTaskInputSchema, WorkItemViewSchema),
  reassign: defineRequest('tasks.task.reassign', ReassignTaskInputSchema, WorkItemViewSchema),
  feed: defineRequest('tasks.feed.list', FeedInputSchema, FeedPageSchema),
  comment: defineRequest('tasks.feed.comment', AddCommentInputSchema, FeedEntryViewSchema),
  /**
   * Documents asks, with the caller's own token, whether they may see a request (to file a file to
   * it, or to open one filed there): NOT_FOUND unless they may; its client org when they may.
   */
  access: defineRequest(
    'tasks.instance.access',
    byInstance,
    z.object({ instanceId: z.string(), clientOrgId: z.string().nullable() }),
    { callers: ['documents'] },
  ),
};

/* ---------- events ---------- */

const instanceBase = {
  instanceId: z.string(),
  templateKey: z.string(),
  templateVersion: z.number().int(),
  /** The instance's revision after the transition: an outside subscriber orders by it. */
  revision: z.number().int(),
};

const assigneeSet = {
  assigneeIds: z.array(z.string()),
  candidateIds: z.array(z.string()),
};

export const ProcessEvents = {
  instanceStarted: defineEvent(
    'tasks.instance.started',
    1,
    z.object({
      ...instanceBase,
      number: z.string(),
      title: z.string(),
      requesterId: z.string(),
      requesterOrgId: z.string(),
      clientOrgId: z.string().nullable(),
      form: z.record(z.string(), z.unknown()),
    }),
    'A process instance (a request) was started.',
  ),
  stepStarted: defineEvent(
    'tasks.step.started',
    1,
    z.object({
      ...instanceBase,
      runId: z.string(),
      stepId: z.string(),
      stepType: StepTypeSchema,
      party: PartySchema,
      ...assigneeSet,
      dueAt: z.string().nullable(),
      /** The document an acknowledgement is about. */
      document: z
        .object({ documentId: z.string(), version: z.number().int(), sha256: z.string(), title: z.string() })
        .nullable(),
    }),
    'A step of an instance started; its work items are set for the assignees or the group.',
  ),
  stepAssigned: defineEvent(
    'tasks.step.assigned',
    1,
    z.object({ ...instanceBase, runId: z.string(), stepId: z.string(), ...assigneeSet }),
    'More people were given work in a running step (the next approver of a sequential approval).',
  ),
  stepFinished: defineEvent(
    'tasks.step.finished',
    1,
    z.object({
      ...instanceBase,
      runId: z.string(),
      stepId: z.string(),
      stepType: StepTypeSchema,
      outcome: z.string().nullable(),
      comment: z.string().nullable(),
      actorId: z.string().nullable(),
      /** Set when a return sent the request back to an earlier step. */
      returnedTo: z.string().nullable(),
      documentId: z.string().nullable(),
      recordId: z.string().nullable(),
      /** Who held the step. */
      party: PartySchema,
      /** Whether work items of the run may still be open (to be withdrawn, or kept: an order that went on). */
      openItems: z.boolean(),
    }),
    'A step finished with an outcome (an approval decided, a task completed, a document issued).',
  ),
  stepFailed: defineEvent(
    'tasks.step.failed',
    1,
    z.object({ ...instanceBase, runId: z.string(), stepId: z.string(), reason: z.string() }),
    'A step could not be started or run; an admin task was set.',
  ),
  stepReminded: defineEvent(
    'tasks.step.reminded',
    1,
    z.object({
      ...instanceBase,
      runId: z.string(),
      stepId: z.string(),
      /** Those who hold the step's open work (or the group's candidates when nobody claimed it). */
      recipientIds: z.array(z.string()),
      dueAt: z.string(),
    }),
    'A step’s SLA due time is near: those who hold it were reminded.',
  ),
  stepEscalated: defineEvent(
    'tasks.step.escalated',
    1,
    z.object({
      ...instanceBase,
      runId: z.string(),
      stepId: z.string(),
      /** 1 on breach (the assignees' supervisors), 2 and up after each further interval (higher up). */
      level: z.number().int().min(1),
      assigneeIds: z.array(z.string()),
      /** The supervisors the breach was escalated to at this level. */
      recipientIds: z.array(z.string()),
      dueAt: z.string(),
    }),
    'A step passed its SLA due time: it is overdue and was escalated up the org structure.',
  ),
  instanceNotified: defineEvent(
    'tasks.instance.notified',
    1,
    z.object({
      ...instanceBase,
      stepId: z.string(),
      recipientIds: z.array(z.string()),
      message: LocalisedNameSchema,
    }),
    'A notify step addressed a message to people.',
  ),
  acknowledgementsReminded: defineEvent(
    'tasks.instance.reminded',
    1,
    z.object({ ...instanceBase, stepId: z.string(), recipientIds: z.array(z.string()) }),
    'Those who have not acknowledged an order yet were reminded.',
  ),
  instanceEnded: defineEvent(
    'tasks.instance.ended',
    1,
    z.object({ ...instanceBase, status: InstanceStatusSchema, reason: z.string().nullable() }),
    'An instance completed, was rejected or was cancelled.',
  ),
  taskClaimed: defineEvent(
    'tasks.task.claimed',
    1,
    z.object({ taskId: z.string(), instanceId: z.string().nullable(), userId: z.string() }),
    'A member of the group claimed a group task.',
  ),
  taskReleased: defineEvent(
    'tasks.task.released',
    1,
    z.object({ taskId: z.string(), instanceId: z.string().nullable(), userId: z.string() }),
    'A claimed group task was given back to the group.',
  ),
  taskReassigned: defineEvent(
    'tasks.task.reassigned',
    1,
    z.object({
      taskId: z.string(),
      instanceId: z.string().nullable(),
      fromId: z.string().nullable(),
      toId: z.string(),
      reason: z.string(),
      /** The work item's title (absent from events of before it was carried). */
      title: z.string().optional(),
    }),
    'A manager gave a task to someone else, with a reason.',
  ),
  taskCompleted: defineEvent(
    'tasks.task.completed',
    1,
    z.object({
      taskId: z.string(),
      kind: WorkItemKindSchema,
      instanceId: z.string().nullable(),
      runId: z.string().nullable(),
      stepId: z.string().nullable(),
      userId: z.string(),
      outcome: z.string(),
      comment: z.string().nullable(),
      returnTo: z.string().nullable(),
      data: z.record(z.string(), z.unknown()),
      document: z
        .object({ documentId: z.string(), version: z.number().int(), sha256: z.string() })
        .nullable(),
    }),
    'Someone completed a work item (decided an approval, acknowledged a document).',
  ),
  commentAdded: defineEvent(
    'tasks.feed.comment-added',
    1,
    z.object({
      entryId: z.string(),
      instanceId: z.string(),
      authorId: z.string(),
      visibility: FeedVisibilitySchema,
      mentions: z.array(z.string()),
      participantIds: z.array(z.string()),
    }),
    'A comment was added to a request’s feed (mentions notify).',
  ),
};
