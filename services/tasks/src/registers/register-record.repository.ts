import { Inject, Injectable } from '@nestjs/common';
import type { Connection, UpdateQuery } from 'mongoose';
import type { EventEnvelope } from '@orbita/contracts';
import type { AccessScope, PageRequest, QueryScope } from '@orbita/platform';
import { MONGO_CONNECTION, OutboxRelay, Repository } from '@orbita/platform';
import type { RegisterRecordDocument } from './register-record.schema';
import { RegisterRecordSchema } from './register-record.schema';

/** Records are an org's: seen by readers of an org on the owner's path, nobody takes part in one. */
function recordScopeFilter(scope: AccessScope): Record<string, unknown> {
  return { orgPath: { $in: [...scope.orgIds] } };
}

/** Key look-ups go in batches of this many (an import of a few thousand rows). */
const KEY_BATCH = 500;

export type NewRecord = Omit<RegisterRecordDocument, 'outbox' | 'outboxAt'>;

@Injectable()
export class RegisterRecordRepository extends Repository<RegisterRecordDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    super(connection, 'RegisterRecord', RegisterRecordSchema, { visibleTo: recordScopeFilter, relay });
  }

  async byId(scope: QueryScope, id: string): Promise<RegisterRecordDocument | null> {
    return this.findOne(scope, { _id: id });
  }

  /** A register's records, newest first: of one owner org, or of every org the scope sees. */
  async page(
    scope: QueryScope,
    registerKey: string,
    orgId: string | undefined,
    page: PageRequest,
  ): Promise<RegisterRecordDocument[]> {
    const filter = orgId ? { registerKey, orgId } : { registerKey };
    return this.findPage(scope, filter, page, 'desc');
  }

  async latest(
    scope: QueryScope,
    registerKey: string,
    orgId: string,
    limit: number,
  ): Promise<RegisterRecordDocument[]> {
    return this.findMany(scope, { registerKey, orgId }, { sort: { _id: -1 }, limit });
  }

  async byKeys(
    scope: QueryScope,
    registerKey: string,
    orgId: string,
    keys: readonly string[],
  ): Promise<RegisterRecordDocument[]> {
    const found: RegisterRecordDocument[] = [];
    for (let i = 0; i < keys.length; i += KEY_BATCH) {
      const batch = keys.slice(i, i + KEY_BATCH);
      found.push(
        ...(await this.findMany(scope, { registerKey, orgId, key: { $in: batch } }, { limit: batch.length })),
      );
    }
    return found;
  }

  /** The records settling one (the payments of an invoice), at most `limit`. */
  async settling(
    scope: QueryScope,
    registerKey: string,
    orgId: string,
    settles: string,
    limit: number,
  ): Promise<RegisterRecordDocument[]> {
    return this.findMany(scope, { registerKey, orgId, settles }, { limit });
  }

  /** Records whose date field is before the day (YYYY-MM-DD), soonest first. */
  async dateBefore(
    scope: QueryScope,
    registerKey: string,
    field: string,
    before: string,
    limit: number,
  ): Promise<RegisterRecordDocument[]> {
    return this.findMany(
      scope,
      // One element must be in the range (without $elemMatch, two elements could each meet one bound).
      { registerKey, dateKeys: { $elemMatch: { $gte: `${field}:`, $lt: `${field}:${before}` } } },
      { limit },
    );
  }

  /** Records whose date field is on or after the day (YYYY-MM-DD), at most `limit`. */
  async dateFrom(
    scope: QueryScope,
    registerKey: string,
    field: string,
    from: string,
    limit: number,
  ): Promise<RegisterRecordDocument[]> {
    return this.findMany(
      scope,
      // `;` follows the digits and `-` in code order: the range holds every date of the field from the day on.
      { registerKey, dateKeys: { $elemMatch: { $gte: `${field}:${from}`, $lt: `${field}:;` } } },
      { limit },
    );
  }

  /** Inserts the record with its events; false when its key is taken in its register and org. */
  async add(record: NewRecord, events: EventEnvelope[]): Promise<boolean> {
    return this.insertOnce(record, events);
  }

  /** Writes a change made on `revision`, with its events; false when the record moved on meanwhile. */
  async change(
    scope: QueryScope,
    id: string,
    revision: number,
    update: UpdateQuery<RegisterRecordDocument>,
    events: EventEnvelope[],
  ): Promise<boolean> {
    return this.updateOne(scope, { _id: id, revision }, update, events);
  }
}
