export interface RecordChange {
  path: string;
  before: unknown;
  after: unknown;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * What would change from `before` to `after`: a change per leaf that differs, objects compared
 * field by field ("/schedule/time"), arrays and values whole; a field only on one side has
 * `undefined` (shown as absent) on the other.
 */
export function diffData(before: unknown, after: unknown, path = ''): RecordChange[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => diffData(before[key], after[key], `${path}/${escape(key)}`));
  }
  return same(before, after) ? [] : [{ path: path || '/', before, after }];
}

function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * The data after a change: fields of `patch` replace the current ones (top-level, shallowly);
 * a null removes the field.
 */
export function mergeData(
  current: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const removed = new Set(Object.keys(patch).filter((key) => patch[key] === null));
  return Object.fromEntries(Object.entries({ ...current, ...patch }).filter(([key]) => !removed.has(key)));
}

/** Top-level fields whose values differ between the two. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.filter((key) => !same(before[key], after[key]));
}
