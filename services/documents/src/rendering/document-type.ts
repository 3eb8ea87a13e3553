/**
 * The kinds of document a template produces. The documents domain maps them onto its own document
 * types; the strings are stable (templates name them in template.json).
 */
export const DocumentTypes = [
  'contract',
  'supplement',
  'invoice',
  'act',
  'invoice-facture',
  'reconciliation-act',
  'order',
  'acknowledgement-sheet',
  'receipt',
  'photo',
  'other',
] as const;

export type DocumentTypeString = (typeof DocumentTypes)[number];

export function isDocumentType(value: unknown): value is DocumentTypeString {
  return typeof value === 'string' && (DocumentTypes as readonly string[]).includes(value);
}
