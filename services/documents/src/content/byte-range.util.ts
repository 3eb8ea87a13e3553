/** What a GET with Range (RFC 9110 §14) asks of a representation of `size` bytes. */
export type RangeAnswer =
  { kind: 'whole' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

/**
 * The one byte range to send, from the Range and If-Range headers. Served as a whole (200): no
 * Range, a unit other than bytes, a malformed header, several ranges (RFC 9110 lets a server ignore
 * Range; a multipart/byteranges answer is not worth it for downloads), or an If-Range validator that
 * is not our strong ETag (a date can never match: no Last-Modified is sent). Unsatisfiable (416): a
 * range that starts at or beyond the end, or an empty suffix.
 */
export function selectRange(
  range: string | undefined,
  ifRange: string | undefined,
  etag: string,
  size: number,
): RangeAnswer {
  if (range === undefined) {
    return { kind: 'whole' };
  }
  if (ifRange !== undefined && ifRange.trim() !== etag) {
    return { kind: 'whole' };
  }
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(range);
  if (!match) {
    return { kind: 'whole' };
  }
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') {
    return { kind: 'whole' };
  }
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) {
      return { kind: 'unsatisfiable' };
    }
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) {
    return { kind: 'whole' };
  }
  if (start >= size) {
    return { kind: 'unsatisfiable' };
  }
  return { kind: 'partial', start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
}

/** Whether If-None-Match names this ETag (weak comparison, RFC 9110 §13.1.2) or is `*`. */
export function noneMatchHits(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) {
    return false;
  }
  const opaque = (tag: string): string => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}
