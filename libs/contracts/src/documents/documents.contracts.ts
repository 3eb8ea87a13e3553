import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema, textSchema } from '../common';
import { schemaMessage } from '../errors/localised-text';
import { defineEvent } from '../messaging/event-contract';
import { PageQuerySchema, pageSchema } from '../messaging/pagination';
import { defineRequest } from '../messaging/request-contract';

// ---------------------------------------------------------------------------------------------
// Files: content attached to requests and tasks (no versions, no receipts).

export const FileViewSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  name: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string(),
  mimeType: z.string(),
  uploadedBy: z.string(),
  createdAt: z.string(),
});
export type FileView = z.infer<typeof FileViewSchema>;

// ---------------------------------------------------------------------------------------------
// Documents: versions, publication to a counterparty, receipts, numbering.

export const DocumentTypeSchema = z.enum([
  'contract',
  'supplement',
  'invoice',
  'act',
  'invoice-facture',
  'reconciliation-act',
  'order',
  'acknowledgement-sheet',
  'photo',
  'other',
]);
export type DocumentType = z.infer<typeof DocumentTypeSchema>;

export const DocumentStatusSchema = z.enum(['draft', 'published', 'void']);
export type DocumentStatus = z.infer<typeof DocumentStatusSchema>;

/** A version's content is immutable: a new version is added, an old one is never overwritten. */
export const DocumentVersionViewSchema = z.object({
  /** 1, 2, 3… */
  version: z.number().int().positive(),
  fileName: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string(),
  /** Detected from the content, not taken from the client. */
  mimeType: z.string(),
  authorId: z.string(),
  createdAt: z.string(),
  comment: z.string().nullable(),
});
export type DocumentVersionView = z.infer<typeof DocumentVersionViewSchema>;

export const GenerationStateSchema = z.enum(['pending', 'ready']);

export const DocumentViewSchema = z.object({
  id: z.string(),
  /** The issuing (owning) org. */
  orgId: z.string(),
  /** The other side: the client or partner the document is for. */
  counterpartyOrgId: z.string().nullable(),
  title: z.string(),
  type: DocumentTypeSchema,
  /** "17" for a numbered (generated) document, or the number it was given by hand; null if none. */
  number: z.string().nullable(),
  status: DocumentStatusSchema,
  processInstanceId: z.string().nullable(),
  registerRecordIds: z.array(z.string()),
  versions: z.array(DocumentVersionViewSchema),
  /** The version published to the counterparty (the newest published one), or null. */
  publishedVersion: z.number().int().positive().nullable(),
  /** Whether the counterparty has not yet opened the published version. */
  unread: z.boolean(),
  /** Set for a document generated from a template. */
  generation: z.object({ templateKey: z.string(), state: GenerationStateSchema }).nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
  voidedAt: z.string().nullable(),
  voidReason: z.string().nullable(),
});
export type DocumentView = z.infer<typeof DocumentViewSchema>;

const LinksSchema = {
  processInstanceId: IdSchema.optional(),
  registerRecordIds: z.array(IdSchema).max(50).optional(),
};

export const CreateDocumentInputSchema = z.object({
  title: textSchema(300).pipe(z.string().min(1)),
  type: DocumentTypeSchema,
  /** The issuing org; the caller's own org unless given. */
  orgId: IdSchema.optional(),
  counterpartyOrgId: IdSchema.optional(),
  /** A number given by hand (a contract's "Д-17/2026"); generated documents are numbered by the service. */
  number: textSchema(60).pipe(z.string().min(1)).optional(),
  ...LinksSchema,
});
export type CreateDocumentInput = z.infer<typeof CreateDocumentInputSchema>;

export const ListDocumentsInputSchema = PageQuerySchema.extend({
  counterpartyOrgId: IdSchema.optional(),
  processInstanceId: IdSchema.optional(),
  type: DocumentTypeSchema.optional(),
  status: DocumentStatusSchema.optional(),
  /** Created at or after / before (ISO 8601). */
  from: IsoDateTimeSchema.optional(),
  to: IsoDateTimeSchema.optional(),
  /** Prefix of the title or the number, any case. */
  q: textSchema(100).optional(),
  /** Only documents the counterparty has not opened yet. */
  unread: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .or(z.boolean())
    .optional(),
});
export type ListDocumentsInput = z.infer<typeof ListDocumentsInputSchema>;

export const DocumentPageSchema = pageSchema(DocumentViewSchema);
export type DocumentPage = z.infer<typeof DocumentPageSchema>;

export const UnreadCountInputSchema = z.object({
  /** The counterparty; the caller's own org unless given. */
  counterpartyOrgId: IdSchema.optional(),
});

export const PublishDocumentInputSchema = z.object({
  documentId: IdSchema,
  /** The version to publish; the newest one unless given. */
  version: z.coerce.number().int().positive().optional(),
});

export const VoidDocumentInputSchema = z.object({
  documentId: IdSchema,
  reason: textSchema(1_000).pipe(
    z
      .string()
      .min(
        1,
        schemaMessage({ en: 'say why the document is void', ru: 'укажите, почему документ аннулирован' }),
      ),
  ),
});

/** Template data: a JSON object, checked against the template's own JSON Schema. */
export const TemplateDataSchema = z.record(z.string(), z.unknown());

export const GenerateDocumentInputSchema = z.object({
  templateKey: z.string().regex(/^[a-z0-9-]{1,60}$/),
  data: TemplateDataSchema,
  /** The issuing org (its number series); the caller's own org unless given. */
  orgId: IdSchema.optional(),
  counterpartyOrgId: IdSchema.optional(),
  /** The caller's key of this command: a repeated command answers the same document. */
  idempotencyKey: z.string().min(1).max(200),
  /** Publish the generated version to the counterparty at once. */
  publish: z.boolean().default(false),
  ...LinksSchema,
});
export type GenerateDocumentInput = z.infer<typeof GenerateDocumentInputSchema>;

export const GeneratedDocumentSchema = z.object({
  documentId: z.string(),
  number: z.string(),
  title: z.string(),
  /** "ready" once the PDF is stored; "pending" while a failed render is being retried. */
  state: GenerationStateSchema,
});
export type GeneratedDocument = z.infer<typeof GeneratedDocumentSchema>;

export const TemplateViewSchema = z.object({
  key: z.string(),
  documentType: z.string(),
  names: z.object({ ru: z.string(), en: z.string() }),
  /** The JSON Schema its data must satisfy. */
  dataSchema: z.record(z.string(), z.unknown()),
});
export type TemplateView = z.infer<typeof TemplateViewSchema>;

// ---------------------------------------------------------------------------------------------
// Receipts: append-only, hash-chained per document, signed with Ed25519.

export const ReceiptKindSchema = z.enum(['published', 'viewed', 'downloaded', 'acknowledged']);
export type ReceiptKind = z.infer<typeof ReceiptKindSchema>;

/** What a receipt states. Its hash is SHA-256 of the canonical JSON of exactly these fields. */
export const ReceiptBodySchema = z.object({
  format: z.literal('orbita-receipt/1'),
  id: z.string(),
  documentId: z.string(),
  /** 1, 2, 3… within the document. */
  seq: z.number().int().positive(),
  kind: ReceiptKindSchema,
  version: z.number().int().positive(),
  /** SHA-256 of the version's content. */
  sha256: z.string(),
  actor: z.object({ userId: z.string(), orgId: z.string(), name: z.string() }),
  at: z.string(),
  /** The previous receipt's hash; 64 zeros for the first. */
  prevHash: z.string(),
  /** Fingerprint of the signing key. */
  keyId: z.string(),
});
export type ReceiptBody = z.infer<typeof ReceiptBodySchema>;

export const ReceiptSchema = ReceiptBodySchema.extend({
  hash: z.string(),
  /** Ed25519 signature of the hash (hex text), base64. */
  signature: z.string(),
});
export type Receipt = z.infer<typeof ReceiptSchema>;

/** A receipt as downloaded: with the chain up to it and the public key, verifiable offline. */
export const ReceiptBundleSchema = z.object({
  format: z.literal('orbita-receipt-bundle/1'),
  document: z.object({
    id: z.string(),
    title: z.string(),
    number: z.string().nullable(),
    orgId: z.string(),
    counterpartyOrgId: z.string().nullable(),
  }),
  receiptId: z.string(),
  /** Every receipt of the document from the first up to this one, in order. */
  chain: z.array(ReceiptSchema),
  publicKey: z.object({ keyId: z.string(), algorithm: z.literal('Ed25519'), spki: z.string() }),
});
export type ReceiptBundle = z.infer<typeof ReceiptBundleSchema>;

export const ReceiptKeysSchema = z.object({
  keys: z.array(z.object({ keyId: z.string(), algorithm: z.literal('Ed25519'), spki: z.string() })),
});

export const AcknowledgeVersionInputSchema = z.object({
  documentId: IdSchema,
  version: z.number().int().positive(),
  /** The person who acknowledged it (the tasks service completed their acknowledgement task). */
  userId: IdSchema,
  /** The SHA-256 the person was shown: refused if it is not the version's. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

const byDocument = z.object({ documentId: IdSchema });

/** A document as the process engine needs it: its published version and that version's checksum. */
export const ProcessDocumentSchema = z.object({
  documentId: z.string(),
  title: z.string(),
  /** Org ids from the company down to the issuing org. */
  orgPath: z.array(z.string()),
  counterpartyOrgId: z.string().nullable(),
  publishedVersion: z.number().int().positive().nullable(),
  /** The SHA-256 of the published version (null while none is published). */
  sha256: z.string().nullable(),
  processInstanceId: z.string().nullable(),
  /**
   * A file filed to a request (from its feed, or for a start form's upload field), and who sees it
   * there (null for other documents).
   */
  attachment: z.object({ visibility: z.enum(['internal', 'shared']) }).nullable(),
  /** The newest version's file name and size (null while it has none). */
  fileName: z.string().nullable(),
  size: z.number().int().nonnegative().nullable(),
});
export type ProcessDocument = z.infer<typeof ProcessDocumentSchema>;

/** The most files one form may carry in its upload fields. */
export const FORM_FILES_AT_MOST = 20;

export const LinkFormFilesInputSchema = z.object({
  instanceId: IdSchema,
  documentIds: z.array(IdSchema).min(1).max(FORM_FILES_AT_MOST),
});
export type LinkFormFilesInput = z.infer<typeof LinkFormFilesInputSchema>;

export const DocumentsRequests = {
  getFile: defineRequest('documents.file.get', z.object({ fileId: IdSchema }), FileViewSchema),

  create: defineRequest('documents.document.create', CreateDocumentInputSchema, DocumentViewSchema),
  get: defineRequest('documents.document.get', byDocument, DocumentViewSchema),
  /** Also asked by tasks as the caller (the client card's documents), with the caller's token. */
  list: defineRequest('documents.document.list', ListDocumentsInputSchema, DocumentPageSchema, {
    callers: ['gateway', 'tasks'],
  }),
  unreadCount: defineRequest(
    'documents.document.unread-count',
    UnreadCountInputSchema,
    z.object({ count: z.number().int().nonnegative() }),
  ),
  publish: defineRequest('documents.document.publish', PublishDocumentInputSchema, DocumentViewSchema),
  void: defineRequest('documents.document.void', VoidDocumentInputSchema, DocumentViewSchema),
  /** A staff user generates a document (the gateway). */
  generate: defineRequest(
    'documents.document.generate',
    GenerateDocumentInputSchema,
    GeneratedDocumentSchema,
  ),
  /** The process engine generates a document on its own account. */
  generateForProcess: defineRequest(
    'documents.document.generate-for-process',
    GenerateDocumentInputSchema.extend({ orgId: IdSchema }),
    GeneratedDocumentSchema,
    { callers: ['tasks'] },
  ),
  listTemplates: defineRequest(
    'documents.template.list',
    z.object({}),
    z.object({ items: z.array(TemplateViewSchema) }),
  ),

  listReceipts: defineRequest(
    'documents.receipt.list',
    byDocument,
    z.object({ items: z.array(ReceiptSchema) }),
  ),
  getReceipt: defineRequest(
    'documents.receipt.get',
    byDocument.extend({ receiptId: IdSchema }),
    ReceiptBundleSchema,
  ),
  receiptKeys: defineRequest('documents.receipt.keys', z.object({}), ReceiptKeysSchema),
  /** The process engine asks which version of a document people are to acknowledge. */
  forProcess: defineRequest('documents.document.for-process', byDocument, ProcessDocumentSchema, {
    callers: ['tasks'],
  }),
  /** The tasks service records that a person acknowledged a version (their task was completed). */
  acknowledge: defineRequest('documents.receipt.acknowledge', AcknowledgeVersionInputSchema, ReceiptSchema, {
    callers: ['tasks'],
  }),
  /**
   * The process engine links the files a starter filed for a start form's upload fields to the
   * request being started (with the starter's token): it answers the ids it linked, the caller's own
   * form files only.
   */
  linkFormFiles: defineRequest(
    'documents.attachment.link',
    LinkFormFilesInputSchema,
    z.object({ linked: z.array(z.string()) }),
    { callers: ['tasks'] },
  ),
};

export const FileUploadedDataSchema = z.object({
  fileId: z.string(),
  name: z.string(),
  size: z.number(),
  sha256: z.string(),
  mimeType: z.string(),
});

const DocumentEventBase = {
  documentId: z.string(),
  type: DocumentTypeSchema,
  title: z.string(),
  number: z.string().nullable(),
  counterpartyOrgId: z.string().nullable(),
  processInstanceId: z.string().nullable(),
};

const VersionEventFields = {
  version: z.number().int().positive(),
  sha256: z.string(),
};

export const DocumentsEvents = {
  fileUploaded: defineEvent('documents.file.uploaded', 1, FileUploadedDataSchema, 'A file was stored.'),
  documentCreated: defineEvent(
    'documents.document.created',
    1,
    z.object({ ...DocumentEventBase, createdBy: z.string() }),
    'A document was created (a draft, without content yet, or being generated).',
  ),
  versionAdded: defineEvent(
    'documents.document.version-added',
    1,
    z.object({
      ...DocumentEventBase,
      ...VersionEventFields,
      size: z.number(),
      mimeType: z.string(),
      authorId: z.string(),
    }),
    'A new version of a document was stored (content complete and hashed).',
  ),
  published: defineEvent(
    'documents.document.published',
    1,
    z.object({ ...DocumentEventBase, ...VersionEventFields, publishedBy: z.string() }),
    'A version of a document was published to its counterparty.',
  ),
  received: defineEvent(
    'documents.document.received',
    1,
    z.object({
      ...DocumentEventBase,
      ...VersionEventFields,
      kind: z.enum(['viewed', 'downloaded', 'acknowledged']),
      userId: z.string(),
      receiptId: z.string(),
    }),
    'The counterparty opened, downloaded or acknowledged a version (a signed receipt was recorded).',
  ),
  generated: defineEvent(
    'documents.document.generated',
    1,
    z.object({ ...DocumentEventBase, ...VersionEventFields, templateKey: z.string() }),
    'A document generated from a template has its PDF stored.',
  ),
  voided: defineEvent(
    'documents.document.voided',
    1,
    z.object({ ...DocumentEventBase, reason: z.string(), voidedBy: z.string() }),
    'A document was voided (annulled); its versions stay readable.',
  ),
};

/** Paths of the documents service's streaming HTTP API, which the gateway forwards bodies to. */
export const DocumentsHttpPaths = {
  upload: '/internal/files',
  content: (fileId: string) => `/internal/files/${encodeURIComponent(fileId)}/content`,
  addVersion: (documentId: string) => `/internal/documents/${encodeURIComponent(documentId)}/versions`,
  attach: (instanceId: string) => `/internal/documents/attachments/${encodeURIComponent(instanceId)}`,
  /** A file for a form being filled (a start form's upload field), linked when the request starts. */
  attachForForm: '/internal/documents/attachments',
  versionContent: (documentId: string, version: number) =>
    `/internal/documents/${encodeURIComponent(documentId)}/versions/${version}/content`,
  receiptPdf: (documentId: string, receiptId: string) =>
    `/internal/documents/${encodeURIComponent(documentId)}/receipts/${encodeURIComponent(receiptId)}/pdf`,
} as const;
