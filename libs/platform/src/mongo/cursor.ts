import { AppError } from '../errors/app-error';

/** Opaque page cursors over time-ordered ids (ULIDs): clients only echo them back. */
export function encodeCursor(lastId: string): string {
  return Buffer.from(lastId, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string | null {
  if (!cursor) {
    return null;
  }
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9A-Z]{26}$/.test(id)) {
    throw AppError.validation({
      en: 'cursor: not a cursor from a previous page',
      ru: 'cursor: это не курсор предыдущей страницы',
    });
  }
  return id;
}

/** Takes one more than the page size to know whether there is a next page. */
export function toPage<T extends { _id: string }, V>(
  docs: T[],
  limit: number,
  view: (doc: T) => V,
): { items: V[]; nextCursor: string | null } {
  const hasMore = docs.length > limit;
  const pageDocs = hasMore ? docs.slice(0, limit) : docs;
  const last = pageDocs[pageDocs.length - 1];
  return { items: pageDocs.map(view), nextCursor: hasMore && last ? encodeCursor(last._id) : null };
}
