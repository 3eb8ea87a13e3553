import type { OnModuleInit } from '@nestjs/common';
import type { Connection, Model, QueryFilter, Schema, UpdateQuery } from 'mongoose';
import type { EventEnvelope } from '@orbita/contracts';
import type { AccessScope, SystemScope } from '../access/access-scope';
import { isSystemScope } from '../access/access-scope';
import type { OutboxRelay } from '../events/outbox';
import { outboxOnInsert, outboxOnUpdate } from '../events/outbox';
import { decodeCursor } from './cursor';

/** Whom a query is for: a caller (a scope made from their principal) or the service itself. */
export type QueryScope = AccessScope | SystemScope;

const DUPLICATE_KEY = 11000;
/** The most ids one `_id: {$in}` query of {@link Repository.findByIds} holds. */
export const IDS_PER_QUERY = 500;

export function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === DUPLICATE_KEY;
}

type Filter = Record<string, unknown>;

export interface RepositoryOptions {
  /** The query filter of what a caller's scope may see in this collection. */
  visibleTo: (scope: AccessScope) => Filter;
  /** Set when the documents carry events in an outbox (ADR 002): the relay publishes them. */
  relay?: OutboxRelay;
}

export interface PageRequest {
  cursor?: string | undefined;
  limit: number;
}

/**
 * The one base of every repository. Its model is private, so a subclass cannot query around it:
 * every read and write takes a scope — a caller's (`scopeOf(principal, permission)`, the only way
 * to make one), whose filter is added to the query, or the service's own (`systemScope(why)`,
 * greppable) — so a query without one does not compile. It builds the model and its indexes at
 * start (a missing index fails the start, not a query), pages by cursor, inserts once (a duplicate
 * key is an answer, not an error), and writes events in the same single-document write as the
 * change (the relay then publishes them at once, or its sweep later).
 */
export abstract class Repository<T extends { _id: string }> implements OnModuleInit {
  private readonly model: Model<T>;
  private readonly options: RepositoryOptions;
  private prepared?: Promise<void>;

  protected constructor(connection: Connection, name: string, schema: Schema<T>, options: RepositoryOptions) {
    this.model = connection.model<T>(name, schema);
    this.options = options;
  }

  onModuleInit(): Promise<void> {
    return this.ready();
  }

  /**
   * Resolves once indexes exist. Nest runs the init hooks of one module's providers concurrently,
   * so a provider that reads the data in its own init awaits this; it prepares only once.
   */
  ready(): Promise<void> {
    this.prepared ??= (async () => {
      await this.model.createIndexes();
      this.options.relay?.register(this.model as unknown as Model<never>);
    })();
    return this.prepared;
  }

  protected async findOne(scope: QueryScope, filter: Filter, projection?: Filter): Promise<T | null> {
    return this.model.findOne(this.scoped(scope, filter), projection ?? NO_OUTBOX).lean<T>();
  }

  protected async findMany(
    scope: QueryScope,
    filter: Filter,
    options: { sort?: Record<string, 1 | -1>; limit: number; projection?: Filter },
  ): Promise<T[]> {
    let query = this.model.find(this.scoped(scope, filter), options.projection ?? NO_OUTBOX);
    if (options.sort) {
      query = query.sort(options.sort);
    }
    return query.limit(options.limit).lean<T[]>();
  }

  /**
   * The documents among `ids` (in no order), in queries of at most {@link IDS_PER_QUERY} ids each:
   * FerretDB pushes an `$in` down to SQLite only up to 1,000 values (ADR 010), so a larger one
   * would read the whole collection.
   */
  protected async findByIds(scope: QueryScope, ids: readonly string[]): Promise<T[]> {
    const unique = [...new Set(ids)];
    const found: T[] = [];
    for (let i = 0; i < unique.length; i += IDS_PER_QUERY) {
      const chunk = unique.slice(i, i + IDS_PER_QUERY);
      found.push(...(await this.findMany(scope, { _id: { $in: chunk } }, { limit: chunk.length })));
    }
    return found;
  }

  /**
   * One page in `_id` order after the cursor, with one document more than asked for, so toPage
   * can tell whether a next page exists.
   */
  protected async findPage(
    scope: QueryScope,
    filter: Filter,
    page: PageRequest,
    order: 'asc' | 'desc',
  ): Promise<T[]> {
    const after = decodeCursor(page.cursor);
    const paged = after ? both(filter, { _id: order === 'asc' ? { $gt: after } : { $lt: after } }) : filter;
    return this.findMany(scope, paged, { sort: { _id: order === 'asc' ? 1 : -1 }, limit: page.limit + 1 });
  }

  protected async count(scope: QueryScope, filter: Filter): Promise<number> {
    return this.model.countDocuments(this.scoped(scope, filter));
  }

  /** Inserts the document with its events (one write); the relay publishes them right after. */
  protected async insert(doc: T, events: EventEnvelope[] = []): Promise<void> {
    // Straight to the driver: the document is built whole and typed by the use case, so mongoose's
    // hydration and validation of a new document would only cost time on the hottest path there is.
    await this.model.collection.insertOne({ ...doc, ...outboxOnInsert(events) } as never);
    this.dispatch(doc._id, events);
  }

  /** Inserts unless a unique index already holds such a document: false then, nothing written. */
  protected async insertOnce(doc: T, events: EventEnvelope[] = []): Promise<boolean> {
    try {
      await this.insert(doc, events);
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) {
        return false;
      }
      throw err;
    }
  }

  /** Updates the one document the filter matches, with the events in the same write; whether it matched. */
  protected async updateOne(
    scope: QueryScope,
    filter: Filter & { _id: string },
    update: UpdateQuery<T>,
    events: EventEnvelope[] = [],
  ): Promise<boolean> {
    const result = await this.model.updateOne(this.scoped(scope, filter), withEvents(update, events));
    if (result.matchedCount === 1) {
      this.dispatch(filter._id, events);
    }
    return result.matchedCount === 1;
  }

  /** Like updateOne, answering the document as it is after (or was before) the change, or null. */
  protected async findOneAndUpdate(
    scope: QueryScope,
    filter: Filter,
    update: UpdateQuery<T>,
    options: {
      events?: EventEnvelope[];
      returnDocument?: 'before' | 'after';
      upsert?: boolean;
      /** Which of several matching documents to change (the first in this order). */
      sort?: Record<string, 1 | -1>;
    } = {},
  ): Promise<T | null> {
    const events = options.events ?? [];
    // No projection: FerretDB 1.24 refuses findAndModify with one (ADR 003).
    const doc = await this.model
      .findOneAndUpdate(this.scoped(scope, filter), withEvents(update, events), {
        returnDocument: options.returnDocument ?? 'after',
        upsert: options.upsert ?? false,
        ...(options.sort ? { sort: options.sort } : {}),
      })
      .lean<T>();
    if (doc) {
      this.dispatch(doc._id, events);
    }
    return doc ? withoutOutbox(doc) : null;
  }

  /**
   * Inserts many documents without events (work items a handled event sets), skipping those a
   * unique index already holds, as when the event is handled a second time; how many were new.
   */
  protected async insertManyOnce(docs: T[]): Promise<number> {
    if (docs.length === 0) {
      return 0;
    }
    try {
      return (await this.model.collection.insertMany(docs as never[], { ordered: false })).insertedCount;
    } catch (err) {
      const bulk = err as { writeErrors?: unknown; insertedCount?: number };
      const errors = Array.isArray(bulk.writeErrors) ? bulk.writeErrors : [bulk.writeErrors ?? err];
      if (errors.every(isDuplicateKey)) {
        return bulk.insertedCount ?? 0;
      }
      throw err;
    }
  }

  /**
   * Like insertManyOnce, answering the documents that were new (in the order given): what a
   * redelivered event's handler must still act on, the rest having been handled the first time.
   */
  protected async insertNewOf(docs: T[]): Promise<T[]> {
    if (docs.length === 0) {
      return [];
    }
    try {
      await this.model.collection.insertMany(docs as never[], { ordered: false });
      return docs;
    } catch (err) {
      const bulk = err as { writeErrors?: unknown };
      const errors = (Array.isArray(bulk.writeErrors) ? bulk.writeErrors : [bulk.writeErrors ?? err]) as {
        index?: unknown;
      }[];
      if (!errors.every(isDuplicateKey)) {
        throw err;
      }
      const skipped = new Set(errors.map((e) => e.index));
      if ([...skipped].some((index) => typeof index !== 'number')) {
        throw err;
      }
      return docs.filter((_, index) => !skipped.has(index));
    }
  }

  /** Inserts or updates one document (copies kept of another service's data, seeds). */
  protected async upsert(scope: QueryScope, filter: Filter, update: UpdateQuery<T>): Promise<void> {
    await this.model.updateOne(this.scoped(scope, filter), update, { upsert: true });
  }

  protected async updateMany(scope: QueryScope, filter: Filter, update: UpdateQuery<T>): Promise<number> {
    return (await this.model.updateMany(this.scoped(scope, filter), update)).modifiedCount;
  }

  protected async deleteMany(scope: QueryScope, filter: Filter): Promise<number> {
    return (await this.model.deleteMany(this.scoped(scope, filter))).deletedCount;
  }

  private scoped(scope: QueryScope, filter: Filter): QueryFilter<T> {
    return isSystemScope(scope) ? filter : both(filter, this.options.visibleTo(scope));
  }

  private dispatch(id: string, events: EventEnvelope[]): void {
    if (events.length > 0) {
      this.options.relay?.dispatch(this.model as unknown as Model<never>, id, events);
    }
  }
}

const NO_OUTBOX = { outbox: 0 } as const;

/**
 * Both filters. Top-level fields stay top-level where they do not collide (FerretDB pushes down
 * only top-level conditions, e.g. `_id`); colliding keys such as two `$or`s go under `$and`.
 */
function both(a: Filter, b: Filter): Filter {
  const collide = Object.keys(b).some((key) => key in a);
  return collide ? { $and: [a, b] } : { ...a, ...b };
}

function withEvents<T>(update: UpdateQuery<T>, events: EventEnvelope[]): UpdateQuery<T> {
  if (events.length === 0) {
    return update;
  }
  const ops = outboxOnUpdate(events);
  const current = update as Record<string, Record<string, unknown> | undefined>;
  return {
    ...update,
    $push: { ...(current['$push'] ?? {}), ...ops.$push },
    $min: { ...(current['$min'] ?? {}), ...ops.$min },
  };
}

function withoutOutbox<T>(doc: T): T {
  const copy = { ...doc } as T & { outbox?: unknown; outboxAt?: unknown };
  delete copy.outbox;
  delete copy.outboxAt;
  return copy;
}
