import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { QueryScope } from '@orbita/platform';
import { MONGO_CONNECTION, Repository } from '@orbita/platform';
import type { CalendarDocument } from './calendar.schema';
import { CalendarSchema } from './calendar.schema';

/** Calendars belong to the installation (units are assigned to them), not to an org: read by all. */
const EVERYONE = (): Record<string, unknown> => ({});

/** More calendars than this is a modelling mistake: the list is read whole. */
export const MAX_CALENDARS = 500;

@Injectable()
export class CalendarRepository extends Repository<CalendarDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection, 'Calendar', CalendarSchema, { visibleTo: EVERYONE });
  }

  async byKey(scope: QueryScope, key: string): Promise<CalendarDocument | null> {
    return this.findOne(scope, { _id: key });
  }

  async all(scope: QueryScope): Promise<CalendarDocument[]> {
    return this.findMany(scope, {}, { sort: { _id: 1 }, limit: MAX_CALENDARS });
  }

  /** Inserts a new calendar; false when one with the key exists. */
  async add(doc: CalendarDocument): Promise<boolean> {
    return this.insertOnce(doc);
  }

  /** Sets fields of the calendar made at `version`, moving it to the next; false when another change won. */
  async change(
    scope: QueryScope,
    key: string,
    version: number,
    fields: Partial<Omit<CalendarDocument, '_id' | 'createdAt' | 'version'>>,
  ): Promise<boolean> {
    return this.updateOne(scope, { _id: key, version }, { $set: { ...fields, version: version + 1 } });
  }

  /** Takes the units out of every calendar but `key` (a unit works by one calendar). */
  async release(scope: QueryScope, key: string, orgIds: string[], at: Date): Promise<void> {
    await this.updateMany(
      scope,
      { orgIds: { $in: orgIds }, _id: { $ne: key } },
      { $pullAll: { orgIds }, $inc: { version: 1 }, $set: { updatedAt: at } },
    );
  }
}
