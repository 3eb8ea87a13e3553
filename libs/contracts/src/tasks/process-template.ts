import { z } from 'zod';
import { IdSchema, textSchema } from '../common';
import { schemaMessage } from '../errors/localised-text';
import { OrgKindSchema } from '../identity/identity.contracts';

/**
 * A process template as data (ARCHITECTURE §6): what a customer uploads as JSON or YAML to model
 * a business process, with no code change. This schema is the published one (its JSON Schema is
 * served at GET /api/process-templates/schema); the engine checks the rest (step references,
 * expressions, forms) when a template is validated.
 */

/** A name shown to people, in both languages of the product. */
export const LocalisedNameSchema = z
  .object({ ru: textSchema(300).pipe(z.string().min(1)), en: textSchema(300).pipe(z.string().min(1)) })
  .strict();
export type LocalisedName = z.infer<typeof LocalisedNameSchema>;

/** Keys of templates, steps, outcomes and registers: lower-case latin, digits and "-". */
export const KeySchema = z.string().regex(
  /^[a-z][a-z0-9-]{0,62}$/,
  schemaMessage({
    en: 'must be lower-case latin letters, digits and "-", starting with a letter',
    ru: 'должно состоять из строчных латинских букв, цифр и «-» и начинаться с буквы',
  }),
);

/** Names of saved variables (`vars.<name>` in expressions): latin letters, digits and "_". */
export const VarNameSchema = z.string().regex(
  /^[A-Za-z][A-Za-z0-9_]{0,62}$/,
  schemaMessage({
    en: 'must be latin letters, digits and "_", starting with a letter',
    ru: 'должно состоять из латинских букв, цифр и "_" и начинаться с буквы',
  }),
);

/** Step ids the engine reserves as transition targets: finish the instance as completed, or rejected. */
export const END_STEP = 'end';
export const REJECTED_STEP = 'rejected';

/**
 * A safe expression over the instance's data: JSONLogic (jsonlogic.com), never code. Its data is
 * the expression context: `form` (the start form), `steps.<id>` (`outcome`, `data`, `comment`,
 * `actorId` of each finished step), `vars` (what steps saved), `requester` (`userId`, `orgId`),
 * `client` (`orgId`), `now` (ISO time). A literal (string, number, boolean, null) is itself.
 */
export const ExpressionSchema = z.unknown();
export type Expression = unknown;

/** Values computed for a document or a register record: field name → expression. */
export const MappingSchema = z.record(z.string().min(1).max(100), ExpressionSchema);

/**
 * An org unit named in a rule: the requester's org, the instance's client org, the company (the
 * root), or a fixed org id.
 */
export const OrgRefSchema = z.union([
  z.enum(['requester', 'client', 'company']),
  z.object({ orgId: IdSchema }),
]);
export type OrgRef = z.infer<typeof OrgRefSchema>;

/**
 * Who does a step. Rules that name one person give a personal task; `role` gives a group task one
 * member claims (and may release); `members` gives each person a task of their own (fan-out).
 * A rule that resolves to nobody fails the step visibly: an admin task is set, never silence.
 */
export const AssigneeRuleSchema = z.discriminatedUnion('rule', [
  z.object({ rule: z.literal('user'), userId: IdSchema }).strict(),
  z
    .object({
      rule: z.literal('role'),
      /** A role's id in identity (built-in ones are readable: dispatcher, accountant, manager). */
      roleId: IdSchema,
      org: OrgRefSchema,
      /** Also people holding the role in orgs above the named one (e.g. a company-wide accountant). */
      inherited: z.boolean().default(true),
    })
    .strict(),
  z
    .object({
      rule: z.literal('members'),
      org: OrgRefSchema,
      /** Everyone in the subtree (true) or only in the org itself. */
      subtree: z.boolean().default(true),
      /** Only people holding this role. */
      roleId: IdSchema.optional(),
      /** Only people whose own org is of these kinds ("every branch under X"). */
      orgKinds: z.array(OrgKindSchema).min(1).optional(),
    })
    .strict(),
  z.object({ rule: z.literal('personalManager') }).strict(),
  z.object({ rule: z.literal('requester') }).strict(),
  z.object({ rule: z.literal('requesterSupervisor') }).strict(),
  z.object({ rule: z.literal('clientContacts') }).strict(),
  z.object({ rule: z.literal('formField'), field: z.string().min(1).max(200) }).strict(),
]);
export type AssigneeRule = z.infer<typeof AssigneeRuleSchema>;

/** A form: a JSON Schema of the data (checked on the server with Ajv) and a UI schema for rendering. */
export const FormSpecSchema = z
  .object({
    schema: z.record(z.string(), z.unknown()),
    uiSchema: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type FormSpec = z.infer<typeof FormSpecSchema>;

/** Where a step goes next: one step, or the first branch whose condition holds (no `when`: always). */
export const TransitionSchema = z.union([
  KeySchema,
  z
    .array(z.object({ when: ExpressionSchema.optional(), to: KeySchema }).strict())
    .min(1)
    .max(50),
]);
export type Transition = z.infer<typeof TransitionSchema>;

/**
 * Durations as ISO 8601 (PT4H, P5D). In an SLA on the working clock, a day is a working day and an
 * hour a working hour of the assignee's calendar; elsewhere (a wait, an SLA around the clock) they
 * are calendar days and hours.
 */
const DURATION_MESSAGE = schemaMessage({
  en: 'must be an ISO 8601 duration such as PT4H or P5D',
  ru: 'должно быть длительностью ISO 8601, например PT4H или P5D',
});
export const DurationSchema = z
  .string()
  .regex(/^P(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+S)?)?$/, DURATION_MESSAGE)
  .refine((value) => value !== 'P' && value !== 'PT', DURATION_MESSAGE);

/** How a step's SLA counts time: working hours of the assignee's calendar, or around the clock. */
export const SlaClockSchema = z.enum(['working', 'calendar']);
export type SlaClock = z.infer<typeof SlaClockSchema>;

export const OutcomeSchema = z
  .object({
    id: KeySchema,
    name: LocalisedNameSchema,
    /** The person must say why (a comment is required). */
    requireComment: z.boolean().default(false),
  })
  .strict();

const stepBase = {
  id: KeySchema,
  name: LocalisedNameSchema,
  /** Shown to external participants in the feed (their own steps always are). */
  shared: z.boolean().optional(),
  /** The step's SLA, e.g. PT4H (4 working hours) or P5D (5 working days): its holders' due time. */
  sla: DurationSchema.optional(),
  /**
   * How the SLA counts: `working` (the default: working hours and days of the assignee's calendar)
   * or `calendar` (around the clock: PT2H is two hours whatever the time of day).
   */
  slaClock: SlaClockSchema.optional(),
  /** How long before due the holders are reminded, on the SLA's clock (default: a quarter of the SLA). */
  remindBefore: DurationSchema.optional(),
  /** How long after a breach it is escalated once more, higher up (default: the SLA again). */
  escalateAfter: DurationSchema.optional(),
};

export const UserTaskStepSchema = z
  .object({
    ...stepBase,
    type: z.literal('userTask'),
    assignee: AssigneeRuleSchema,
    /**
     * Time the step is open is a third party's, named so (e.g. waiting for the landfill's permit):
     * delay attribution counts it as neither ours nor the client's (ADR 023).
     */
    thirdParty: LocalisedNameSchema.optional(),
    form: FormSpecSchema.optional(),
    outcomes: z.array(OutcomeSchema).min(1).max(20).optional(),
    next: TransitionSchema,
  })
  .strict();

export const ApprovalStepSchema = z
  .object({
    ...stepBase,
    type: z.literal('approval'),
    approvers: z.array(AssigneeRuleSchema).min(1).max(20),
    mode: z.enum(['sequential', 'parallel']).default('sequential'),
    /** How many approvals decide it: all, any one, or a number (parallel mode). */
    quorum: z.union([z.enum(['all', 'any']), z.number().int().min(1).max(1000)]).default('all'),
    /** Earlier steps a decider may return the request to (with a required comment); the first is the default. */
    returnTo: z.array(KeySchema).max(20).default([]),
    next: TransitionSchema,
    /** Where a rejection goes; by default the instance ends as rejected. */
    onReject: TransitionSchema.optional(),
  })
  .strict();

/** Which document a step is about: a form field or a saved variable holding a document id. */
export const DocumentRefSchema = z
  .object({ from: z.enum(['form', 'vars']), field: z.string().min(1).max(200) })
  .strict();

export const AcknowledgementStepSchema = z
  .object({
    ...stepBase,
    type: z.literal('acknowledgement'),
    recipients: z.array(AssigneeRuleSchema).min(1).max(20),
    document: DocumentRefSchema,
    /** The instance goes on once everyone acknowledged (all) or at once, the tasks staying open (none). */
    wait: z.enum(['all', 'none']).default('all'),
    next: TransitionSchema,
  })
  .strict();

export const GenerateDocumentStepSchema = z
  .object({
    ...stepBase,
    type: z.literal('generateDocument'),
    /** A template of the documents service (invoice, act, supplement, order-t6, …). */
    template: KeySchema,
    /** A title for the document, an expression (default: the document template's own pattern). */
    title: ExpressionSchema.optional(),
    data: MappingSchema,
    /** The org the document is addressed to. */
    counterparty: OrgRefSchema,
    /** Publish the generated version to the counterparty at once. */
    publish: z.boolean().default(false),
    /** Variable the new document's id is saved to (for later steps). */
    saveAs: VarNameSchema.optional(),
    next: TransitionSchema,
  })
  .strict();

export const RegisterUpdateStepSchema = z
  .object({
    ...stepBase,
    type: z.literal('registerUpdate'),
    register: KeySchema,
    action: z.enum(['create', 'update']),
    /** The record to update (an expression giving its id). */
    recordId: ExpressionSchema.optional(),
    /** The record's owning org (create). */
    owner: OrgRefSchema.default('client'),
    data: MappingSchema,
    saveAs: VarNameSchema.optional(),
    next: TransitionSchema,
  })
  .strict();

export const NotifyStepSchema = z
  .object({
    ...stepBase,
    type: z.literal('notify'),
    recipients: z.array(AssigneeRuleSchema).min(1).max(20),
    message: LocalisedNameSchema,
    next: TransitionSchema,
  })
  .strict();

export const WaitStepSchema = z
  .object({
    ...stepBase,
    type: z.literal('wait'),
    /**
     * Time the step is open is a third party's, named so (e.g. waiting for the landfill's permit):
     * delay attribution counts it as neither ours nor the client's (ADR 023).
     */
    thirdParty: LocalisedNameSchema.optional(),
    duration: DurationSchema.optional(),
    /** An expression giving an ISO date-time to wait until. */
    until: ExpressionSchema.optional(),
    next: TransitionSchema,
  })
  .strict();

export const StepSchema = z.discriminatedUnion('type', [
  UserTaskStepSchema,
  ApprovalStepSchema,
  AcknowledgementStepSchema,
  GenerateDocumentStepSchema,
  RegisterUpdateStepSchema,
  NotifyStepSchema,
  WaitStepSchema,
]);
export type Step = z.infer<typeof StepSchema>;
export type StepType = Step['type'];
export type UserTaskStep = z.infer<typeof UserTaskStepSchema>;
export type ApprovalStep = z.infer<typeof ApprovalStepSchema>;
export type AcknowledgementStep = z.infer<typeof AcknowledgementStepSchema>;
export type GenerateDocumentStep = z.infer<typeof GenerateDocumentStepSchema>;
export type RegisterUpdateStep = z.infer<typeof RegisterUpdateStepSchema>;
export type NotifyStep = z.infer<typeof NotifyStepSchema>;
export type WaitStep = z.infer<typeof WaitStepSchema>;

/** Who may start instances of the template, from the catalogue. */
export const StartersSchema = z
  .object({
    /** Staff (full seats) may start it. */
    staff: z.boolean().default(true),
    /** Portal users (of client and partner orgs) may start it. */
    portal: z.boolean().default(false),
    /** Only holders of one of these roles (anywhere on their org path). */
    roles: z.array(IdSchema).max(50).optional(),
    /** Only people whose own org is of one of these kinds. */
    orgKinds: z.array(OrgKindSchema).min(1).optional(),
  })
  .strict();

export const ProcessDefinitionSchema = z
  .object({
    key: KeySchema,
    name: LocalisedNameSchema,
    description: LocalisedNameSchema.optional(),
    category: KeySchema,
    starters: StartersSchema,
    /** The instance's title, an expression over the start form (default: the template's name). */
    title: ExpressionSchema.optional(),
    /** For staff-started requests about a client: the start-form field holding the client org's id. */
    clientField: z.string().min(1).max(200).optional(),
    startForm: FormSpecSchema,
    /** Steps in order; the first is where an instance starts. */
    steps: z.array(StepSchema).min(1).max(100),
  })
  .strict();
export type ProcessDefinition = z.infer<typeof ProcessDefinitionSchema>;
/** As uploaded, before defaults are applied. */
export type ProcessDefinitionInput = z.input<typeof ProcessDefinitionSchema>;

/** The published JSON Schema of a template document. */
export function processDefinitionJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ProcessDefinitionSchema, { io: 'input', unrepresentable: 'any' });
}
