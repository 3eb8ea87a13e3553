import { Inject, Injectable } from '@nestjs/common';
import type { Connection, UpdateQuery } from 'mongoose';
import type { QueryScope } from '@orbita/platform';
import { MONGO_CONNECTION, Repository } from '@orbita/platform';
import type { ScheduleDocument } from './schedule.schema';
import { ScheduleSchema } from './schedule.schema';

/** The most schedules a company keeps (an admin's list is answered whole). */
export const SCHEDULES_PER_ORG = 500;

@Injectable()
export class ScheduleRepository extends Repository<ScheduleDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection, 'Schedule', ScheduleSchema, {
      visibleTo: (scope) => ({ orgId: { $in: scope.orgIds } }),
    });
  }

  async add(schedule: ScheduleDocument): Promise<void> {
    await this.insert(schedule);
  }

  /** Inserts unless one with the id exists; whether it did. */
  async addOnce(schedule: ScheduleDocument): Promise<boolean> {
    return this.insertOnce(schedule);
  }

  async ofOrg(scope: QueryScope, orgId: string): Promise<ScheduleDocument[]> {
    return this.findMany(scope, { orgId }, { sort: { _id: 1 }, limit: SCHEDULES_PER_ORG });
  }

  async countOfOrg(scope: QueryScope, orgId: string): Promise<number> {
    return this.count(scope, { orgId });
  }

  async byId(scope: QueryScope, orgId: string, id: string): Promise<ScheduleDocument | null> {
    return this.findOne(scope, { _id: id, orgId });
  }

  /** The active schedules on a register's dates (a record of it was created or changed). */
  async activeOnRegister(scope: QueryScope, registerKey: string): Promise<ScheduleDocument[]> {
    return this.findMany(scope, { registerKey, status: 'active' }, { limit: SCHEDULES_PER_ORG });
  }

  /** Writes a change made on `revision`; false when the schedule moved on (or is gone) meanwhile. */
  async change(
    scope: QueryScope,
    orgId: string,
    id: string,
    revision: number,
    update: UpdateQuery<ScheduleDocument>,
  ): Promise<boolean> {
    return this.updateOne(scope, { _id: id, orgId, revision }, update);
  }

  /** A schedule by id whatever its org (a timer names only the schedule). */
  async findAnyOrg(scope: QueryScope, id: string): Promise<ScheduleDocument | null> {
    return this.findOne(scope, { _id: id });
  }

  /**
   * Moves a calendar schedule past the period that fired, unless it moved already (a second firing
   * of the period) or was paused meanwhile; whether it did.
   */
  async advance(
    scope: QueryScope,
    orgId: string,
    id: string,
    period: string,
    update: UpdateQuery<ScheduleDocument>,
  ): Promise<boolean> {
    return this.updateOne(scope, { _id: id, orgId, nextPeriod: period, status: 'active' }, update);
  }

  /** Records a register-date firing as the schedule's last run. */
  async recordRun(
    scope: QueryScope,
    orgId: string,
    id: string,
    update: UpdateQuery<ScheduleDocument>,
  ): Promise<boolean> {
    return this.updateOne(scope, { _id: id, orgId }, update);
  }

  async remove(scope: QueryScope, orgId: string, id: string): Promise<boolean> {
    return (await this.deleteMany(scope, { _id: id, orgId })) === 1;
  }
}
