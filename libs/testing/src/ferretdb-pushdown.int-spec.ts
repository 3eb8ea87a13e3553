import mongoose from 'mongoose';
import { sharedInfra } from './shared-infra';

// the driver's types, through mongoose (the project depends on mongoose, not on mongodb itself)
type Document = mongoose.mongo.Document;
type Collection<T extends Document> = mongoose.mongo.Collection<T>;
type Db = mongoose.mongo.Db;
type Filter<T> = mongoose.mongo.Filter<T>;
type Sort = mongoose.mongo.Sort;

/**
 * Our FerretDB build pushes filters, and then sorts and limits, down to SQLite indexes
 * (tools/infra/ferretdb-pushdown.patch, docs/adr/009), so the cost of a request does not grow
 * with the collection. These tests prove against the harness's FerretDB that:
 * - the shapes our repositories use are pushed (explain says so, and SQLite uses the index): they
 *   fail if the patch is missing;
 * - results equal MongoDB semantics computed here in JS over all documents, in particular for a
 *   field that holds arrays ({f: v} matches [v, …]) and for missing/null fields: they fail if the
 *   pushdown ever returned fewer documents than match.
 * On MongoDB the explain flags do not exist; this file is about the embedded FerretDB.
 */

interface TaskDoc {
  _id: string;
  orgId: string;
  assigneeId?: string | null;
  status: string;
  dueAt: Date;
}

interface FileDoc {
  _id: string;
  orgId: string;
  participants: string | string[];
}

interface Explained {
  filterPushdown: boolean;
  sortPushdown: boolean;
  limitPushdown: boolean;
  plan: string;
}

/** FerretDB's explain of a find: its pushdown flags and SQLite's query plan. */
async function explainFind<T extends Document>(
  col: Collection<T>,
  filter: Filter<T>,
  sort?: Sort,
  limit?: number,
): Promise<Explained> {
  let cursor = col.find(filter);
  if (sort) {
    cursor = cursor.sort(sort);
  }
  if (limit) {
    cursor = cursor.limit(limit);
  }
  const res = (await cursor.explain()) as {
    filterPushdown?: boolean;
    sortPushdown?: boolean;
    limitPushdown?: boolean;
    queryPlanner?: { Plan?: string[] };
  };
  return {
    filterPushdown: res.filterPushdown === true,
    sortPushdown: res.sortPushdown === true,
    limitPushdown: res.limitPushdown === true,
    plan: (res.queryPlanner?.Plan ?? []).join('\n'),
  };
}

type Scalar = string | number | boolean | Date | null;
type Condition = Scalar | { $in?: Scalar[]; $lt?: Scalar; $lte?: Scalar; $gt?: Scalar; $gte?: Scalar };

/** MongoDB's reading of a value for comparisons: dates by time, the rest as they are. */
function key(v: unknown): unknown {
  return v instanceof Date ? v.getTime() : v;
}

function sameClass(a: unknown, b: unknown): boolean {
  return a instanceof Date ? b instanceof Date : typeof a === typeof b && !(b instanceof Date);
}

/** One value (not an array) against a condition, as MongoDB compares within a type class. */
function scalarMatches(value: unknown, cond: Condition): boolean {
  if (cond === null || typeof cond !== 'object' || cond instanceof Date) {
    return value !== undefined && key(value) === key(cond);
  }
  const ops = cond;
  const cmp = (bound: Scalar | undefined, ok: (a: number | string, b: number | string) => boolean): boolean =>
    bound === undefined ||
    (value !== undefined &&
      value !== null &&
      bound !== null &&
      sameClass(value, bound) &&
      ok(key(value) as number | string, key(bound) as number | string));
  return (
    (ops.$in === undefined || ops.$in.some((v) => value !== undefined && key(value) === key(v))) &&
    cmp(ops.$lt, (a, b) => a < b) &&
    cmp(ops.$lte, (a, b) => a <= b) &&
    cmp(ops.$gt, (a, b) => a > b) &&
    cmp(ops.$gte, (a, b) => a >= b)
  );
}

/** MongoDB semantics of {field: cond}: arrays match if an element does; null matches missing. */
function fieldMatches(value: unknown, cond: Condition): boolean {
  if (cond === null) {
    return value === undefined || value === null || (Array.isArray(value) && value.includes(null));
  }
  if (Array.isArray(value)) {
    return value.some((v) => scalarMatches(v, cond));
  }
  return scalarMatches(value, cond);
}

/** The documents a filter of ANDed top-level field conditions matches, sorted by _id, limited. */
function expected(
  all: { _id: string }[],
  filter: Record<string, Condition>,
  order: 1 | -1 = 1,
  limit = 0,
): string[] {
  const ids = all
    .filter((doc) =>
      Object.entries(filter).every(([field, cond]) =>
        fieldMatches((doc as Record<string, unknown>)[field], cond),
      ),
    )
    .map((doc) => doc._id)
    .sort((a, b) => (a < b ? -order : a > b ? order : 0));
  return limit > 0 ? ids.slice(0, limit) : ids;
}

const ids = (docs: { _id: string }[]): string[] => docs.map((d) => d._id);

describe('query pushdown of the test database (FerretDB on SQLite)', () => {
  let connection: mongoose.Connection;
  let db: Db;
  let tasks: Collection<TaskDoc>;
  let files: Collection<FileDoc>;
  let allTasks: TaskDoc[];
  let allFiles: FileDoc[];
  const t0 = Date.UTC(2026, 0, 1);

  beforeAll(async () => {
    connection = await mongoose
      .createConnection(sharedInfra().endpoints.mongoUrl, { dbName: `pushdown_${process.pid}` })
      .asPromise();
    const native = connection.db;
    if (!native) {
      throw new Error('no database handle');
    }
    db = native;
    tasks = db.collection<TaskDoc>('tasks');
    files = db.collection<FileDoc>('files');
    await tasks.createIndexes([{ key: { assigneeId: 1, _id: -1 } }, { key: { dueAt: 1 } }]);
    await files.createIndexes([{ key: { participants: 1, _id: -1 } }]);

    const docs: TaskDoc[] = [];
    for (let i = 0; i < 400; i++) {
      const doc: TaskDoc = {
        _id: `01J${String(i).padStart(23, '0')}`, // ULID-like: same length, [0-9A-Z]
        orgId: `org${i % 4}`,
        status: i % 5 === 0 ? 'done' : 'open',
        dueAt: new Date(t0 + i * 60_000),
      };
      if (i % 11 === 3) {
        doc.assigneeId = null;
      } else if (i % 7 !== 0) {
        doc.assigneeId = `user${i % 6}`;
      }
      docs.push(doc);
    }
    await tasks.insertMany(docs);
    await files.insertMany(
      Array.from({ length: 60 }, (_, i) => ({
        _id: `F${String(i).padStart(3, '0')}`,
        orgId: `org${i % 2}`,
        participants: i % 3 === 0 ? `user${i % 4}` : [`user${i % 4}`, `user${(i + 1) % 4}`],
      })),
    );
    allTasks = await tasks.find({}).toArray();
    allFiles = await files.find({}).toArray();
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('serves findOne({_id, orgId}) from the _id index and reads one row', async () => {
    const id = allTasks[42]?._id ?? '';
    const ex = await explainFind(tasks, { _id: id, orgId: 'org2' }, undefined, 1);
    expect(ex).toMatchObject({ filterPushdown: true, limitPushdown: true });
    expect(ex.plan).toMatch(/SEARCH \S+ USING INDEX \S+__id_ \(<expr>=\?\)/);
    expect((await tasks.findOne({ _id: id, orgId: 'org2' }))?._id).toBe(id);
    expect(await tasks.findOne({ _id: id, orgId: 'org1' })).toBeNull();
  });

  it('serves a page of find({assigneeId}).sort({_id: -1}).limit(21) from {assigneeId: 1, _id: -1}', async () => {
    const ex = await explainFind(tasks, { assigneeId: 'user1' }, { _id: -1 }, 21);
    expect(ex).toEqual(
      expect.objectContaining({ filterPushdown: true, sortPushdown: true, limitPushdown: true }),
    );
    expect(ex.plan).toContain('USING INDEX');
    expect(ex.plan).toContain('assigneeId');
    expect(ex.plan).not.toContain('TEMP B-TREE'); // the index gives the order

    const page = await tasks.find({ assigneeId: 'user1' }).sort({ _id: -1 }).limit(21).toArray();
    expect(ids(page)).toEqual(expected(allTasks, { assigneeId: 'user1' }, -1, 21));

    // the next page, by cursor, the same way
    const after = page[page.length - 1]?._id ?? '';
    const filter = { assigneeId: 'user1', _id: { $lt: after } };
    expect(await explainFind(tasks, filter, { _id: -1 }, 21)).toMatchObject({
      filterPushdown: true,
      sortPushdown: true,
      limitPushdown: true,
    });
    const next = await tasks.find(filter).sort({ _id: -1 }).limit(21).toArray();
    expect(ids(next)).toEqual(expected(allTasks, filter, -1, 21));
    expect(next.length).toBeGreaterThan(0);
  });

  it('does the same through a mongoose model', async () => {
    const Task = connection.model(
      'PushdownTask',
      new mongoose.Schema(
        { _id: String, assigneeId: String, orgId: String },
        { collection: 'tasks', strict: false },
      ),
    );
    const query = { assigneeId: 'user5', orgId: 'org1' };
    const explained = (await Task.find(query).sort({ _id: -1 }).limit(5).explain()) as unknown as {
      filterPushdown: boolean;
      limitPushdown: boolean;
    };
    expect(explained).toMatchObject({ filterPushdown: true, limitPushdown: true });
    const docs = await Task.find(query).sort({ _id: -1 }).limit(5).lean<{ _id: string }[]>();
    expect(ids(docs)).toEqual(expected(allTasks, query, -1, 5));
  });

  it('pushes $in and ranges on strings and dates, with the results of MongoDB semantics', async () => {
    const cases: Record<string, Condition>[] = [
      { assigneeId: { $in: ['user2', 'user4'] } },
      { assigneeId: { $in: ['user2', 'user4'] }, orgId: 'org0' },
      { dueAt: { $gte: new Date(t0 + 100 * 60_000), $lt: new Date(t0 + 150 * 60_000) } },
      { dueAt: { $lt: new Date(t0 + 10 * 60_000) } },
      { assigneeId: { $gt: 'user3' } },
      { _id: { $gte: '01J00000000000000000000100', $lt: '01J00000000000000000000120' } },
    ];
    for (const filter of cases) {
      const ex = await explainFind(tasks, filter as Filter<TaskDoc>, { _id: 1 }, 1000);
      expect({ filter, ...ex }).toMatchObject({
        filterPushdown: true,
        sortPushdown: true,
        limitPushdown: true,
      });
      const docs = await tasks
        .find(filter as Filter<TaskDoc>)
        .sort({ _id: 1 })
        .toArray();
      expect({ filter, ids: ids(docs) }).toEqual({ filter, ids: expected(allTasks, filter) });
    }
    const range = await explainFind(tasks, { dueAt: { $lt: new Date(t0) } });
    expect(range.plan).toMatch(/USING INDEX \S+_dueAt_1 \(<expr>/);
  });

  it('leaves null and missing fields to FerretDB itself, with MongoDB results', async () => {
    const ex = await explainFind(tasks, { assigneeId: null }, { _id: 1 }, 1000);
    expect(ex).toMatchObject({ filterPushdown: false, limitPushdown: false });
    const docs = await tasks.find({ assigneeId: null }).sort({ _id: 1 }).toArray();
    const want = expected(allTasks, { assigneeId: null });
    expect(ids(docs)).toEqual(want);
    expect(want.some((id) => allTasks.find((d) => d._id === id)?.assigneeId === undefined)).toBe(true);
    expect(want.some((id) => allTasks.find((d) => d._id === id)?.assigneeId === null)).toBe(true);
    expect(await tasks.countDocuments({ assigneeId: 'user3' })).toBe(
      expected(allTasks, { assigneeId: 'user3' }).length,
    );
  });

  it('does not push conditions on a field that holds arrays, and finds the documents whose array has the value', async () => {
    // results first: a pushed scalar comparison would lose the documents whose array has user1
    const docs = await files.find({ participants: 'user1' }).sort({ _id: -1 }).limit(21).toArray();
    const want = expected(allFiles, { participants: 'user1' }, -1, 21);
    expect(want.some((id) => Array.isArray(allFiles.find((f) => f._id === id)?.participants))).toBe(true);
    expect(ids(docs)).toEqual(want);
    expect(ids(await files.find({ participants: { $in: ['user2'] } }).toArray()).sort()).toEqual(
      expected(allFiles, { participants: { $in: ['user2'] } }),
    );
    const ex = await explainFind(files, { participants: 'user1' }, { _id: -1 }, 21);
    expect(ex).toMatchObject({ filterPushdown: false, sortPushdown: false, limitPushdown: false });
  });

  it('stops pushing a field for good once an array was written there', async () => {
    const col = db.collection<{ _id: string; tag: string | string[] }>('flags');
    await col.createIndexes([{ key: { tag: 1 } }]);
    await col.insertMany([
      { _id: 'a', tag: 'x' },
      { _id: 'b', tag: 'y' },
    ]);
    expect(await explainFind(col, { tag: 'x' })).toMatchObject({ filterPushdown: true });

    await col.updateOne({ _id: 'b' }, { $set: { tag: ['x', 'z'] } });
    expect(ids(await col.find({ tag: 'x' }).sort({ _id: 1 }).toArray())).toEqual(['a', 'b']);
    expect(await col.countDocuments({ tag: 'z' })).toBe(1);
    expect(await explainFind(col, { tag: 'x' })).toMatchObject({ filterPushdown: false });

    // the array is gone, the flag stays (as MongoDB's multikey flag does)
    await col.updateOne({ _id: 'b' }, { $set: { tag: 'y' } });
    expect(await explainFind(col, { tag: 'x' })).toMatchObject({ filterPushdown: false });
  });

  it('updates, modifies and deletes by {_id, other} exactly as MongoDB does', async () => {
    const col = db.collection<{
      _id: string;
      orgId: string;
      v: number;
      outbox?: string[];
      pending?: boolean;
    }>('writes');
    await col.insertMany([
      { _id: 'w1', orgId: 'o1', v: 0, outbox: ['e1'], pending: true },
      { _id: 'w2', orgId: 'o2', v: 0 },
    ]);
    expect((await col.updateOne({ _id: 'w1', orgId: 'o2' }, { $inc: { v: 1 } })).matchedCount).toBe(0);
    expect((await col.updateOne({ _id: 'w1', orgId: 'o1' }, { $inc: { v: 1 } })).modifiedCount).toBe(1);
    expect((await col.updateOne({ _id: 'w1', v: 0 }, { $inc: { v: 1 } })).matchedCount).toBe(0);
    // the outbox relay's conditional clear: {_id, $or: [...]}
    const clear = { _id: 'w1', $or: [{ outbox: { $size: 0 } }, { outbox: { $exists: false } }] };
    expect((await col.updateOne(clear, { $unset: { pending: '' } })).modifiedCount).toBe(0);
    await col.updateOne({ _id: 'w1' }, { $pullAll: { outbox: ['e1'] } });
    expect((await col.updateOne(clear, { $unset: { pending: '' } })).modifiedCount).toBe(1);

    const found = await col.findOneAndUpdate(
      { _id: 'w2', orgId: 'o2' },
      { $set: { v: 5 } },
      { returnDocument: 'after' },
    );
    expect(found?.v).toBe(5);
    expect(await col.findOneAndUpdate({ _id: 'w2', orgId: 'o1' }, { $set: { v: 6 } })).toBeNull();
    expect((await col.deleteOne({ _id: 'w2', orgId: 'o1' })).deletedCount).toBe(0);
    expect((await col.deleteOne({ _id: 'w2', orgId: 'o2' })).deletedCount).toBe(1);
    expect(ids(await col.find({}).toArray())).toEqual(['w1']);
  });
});
