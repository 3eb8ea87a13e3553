import { z } from 'zod';
import { IdSchema } from '../common';
import { schemaMessage } from '../errors/localised-text';
import { defineEvent } from '../messaging/event-contract';
import { PageQuerySchema, pageSchema } from '../messaging/pagination';
import { defineRequest } from '../messaging/request-contract';
import { KeySchema, LocalisedNameSchema } from './process-template';

/**
 * Registers (ARCHITECTURE §1, tasks): typed record collections owned by orgs — contracts, service
 * points, invoices, payments, financial-plan lines, violations. What a register holds is data (a
 * JSON Schema per register), so a customer models another business without a code change.
 */

/** A field of a record's data named by a definition: a top-level property of its schema. */
const FieldNameSchema = z.string().regex(
  /^[A-Za-z_][A-Za-z0-9_]{0,63}$/,
  schemaMessage({
    en: 'must be a field name of latin letters, digits and "_"',
    ru: 'должно быть именем поля из латинских букв, цифр и "_"',
  }),
);

/**
 * How a register settles another (payments settle invoices): a record names the settled record's
 * natural key in `keyField`; the settled record's `status` follows the sum of `amountField` over
 * every record naming it: unpaid → partly-paid → paid (its own `amount` reached).
 */
export const RegisterSettlementSchema = z
  .object({ register: KeySchema, keyField: FieldNameSchema, amountField: FieldNameSchema })
  .strict();

/**
 * What the per-region report (ADR 024) counts of a register's records, by the owner org's region:
 * `plan` lines add their planned and approved amounts to the line's month (a line with a quarter
 * and no month to the quarter's first month); `violations` records count once in their date's month.
 */
export const RegisterRegionReportSchema = z.discriminatedUnion('measure', [
  z
    .object({
      measure: z.literal('plan'),
      yearField: FieldNameSchema,
      monthField: FieldNameSchema,
      quarterField: FieldNameSchema.optional(),
      plannedField: FieldNameSchema,
      approvedField: FieldNameSchema,
    })
    .strict(),
  z.object({ measure: z.literal('violations'), dateField: FieldNameSchema }).strict(),
]);
export type RegisterRegionReport = z.infer<typeof RegisterRegionReportSchema>;

export const RegisterDefinitionSchema = z
  .object({
    key: KeySchema,
    name: LocalisedNameSchema,
    description: LocalisedNameSchema.optional(),
    /** JSON Schema (draft 2020-12 subset Ajv 8 takes, with ajv-formats) of a record's data: an object. */
    schema: z.record(z.string(), z.unknown()),
    /** The data field shown as a record's title. */
    title: FieldNameSchema,
    /** Date fields (format "date") indexed for "ends before" look-ups, e.g. a contract's endDate. */
    dateFields: z.array(FieldNameSchema).max(5).optional(),
    /** The field that names a record within its owner org; an import with the same value updates it. */
    naturalKey: FieldNameSchema.optional(),
    settles: RegisterSettlementSchema.optional(),
    regionReport: RegisterRegionReportSchema.optional(),
  })
  .strict();
export type RegisterDefinition = z.infer<typeof RegisterDefinitionSchema>;

export const RegisterViewSchema = RegisterDefinitionSchema.extend({
  /** Grows with every change of the definition. */
  version: z.number().int(),
  /** Shipped with the service (services/tasks/assets/registers) rather than uploaded. */
  builtIn: z.boolean(),
  updatedAt: z.string(),
});
export type RegisterView = z.infer<typeof RegisterViewSchema>;

export const RegisterListSchema = z.object({ items: z.array(RegisterViewSchema) });
export type RegisterList = z.infer<typeof RegisterListSchema>;

export const PutRegisterInputSchema = z.object({ key: KeySchema, definition: z.unknown() });
export type PutRegisterInput = z.infer<typeof PutRegisterInputSchema>;

/** A record's data: what its register's schema says; checked by the tasks service with Ajv. */
export const RecordDataSchema = z.record(z.string(), z.unknown());

export const RegisterRecordViewSchema = z.object({
  id: z.string(),
  registerKey: z.string(),
  orgId: z.string(),
  title: z.string(),
  data: RecordDataSchema,
  /** Grows with every change; an update names the revision it was made on (optimistic concurrency). */
  revision: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The process step that wrote it last, if one did. */
  source: z.object({ instanceId: z.string().optional(), stepId: z.string().optional() }),
});
export type RegisterRecordView = z.infer<typeof RegisterRecordViewSchema>;
export const RegisterRecordPageSchema = pageSchema(RegisterRecordViewSchema);

export const ListRecordsInputSchema = PageQuerySchema.extend({
  registerKey: KeySchema,
  /** Only the records of this owner org (the client card); without it, every record one may see. */
  orgId: IdSchema.optional(),
});
export type ListRecordsInput = z.infer<typeof ListRecordsInputSchema>;

export const CreateRecordInputSchema = z.object({
  registerKey: KeySchema,
  /** The owner org. */
  orgId: IdSchema,
  data: RecordDataSchema,
});
export type CreateRecordInput = z.infer<typeof CreateRecordInputSchema>;

export const UpdateRecordInputSchema = z.object({
  recordId: IdSchema,
  /** The revision the change was made on; another revision is CONFLICT. */
  revision: z.number().int().min(1),
  /** Fields to change (merged into the current data, top-level); null removes a field. */
  data: RecordDataSchema,
});
export type UpdateRecordInput = z.infer<typeof UpdateRecordInputSchema>;

export const DiffRecordInputSchema = z.object({ recordId: IdSchema, data: RecordDataSchema });
export type DiffRecordInput = z.infer<typeof DiffRecordInputSchema>;

export const RecordChangeSchema = z.object({
  /** JSON Pointer-like path of the changed value, e.g. "/schedule/days". */
  path: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});
export const RecordDiffSchema = z.object({
  revision: z.number().int(),
  changes: z.array(RecordChangeSchema),
});
export type RecordDiff = z.infer<typeof RecordDiffSchema>;

/**
 * Largest import accepted, as text. The body crosses NATS in one message (1 MiB by default), so the
 * limit sits well under it; a larger file is split by the sender.
 */
export const REGISTER_IMPORT_MAX_BYTES = 512 * 1024;
export const REGISTER_IMPORT_MAX_ROWS = 5_000;

export const ImportRecordsInputSchema = z
  .object({
    registerKey: KeySchema,
    /** The owner org of every row without an `orgId` column. */
    orgId: IdSchema.optional(),
    /** CSV text (header row of field names, "," or ";" separated), or rows as JSON. */
    csv: z.string().max(REGISTER_IMPORT_MAX_BYTES).optional(),
    rows: z.array(RecordDataSchema).max(REGISTER_IMPORT_MAX_ROWS).optional(),
  })
  .refine((input) => (input.csv === undefined) !== (input.rows === undefined), {
    error: schemaMessage({ en: 'give either CSV text or rows', ru: 'передайте либо текст CSV, либо строки' }),
  });
export type ImportRecordsInput = z.infer<typeof ImportRecordsInputSchema>;

export const ImportResultSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** Records of a settled register whose status the rows changed (invoices a payment settled). */
  settled: z.number().int(),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;

export const RegistersRequests = {
  list: defineRequest('tasks.register.list', z.object({}), RegisterListSchema),
  put: defineRequest('tasks.register.put', PutRegisterInputSchema, RegisterViewSchema),
  listRecords: defineRequest('tasks.register-record.list', ListRecordsInputSchema, RegisterRecordPageSchema),
  getRecord: defineRequest(
    'tasks.register-record.get',
    z.object({ recordId: IdSchema }),
    RegisterRecordViewSchema,
  ),
  createRecord: defineRequest(
    'tasks.register-record.create',
    CreateRecordInputSchema,
    RegisterRecordViewSchema,
  ),
  updateRecord: defineRequest(
    'tasks.register-record.update',
    UpdateRecordInputSchema,
    RegisterRecordViewSchema,
  ),
  diffRecord: defineRequest('tasks.register-record.diff', DiffRecordInputSchema, RecordDiffSchema),
  importRecords: defineRequest('tasks.register-record.import', ImportRecordsInputSchema, ImportResultSchema),
};

export const RegisterRecordChangedDataSchema = z.object({
  recordId: z.string(),
  registerKey: z.string(),
  orgId: z.string(),
  revision: z.number().int(),
  /** Top-level data fields the change set or removed (every field for a new record). */
  changedFields: z.array(z.string()),
  instanceId: z.string().optional(),
});

export const RegistersEvents = {
  recordChanged: defineEvent(
    'tasks.register.record-changed',
    1,
    RegisterRecordChangedDataSchema,
    'A register record was created or changed (by a person, an import or a process step).',
  ),
};
