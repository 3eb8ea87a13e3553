import { ErrorCode } from '@orbita/contracts';
import { AppError } from '../errors/app-error';
import { UlidGenerator } from '../time/id-generator';
import { decodeCursor, encodeCursor, toPage } from './cursor';

/** What `toThrow` takes to match an error's fields (@types/jest types asymmetric matchers as `any`). */
function errorMatching(fields: Record<string, unknown>): Error {
  return expect.objectContaining(fields) as Error;
}

const ids = Array.from({ length: 5 }, (_, i) => new UlidGenerator(() => 1_700_000_000_000 + i).newId());

describe('page cursors', () => {
  it('round-trips a ULID', () => {
    for (const id of ids) {
      expect(decodeCursor(encodeCursor(id))).toBe(id);
    }
  });

  it('is opaque and URL-safe', () => {
    const cursor = encodeCursor(ids[0]!);
    expect(cursor).not.toContain(ids[0]!);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('reads an absent or empty cursor as the first page', () => {
    expect(decodeCursor(undefined)).toBeNull();
    expect(decodeCursor('')).toBeNull();
  });

  it.each([
    ['garbage', '!!!not a cursor!!!'],
    ['plain text', 'hello'],
    ['a raw ULID', ids[0]!],
    ['an encoded short id', encodeCursor('01J9')],
    ['an encoded lowercase id', encodeCursor(ids[0]!.toLowerCase())],
    ['an encoded Mongo operator', encodeCursor('{"$gt":""}')],
    ['an encoded ULID with a suffix', encodeCursor(`${ids[0]!}X`)],
  ])('rejects %s as VALIDATION_FAILED', (_label, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(AppError);
    expect(() => decodeCursor(cursor)).toThrow(
      errorMatching({
        code: ErrorCode.ValidationFailed,
        params: { reason: expect.stringContaining('cursor'), reason_ru: expect.stringContaining('курсор') },
      }),
    );
  });
});

describe('toPage', () => {
  const docs = ids.map((_id, n) => ({ _id, n }));
  const view = (doc: { _id: string; n: number }) => ({ id: doc._id, number: doc.n });

  it('cuts the extra document and points the next cursor at the last one shown', () => {
    const page = toPage(docs.slice(0, 3), 2, view);
    expect(page.items).toEqual([
      { id: ids[0], number: 0 },
      { id: ids[1], number: 1 },
    ]);
    expect(page.nextCursor).not.toBeNull();
    expect(decodeCursor(page.nextCursor ?? undefined)).toBe(ids[1]);
  });

  it('has no next page when exactly the limit was found', () => {
    const page = toPage(docs.slice(0, 2), 2, view);
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).toBeNull();
  });

  it('has no next page when fewer than the limit were found', () => {
    expect(toPage(docs.slice(0, 1), 2, view)).toEqual({
      items: [{ id: ids[0], number: 0 }],
      nextCursor: null,
    });
  });

  it('answers an empty page for no documents', () => {
    expect(toPage([], 20, view)).toEqual({ items: [], nextCursor: null });
  });

  it('walks a whole list page by page without gaps or repeats', () => {
    const limit = 2;
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const after = decodeCursor(cursor);
      const remaining = docs.filter((d) => after === null || d._id > after).slice(0, limit + 1);
      const page = toPage(remaining, limit, view);
      seen.push(...page.items.map((i) => i.id));
      if (page.nextCursor === null) {
        break;
      }
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(ids);
  });
});
