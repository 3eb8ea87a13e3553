import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FilterShape, IndexLogEntry, QueryLogEntry } from '@orbita/platform';

/**
 * Every query the integration and end-to-end suites send must be served by a declared index, by
 * MongoDB's rules (ARCHITECTURE §3): on MongoDB a query no index serves reads the collection, and
 * its cost grows with what is stored. The services log the shape of each query and each index they
 * create (QUERY_LOG_FILE, set by the harness); this reads those logs after the run.
 *
 * An index serves a filter when its first key is one the filter pins by equality or a range (then
 * the index bounds the scan), `_id` equality always; a top-level `$or` is served when the rest of
 * the filter is, or when each of its branches (with the rest) is — of several `$or`s, one such is
 * enough (the others filter what it finds); a filter that pins nothing is
 * served only by an index the sort walks (an ordered, limited scan).
 */
export interface UncoveredQuery {
  service: string;
  collection: string;
  method: string;
  shape: string;
  places: string[];
  count: number;
}

/** Collections read whole on purpose, with the reason; kept short and small by design. */
export const WHOLE_READS: Readonly<Record<string, string>> = {
  roles: 'the role definitions: at most a few hundred, listed whole by name',
  licences: 'the installed licence files: a handful, newest first',
  seats: 'one document per taken seat, bounded by the licence; counted per pool',
};

function usable(shape: FilterShape): Set<string> {
  return new Set(shape.fields.filter((f) => f.kind !== 'other').map((f) => f.path));
}

function servedBy(
  indexes: readonly string[][],
  shape: FilterShape,
  sort: readonly string[],
  extra = new Set<string>(),
): boolean {
  const pinned = new Set([...usable(shape), ...extra]);
  if (shape.fields.some((f) => f.path === '_id' && f.kind === 'eq')) {
    return true;
  }
  if (pinned.size > 0 && indexes.some((index) => index[0] !== undefined && pinned.has(index[0]))) {
    return true;
  }
  // MongoDB's planner answers one $or by a union of index scans and filters by the rest of the
  // query (other $ors included): one $or whose every branch is served is enough.
  if (shape.or.some((branches) => branches.every((branch) => servedBy(indexes, branch, sort, pinned)))) {
    return true;
  }
  if (pinned.size === 0 && sort.length > 0) {
    return indexes.some((index) => index[0] === sort[0]);
  }
  return false;
}

export function isCovered(
  indexes: readonly string[][],
  query: Pick<QueryLogEntry, 'filter' | 'sort'>,
): boolean {
  return servedBy([['_id'], ...indexes], query.filter, query.sort);
}

export function describeShape(shape: FilterShape): string {
  const parts = shape.fields.map((f) => `${f.path}:${f.kind}`);
  for (const branches of shape.or) {
    parts.push(`$or[${branches.map(describeShape).join(' | ')}]`);
  }
  return `{${parts.join(', ')}}`;
}

/** The queries of these log entries no declared index serves, one line per shape and place. */
export function uncoveredQueries(entries: readonly (QueryLogEntry | IndexLogEntry)[]): UncoveredQuery[] {
  const indexes = new Map<string, string[][]>();
  for (const entry of entries) {
    if (entry.kind === 'index') {
      const key = `${entry.service}/${entry.collection}`;
      indexes.set(key, [...(indexes.get(key) ?? []), entry.keys]);
    }
  }
  const found = new Map<string, UncoveredQuery>();
  for (const entry of entries) {
    if (entry.kind !== 'query' || entry.collection in WHOLE_READS) {
      continue;
    }
    if (isCovered(indexes.get(`${entry.service}/${entry.collection}`) ?? [], entry)) {
      continue;
    }
    const shape = `${describeShape(entry.filter)}${entry.sort.length ? ` sort ${entry.sort.join(',')}` : ''}`;
    const key = `${entry.service}/${entry.collection}/${entry.method}/${shape}`;
    const known = found.get(key);
    if (known) {
      known.count += 1;
      if (!known.places.includes(entry.place)) {
        known.places.push(entry.place);
      }
    } else {
      found.set(key, {
        service: entry.service,
        collection: entry.collection,
        method: entry.method,
        shape,
        places: [entry.place],
        count: 1,
      });
    }
  }
  return [...found.values()];
}

/** The entries of one query log (one JSON line each). */
export function readQueryLog(file: string): (QueryLogEntry | IndexLogEntry)[] {
  if (!existsSync(file)) {
    return [];
  }
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as QueryLogEntry | IndexLogEntry);
}

/** Every entry of the query logs under `dir`. */
export function readQueryLogs(dir: string): (QueryLogEntry | IndexLogEntry)[] {
  if (!existsSync(dir)) {
    return [];
  }
  return readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .flatMap((name) => readQueryLog(join(dir, name)));
}

export function formatUncovered(uncovered: readonly UncoveredQuery[]): string {
  return uncovered
    .map(
      (q) =>
        `  ${q.service} ${q.collection}.${q.method} ${q.shape} (${q.count}×)\n${q.places.map((p) => `      at ${p}`).join('\n')}`,
    )
    .join('\n');
}
