import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Connection } from 'mongoose';

/**
 * The shape of a query as the index-coverage check needs it (never its values): which fields it
 * filters on and how, what it sorts by, and where in the code it was sent from.
 */
export interface FieldUse {
  path: string;
  /** Equality (also `$in`), a range, or something an index cannot start from ($ne, $exists…). */
  kind: 'eq' | 'range' | 'other';
}

export interface FilterShape {
  fields: FieldUse[];
  /** Each `$or` of the filter, as its branches' shapes. */
  or: FilterShape[][];
}

export interface QueryLogEntry {
  kind: 'query';
  service: string;
  collection: string;
  method: string;
  filter: FilterShape;
  sort: string[];
  place: string;
}

export interface IndexLogEntry {
  kind: 'index';
  service: string;
  collection: string;
  keys: string[];
}

const RANGE = new Set(['$gt', '$gte', '$lt', '$lte']);
const EQUALITY = new Set(['$eq', '$in']);

export function filterShape(filter: unknown): FilterShape {
  const shape: FilterShape = { fields: [], or: [] };
  if (!filter || typeof filter !== 'object') {
    return shape;
  }
  for (const [key, value] of Object.entries(filter as Record<string, unknown>)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const part of value) {
        const inner = filterShape(part);
        shape.fields.push(...inner.fields);
        shape.or.push(...inner.or);
      }
    } else if (key === '$or' && Array.isArray(value)) {
      shape.or.push(value.map((branch) => filterShape(branch)));
    } else if (key.startsWith('$')) {
      continue;
    } else {
      shape.fields.push({ path: key, kind: kindOf(value) });
    }
  }
  return shape;
}

function kindOf(value: unknown): FieldUse['kind'] {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Date) {
    return 'eq';
  }
  const operators = Object.keys(value);
  if (operators.length === 0 || !operators[0]?.startsWith('$')) {
    return 'eq';
  }
  if (operators.every((op) => EQUALITY.has(op))) {
    return 'eq';
  }
  if (operators.every((op) => RANGE.has(op))) {
    return 'range';
  }
  return 'other';
}

/** The code that sent the query: the first frame outside mongoose, the driver and the repository base. */
function placeOf(stack: string | undefined): string {
  for (const line of (stack ?? '').split('\n').slice(1)) {
    const match = /at (?:(\S+) )?\(?(.*?):\d+:\d+\)?$/.exec(line.trim());
    const file = match?.[2] ?? '';
    if (
      !file ||
      file.includes('node_modules') ||
      file.includes('node:') ||
      /libs\/platform\/(dist|src)\/mongo\//.test(file)
    ) {
      continue;
    }
    const source = file
      .replace(/^.*?\/((?:libs|services|tools)\/)/, '$1')
      .replace('/dist/', '/src/')
      .replace(/\.js$/, '.ts');
    return match?.[1] ? `${match[1]} (${source})` : source;
  }
  return 'unknown';
}

const FILTERED = new Set([
  'find',
  'findOne',
  'findOneAndUpdate',
  'findOneAndDelete',
  'findOneAndReplace',
  'updateOne',
  'updateMany',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'countDocuments',
]);

/**
 * Test harness only (QUERY_LOG_FILE): appends the shape of every query this connection sends, and
 * every index it creates, to a file; the test run then checks each query against the declared
 * indexes by MongoDB's rules (libs/testing query-coverage), so a query no index serves fails CI.
 */
export function recordQueries(connection: Connection, file: string, service: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const write = (entry: QueryLogEntry | IndexLogEntry): void => {
    appendFileSync(file, `${JSON.stringify(entry)}\n`);
  };
  connection.set('debug', (collection: string, method: string, ...args: unknown[]) => {
    if (method === 'createIndex') {
      write({ kind: 'index', service, collection, keys: Object.keys(args[0] ?? {}) });
      return;
    }
    let filter: unknown;
    let options: unknown;
    if (FILTERED.has(method)) {
      filter = args[0];
      options = method === 'find' || method === 'findOne' ? args[1] : args[2];
    } else if (method === 'aggregate' && Array.isArray(args[0])) {
      filter = (args[0][0] as { $match?: unknown } | undefined)?.$match ?? {};
    } else if (method === 'distinct') {
      filter = args[1];
    } else {
      return;
    }
    const sort = (options as { sort?: unknown } | undefined)?.sort;
    write({
      kind: 'query',
      service,
      collection,
      method,
      filter: filterShape(filter),
      sort: sort && typeof sort === 'object' ? Object.keys(sort) : [],
      place: placeOf(new Error().stack),
    });
  });
}
