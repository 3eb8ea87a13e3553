import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { ReportDimension } from '@orbita/contracts';
import { MONGO_CONNECTION, Repository, systemScope } from '@orbita/platform';
import type { Contribution } from './region-counts';
import type {
  ReportContributionDocument,
  ReportCounts,
  ReportFactDocument,
  ReportRowDocument,
  ReportTarget,
} from './report.schema';
import {
  REPORT_COUNTERS,
  ReportContributionSchema,
  ReportFactSchema,
  ReportRowSchema,
} from './report.schema';

const LEDGER = systemScope('the report ledger counts facts the engine’s events carry, whoever caused them');
const READER = systemScope('reports: the caller’s right to the org’s reports was checked by the use case');

/** The most rows one report reads (keys × months; a period is at most 24 months). */
export const ROWS_AT_MOST = 5_000;

@Injectable()
export class ReportRowRepository extends Repository<ReportRowDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection, 'ReportRow', ReportRowSchema, { visibleTo: () => ({ _id: { $in: [] } }) });
  }

  /** The row exists (with zero counters) once this resolves; an existing row is left as it is. */
  async ensure(target: ReportTarget, now: Date): Promise<void> {
    const zero = Object.fromEntries(REPORT_COUNTERS.map((name) => [name, 0])) as ReportCounts;
    await this.upsert(
      LEDGER,
      { _id: target.rowId },
      {
        $setOnInsert: {
          orgId: target.orgId,
          dimension: target.dimension,
          key: target.key,
          month: target.month,
          label: target.label,
          ...zero,
          applying: [],
          updatedAt: now,
        },
      },
    );
  }

  /**
   * Adds the fact's counts and marks it applying, in one write, unless it is applying already;
   * whether it was added now.
   */
  async addOnce(rowId: string, factId: string, inc: Partial<ReportCounts>, now: Date): Promise<boolean> {
    return this.updateOne(
      LEDGER,
      { _id: rowId, applying: { $ne: factId } },
      { $inc: inc, $push: { applying: factId }, $set: { updatedAt: now } },
    );
  }

  /** The fact has let go of the row (its pending list no longer names it): the mark goes. */
  async release(rowId: string, factId: string): Promise<void> {
    await this.updateOne(LEDGER, { _id: rowId }, { $pull: { applying: factId } });
  }

  async period(
    orgId: string,
    dimension: ReportDimension,
    from: string,
    to: string,
  ): Promise<ReportRowDocument[]> {
    return this.findMany(
      READER,
      { orgId, dimension, month: { $gte: from, $lte: to } },
      { sort: { month: 1, key: 1 }, limit: ROWS_AT_MOST, projection: { applying: 0 } },
    );
  }
}

@Injectable()
export class ReportFactRepository extends Repository<ReportFactDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection, 'ReportFact', ReportFactSchema, { visibleTo: () => ({ _id: { $in: [] } }) });
  }

  /** Stores the fact unless one with its id is stored already; the stored one either way. */
  async store(fact: ReportFactDocument): Promise<ReportFactDocument | null> {
    if (await this.insertOnce(fact)) {
      return fact;
    }
    return this.findOne(LEDGER, { _id: fact._id });
  }

  /** The fact's counts are in the row: it no longer names it as pending. */
  async counted(factId: string, rowId: string): Promise<void> {
    await this.updateOne(LEDGER, { _id: factId }, { $pull: { pending: rowId } });
  }
}

@Injectable()
export class ReportContributionRepository extends Repository<ReportContributionDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection, 'ReportContribution', ReportContributionSchema, {
      visibleTo: () => ({ _id: { $in: [] } }),
    });
  }

  async of(recordId: string): Promise<Contribution | null> {
    const doc = await this.findOne(LEDGER, { _id: recordId });
    return doc ? { revision: doc.revision, target: doc.target, inc: doc.inc } : null;
  }

  /** The record counts as `after` now, unless a later revision of it was counted already. */
  async advance(recordId: string, after: Contribution, now: Date): Promise<void> {
    const fields = { revision: after.revision, target: after.target, inc: after.inc, updatedAt: now };
    if (
      await this.updateOne(LEDGER, { _id: recordId, revision: { $lt: after.revision } }, { $set: fields })
    ) {
      return;
    }
    await this.insertOnce({ _id: recordId, ...fields });
  }
}
