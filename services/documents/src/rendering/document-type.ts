import { DocumentTypeSchema } from '@orbita/contracts';

/**
 * The kinds of document a template produces: the documents' own types, and the receipt sheet
 * (a receipt printed for people, never a document of its own). The documents domain maps them onto its own document
 * types; the strings are stable (templates name them in template.json).
 */
export const DocumentTypes = [...DocumentTypeSchema.options, 'receipt'] as const;

export type DocumentTypeString = (typeof DocumentTypes)[number];

export function isDocumentType(value: unknown): value is DocumentTypeString {
  return typeof value === 'string' && (DocumentTypes as readonly string[]).includes(value);
}
