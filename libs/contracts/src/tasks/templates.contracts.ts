import { z } from 'zod';
import { defineEvent } from '../messaging/event-contract';
import { defineRequest } from '../messaging/request-contract';
import { FormSpecSchema, KeySchema, LocalisedNameSchema } from './process-template';

/** Largest template text accepted (JSON or YAML). */
export const MAX_TEMPLATE_CHARS = 512 * 1024;

export const TemplateFormatSchema = z.enum(['json', 'yaml']);
export type TemplateFormat = z.infer<typeof TemplateFormatSchema>;

export const TemplateStatusSchema = z.enum(['draft', 'published', 'retired']);
export type TemplateStatus = z.infer<typeof TemplateStatusSchema>;

/** A template as uploaded: its text, and the format (guessed from the text when left out). */
export const TemplateSourceInputSchema = z
  .object({
    text: z.string().min(1).max(MAX_TEMPLATE_CHARS),
    format: TemplateFormatSchema.optional(),
  })
  .strict();
export type TemplateSourceInput = z.infer<typeof TemplateSourceInputSchema>;

/**
 * One problem of a template, where it is: `steps[2].assignee.rule`, `startForm.schema.type`,
 * `(root)` for the text as a whole (a syntax error names its line and column).
 */
export const TemplateProblemSchema = z.object({
  path: z.string(),
  message: z.string(),
  message_ru: z.string(),
});
export type TemplateProblem = z.infer<typeof TemplateProblemSchema>;

/** The answer of a validation: the problems (none when valid) and, when valid, the definition with defaults. */
export const TemplateValidationSchema = z.object({
  valid: z.boolean(),
  errors: z.array(TemplateProblemSchema),
  definition: z.record(z.string(), z.unknown()).optional(),
});

/** A version of a template without its definition and source. */
export const TemplateVersionSummarySchema = z.object({
  key: z.string(),
  version: z.number().int().positive(),
  status: TemplateStatusSchema,
  name: LocalisedNameSchema,
  category: z.string(),
  format: TemplateFormatSchema,
  sha256: z.string(),
  /** Null for templates of the shipped pack (loaded at start, not uploaded by anyone). */
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
  retiredAt: z.string().nullable(),
});
export type TemplateVersionSummary = z.infer<typeof TemplateVersionSummarySchema>;

/** A version with its definition (defaults applied) and the text it was uploaded as. */
export const TemplateVersionViewSchema = TemplateVersionSummarySchema.extend({
  definition: z.record(z.string(), z.unknown()),
  source: z.string(),
});
export type TemplateVersionView = z.infer<typeof TemplateVersionViewSchema>;

/** The latest version of each template, with the number of the published one (if any). */
export const TemplateListItemSchema = TemplateVersionSummarySchema.extend({
  publishedVersion: z.number().int().positive().nullable(),
});
export const TemplateListSchema = z.object({ items: z.array(TemplateListItemSchema) });
export const TemplateVersionListSchema = z.object({ items: z.array(TemplateVersionSummarySchema) });

/** A template the caller may start, as the catalogue shows it. */
export const TemplateSummarySchema = z.object({
  key: z.string(),
  version: z.number().int().positive(),
  name: LocalisedNameSchema,
  description: LocalisedNameSchema.nullable(),
  category: z.string(),
  startForm: FormSpecSchema,
});
export type TemplateSummary = z.infer<typeof TemplateSummarySchema>;
export const CatalogueSchema = z.object({ items: z.array(TemplateSummarySchema) });

export const TemplateChangeSchema = z.object({
  /** Where in the definition, steps named by id: `steps[approve].quorum`. */
  path: z.string(),
  kind: z.enum(['added', 'removed', 'changed']),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});
export type TemplateChange = z.infer<typeof TemplateChangeSchema>;
export const TemplateDiffSchema = z.object({
  key: z.string(),
  from: z.number().int().positive(),
  to: z.number().int().positive(),
  changes: z.array(TemplateChangeSchema),
});
export type TemplateDiff = z.infer<typeof TemplateDiffSchema>;

export const TemplateVersionNumberSchema = z.coerce.number().int().positive().max(1_000_000);
export const TemplateKeyInputSchema = z.object({ key: KeySchema });
export const TemplateVersionInputSchema = z.object({ key: KeySchema, version: TemplateVersionNumberSchema });
/** Two versions of a key to compare: by default the latest one and the one before it. */
export const TemplateDiffInputSchema = z.object({
  key: KeySchema,
  from: TemplateVersionNumberSchema.optional(),
  to: TemplateVersionNumberSchema.optional(),
});

export const TemplatesRequests = {
  upload: defineRequest('tasks.template.upload', TemplateSourceInputSchema, TemplateVersionViewSchema),
  validate: defineRequest('tasks.template.validate', TemplateSourceInputSchema, TemplateValidationSchema),
  list: defineRequest('tasks.template.list', z.object({}), TemplateListSchema),
  versions: defineRequest('tasks.template.versions', TemplateKeyInputSchema, TemplateVersionListSchema),
  get: defineRequest('tasks.template.get', TemplateVersionInputSchema, TemplateVersionViewSchema),
  publish: defineRequest('tasks.template.publish', TemplateVersionInputSchema, TemplateVersionSummarySchema),
  retire: defineRequest('tasks.template.retire', TemplateVersionInputSchema, TemplateVersionSummarySchema),
  diff: defineRequest('tasks.template.diff', TemplateDiffInputSchema, TemplateDiffSchema),
  catalogue: defineRequest('tasks.template.catalogue', z.object({}), CatalogueSchema),
};

export const TemplateEventDataSchema = z.object({
  key: z.string(),
  version: z.number().int().positive(),
  /** Null for the shipped pack, loaded at start. */
  actorId: z.string().nullable(),
});

export const TemplatesEvents = {
  templatePublished: defineEvent(
    'tasks.template.published',
    1,
    TemplateEventDataSchema,
    'A process template version was published: new instances of the key start with it.',
  ),
  templateRetired: defineEvent(
    'tasks.template.retired',
    1,
    TemplateEventDataSchema,
    'A process template version was retired (replaced by a newer one, or withdrawn): no new instances start with it.',
  ),
};
