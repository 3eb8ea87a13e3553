import { Schema } from 'mongoose';
import type { TemplateFormat, TemplateStatus } from '@orbita/contracts';
import type { OutboxFields } from '@orbita/platform';
import { withOutbox } from '@orbita/platform';

/**
 * One version of a process template. Versions are immutable (an instance keeps the one it started
 * with): a new upload of a key is the next version, and only the status of a version changes.
 */
export interface ProcessTemplateDocument extends OutboxFields {
  /** `<key>@<version>`: the unique index that numbers versions (two uploads cannot take one number). */
  _id: string;
  key: string;
  /** 1, 2, 3… per key. */
  version: number;
  status: TemplateStatus;
  /**
   * The definition as parsed, with the schema's defaults applied, as JSON text: a form's JSON
   * Schema has keys such as `$ref` and `$defs`, and a form's fields may have dots in their names,
   * which are no field names FerretDB stores. The repository answers it parsed.
   */
  definition: string;
  /** The text as uploaded (JSON or YAML, comments and all). */
  source: string;
  format: TemplateFormat;
  /** Of the source: the shipped pack loads a file again only when it changed. */
  sha256: string;
  /**
   * The company (the root org) of the uploader: templates are the installation's company's. Null
   * for the shipped pack, loaded at start before anyone (or any company) may exist.
   */
  orgId: string | null;
  orgPath: string[];
  /** Null for the shipped pack. */
  createdBy: string | null;
  createdAt: Date;
  publishedAt: Date | null;
  retiredAt: Date | null;
}

export const ProcessTemplateSchema = withOutbox(
  new Schema<ProcessTemplateDocument>(
    {
      _id: { type: String, required: true },
      key: { type: String, required: true },
      version: { type: Number, required: true },
      status: { type: String, required: true, enum: ['draft', 'published', 'retired'] },
      definition: { type: String, required: true },
      source: { type: String, required: true },
      format: { type: String, required: true, enum: ['json', 'yaml'] },
      sha256: { type: String, required: true },
      orgId: { type: String, default: null },
      orgPath: { type: [String], required: true },
      createdBy: { type: String, default: null },
      createdAt: { type: Date, required: true },
      publishedAt: { type: Date, default: null },
      retiredAt: { type: Date, default: null },
    },
    { collection: 'process_templates', versionKey: false },
  ),
);

// Serves the versions of a key, newest first (the latest, the next number, a pack file's sha256
// among them): find({ key }).sort({ version: -1 }); and the list of all templates by key.
ProcessTemplateSchema.index({ key: 1, version: -1 });
// Serves the catalogue: find({ status: 'published' }).
ProcessTemplateSchema.index({ status: 1, key: 1 });
// Serve the scope filter's branches: { orgPath: { $in: <orgs> } } and { orgId: null } (the pack).
ProcessTemplateSchema.index({ orgPath: 1, key: 1 });
ProcessTemplateSchema.index({ orgId: 1, key: 1 });
