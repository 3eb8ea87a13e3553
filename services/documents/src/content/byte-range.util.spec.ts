import { noneMatchHits, selectRange } from './byte-range.util';

const ETAG = '"abc"';

describe('selectRange', () => {
  it.each([
    ['no Range', undefined, undefined, { kind: 'whole' }],
    ['a closed range', 'bytes=0-9', undefined, { kind: 'partial', start: 0, end: 9 }],
    ['spaces around the parts', ' bytes = 5 - 6 ', undefined, { kind: 'partial', start: 5, end: 6 }],
    ['an open-ended range', 'bytes=90-', undefined, { kind: 'partial', start: 90, end: 99 }],
    ['the last byte as open-ended', 'bytes=99-', undefined, { kind: 'partial', start: 99, end: 99 }],
    ['a suffix', 'bytes=-10', undefined, { kind: 'partial', start: 90, end: 99 }],
    ['a suffix longer than the file', 'bytes=-1000', undefined, { kind: 'partial', start: 0, end: 99 }],
    ['an end past the file', 'bytes=50-5000', undefined, { kind: 'partial', start: 50, end: 99 }],
    ['a start at the end', 'bytes=100-', undefined, { kind: 'unsatisfiable' }],
    ['a start beyond the end', 'bytes=500-600', undefined, { kind: 'unsatisfiable' }],
    ['an empty suffix', 'bytes=-0', undefined, { kind: 'unsatisfiable' }],
    ['an end before the start', 'bytes=9-2', undefined, { kind: 'whole' }],
    ['several ranges', 'bytes=0-1,5-6', undefined, { kind: 'whole' }],
    ['another unit', 'items=0-1', undefined, { kind: 'whole' }],
    ['no numbers', 'bytes=-', undefined, { kind: 'whole' }],
    ['garbage', 'bytes=abc', undefined, { kind: 'whole' }],
    ['If-Range with our ETag', 'bytes=0-9', ETAG, { kind: 'partial', start: 0, end: 9 }],
    ['If-Range with another ETag', 'bytes=0-9', '"other"', { kind: 'whole' }],
    ['If-Range with our ETag as weak', 'bytes=0-9', `W/${ETAG}`, { kind: 'whole' }],
    ['If-Range with a date', 'bytes=0-9', 'Wed, 21 Oct 2015 07:28:00 GMT', { kind: 'whole' }],
  ])('answers %s', (_label, range, ifRange, answer) => {
    expect(selectRange(range, ifRange, ETAG, 100)).toEqual(answer);
  });
});

describe('noneMatchHits', () => {
  it.each([
    [undefined, false],
    [ETAG, true],
    [`W/${ETAG}`, true],
    [`"x", ${ETAG}`, true],
    ['*', true],
    ['"x"', false],
    ['abc', false],
  ])('%p → %p', (header, hit) => {
    expect(noneMatchHits(header, ETAG)).toBe(hit);
  });
});
