import { Schema } from 'mongoose';
import type { DocumentStatus, DocumentType } from '@orbita/contracts';
import type { OutboxFields } from '@orbita/platform';
import { withOutbox } from '@orbita/platform';

export interface VersionRecord {
  version: number;
  fileName: string;
  storageKey: string;
  size: number;
  sha256: string;
  mimeType: string;
  authorId: string;
  createdAt: Date;
  comment: string | null;
}

/** What a generated document was made from, kept so a failed render can be retried as it was. */
export interface GenerationRecord {
  templateKey: string;
  /** The template data as JSON text (user keys may hold "$" or "." that a stored object may not). */
  dataJson: string;
  state: 'pending' | 'ready';
  attempts: number;
  lastError: string | null;
  /** Publish the PDF to the counterparty as soon as it is stored. */
  publish: boolean;
  /** Who asked: a user id, or "process" for the process engine. */
  requestedBy: string;
}

export interface DocumentRecord extends OutboxFields {
  _id: string;
  /** The issuing org and its path (company first): whose staff see and manage it. */
  orgId: string;
  orgPath: string[];
  counterpartyOrgId: string | null;
  /** The counterparty's org path once a version is published to it (empty before): who else sees it. */
  audience: string[];
  /** People who see it whatever their grants: whoever created it. */
  participants: string[];
  title: string;
  /** Lower-case title and number, for prefix search. */
  titleKey: string;
  numberKey: string | null;
  type: DocumentType;
  number: string | null;
  /**
   * The number series ("invoice:<org>:2026") and the number in it. Unique together, so a number is
   * taken by the very insert that creates the document: no gap, no duplicate. Documents outside
   * any series have their own id as series and 0.
   */
  series: string;
  seq: number;
  /** Unique: a repeated generate command finds the document it made (`<org>:<key>`), else the id. */
  requestKey: string;
  status: DocumentStatus;
  processInstanceId: string | null;
  /**
   * A file filed to a request from its feed: whoever may see the request sees it (the company's
   * people only, when internal), asked of tasks with their own token. Absent on other documents.
   */
  attachment?: { visibility: 'internal' | 'shared' } | null;
  registerRecordIds: string[];
  versions: VersionRecord[];
  publishedVersion: number | null;
  /** Published and not yet opened by anyone of the counterparty. */
  unread: boolean;
  generation: GenerationRecord | null;
  /** Set while a generation waits for its (next) render: the retry sweep's index. */
  renderDueAt?: Date;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  voidedAt: Date | null;
  voidReason: string | null;
}

const VersionSchema = new Schema<VersionRecord>(
  {
    version: { type: Number, required: true },
    fileName: { type: String, required: true },
    storageKey: { type: String, required: true },
    size: { type: Number, required: true },
    sha256: { type: String, required: true },
    mimeType: { type: String, required: true },
    authorId: { type: String, required: true },
    createdAt: { type: Date, required: true },
    comment: { type: String, default: null },
  },
  { _id: false },
);

export const DocumentRecordSchema = withOutbox(
  new Schema<DocumentRecord>(
    {
      _id: { type: String, required: true },
      orgId: { type: String, required: true },
      orgPath: { type: [String], required: true },
      counterpartyOrgId: { type: String, default: null },
      audience: { type: [String], default: [] },
      participants: { type: [String], required: true },
      title: { type: String, required: true },
      titleKey: { type: String, required: true },
      numberKey: { type: String, default: null },
      type: { type: String, required: true },
      number: { type: String, default: null },
      series: { type: String, required: true },
      seq: { type: Number, required: true },
      requestKey: { type: String, required: true },
      status: { type: String, required: true },
      processInstanceId: { type: String, default: null },
      attachment: { type: Schema.Types.Mixed, default: null },
      registerRecordIds: { type: [String], default: [] },
      versions: { type: [VersionSchema], default: [] },
      publishedVersion: { type: Number, default: null },
      unread: { type: Boolean, required: true },
      generation: { type: Schema.Types.Mixed, default: null },
      renderDueAt: { type: Date },
      createdBy: { type: String, required: true },
      createdAt: { type: Date, required: true },
      updatedAt: { type: Date, required: true },
      publishedAt: { type: Date, default: null },
      voidedAt: { type: Date, default: null },
      voidReason: { type: String, default: null },
    },
    { collection: 'documents', versionKey: false, minimize: false },
  ),
);

// The number is taken by the insert: one document per number of a series.
DocumentRecordSchema.index({ series: 1, seq: -1 }, { unique: true });
// A repeated generate command finds its document.
DocumentRecordSchema.index({ requestKey: 1 }, { unique: true });
// Lists: the client card, a process instance's documents, an org's documents (newest first).
DocumentRecordSchema.index({ counterpartyOrgId: 1, _id: -1 });
DocumentRecordSchema.index({ processInstanceId: 1, _id: -1 });
DocumentRecordSchema.index({ orgId: 1, _id: -1 });
// The scope filter's branches: find({ _id, orgPath | audience | participants: … }).
DocumentRecordSchema.index({ orgPath: 1, _id: -1 });
DocumentRecordSchema.index({ audience: 1, _id: -1 });
DocumentRecordSchema.index({ participants: 1, _id: -1 });
// Generations waiting for a (retried) render.
DocumentRecordSchema.index({ renderDueAt: 1 }, { sparse: true });
