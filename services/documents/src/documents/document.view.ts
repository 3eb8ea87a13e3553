import type { DocumentView } from '@orbita/contracts';
import type { DocumentRecord } from './document.schema';

/** What prefix search compares: lower case, single spaces. */
export function searchKey(text: string): string {
  return text.toLocaleLowerCase('ru-RU').replace(/\s+/g, ' ').trim();
}

/** The fields every document event carries. */
export function documentEventBase(document: DocumentRecord) {
  return {
    documentId: document._id,
    type: document.type,
    title: document.title,
    number: document.number,
    counterpartyOrgId: document.counterpartyOrgId,
    processInstanceId: document.processInstanceId,
  };
}

/**
 * The document as a caller sees it: the issuing side every version, the counterparty only those
 * published to it (a newer draft stays the issuer's until it is published).
 */
export function toDocumentView(document: DocumentRecord, ownSide: boolean): DocumentView {
  const versions = ownSide
    ? document.versions
    : document.versions.filter(
        (v) => document.publishedVersion !== null && v.version <= document.publishedVersion,
      );
  return {
    id: document._id,
    orgId: document.orgId,
    counterpartyOrgId: document.counterpartyOrgId,
    title: document.title,
    type: document.type,
    number: document.number,
    status: document.status,
    processInstanceId: document.processInstanceId,
    registerRecordIds: document.registerRecordIds,
    versions: versions.map((v) => ({
      version: v.version,
      fileName: v.fileName,
      size: v.size,
      sha256: v.sha256,
      mimeType: v.mimeType,
      authorId: v.authorId,
      createdAt: v.createdAt.toISOString(),
      comment: v.comment,
    })),
    publishedVersion: document.publishedVersion,
    unread: document.unread,
    generation: document.generation
      ? { templateKey: document.generation.templateKey, state: document.generation.state }
      : null,
    createdBy: document.createdBy,
    createdAt: document.createdAt.toISOString(),
    updatedAt: document.updatedAt.toISOString(),
    publishedAt: document.publishedAt?.toISOString() ?? null,
    voidedAt: document.voidedAt?.toISOString() ?? null,
    voidReason: document.voidReason,
  };
}
