import { Inject, Injectable } from '@nestjs/common';
import type { RegisterRegionReport } from '@orbita/contracts';
import { ErrorCode } from '@orbita/contracts';
import type { Clock } from '@orbita/platform';
import { AppError, CLOCK, systemScope } from '@orbita/platform';
import { CalendarsService } from '../calendars/calendars.service';
import { PeopleDirectory } from '../directory/people';
import type { InstanceDocument } from '../instances/instance.schema';
import { RegisterDefinitionsService } from '../registers/register-definitions.service';
import { RegisterRecordRepository } from '../registers/register-record.repository';
import type { RegisterRecordDocument } from '../registers/register-record.schema';
import { monthOf } from './delay-split';
import type { Contribution } from './region-counts';
import { moves, NO_CONTRIBUTION, recordCounts } from './region-counts';
import { ReportLedger } from './report-ledger';
import { companyOf, fact, target } from './report-projector';
import { ReportContributionRepository } from './report.repository';

const RECORDS = systemScope('the per-region report counts every register record, whoever wrote it');

/** How often one change is retried when the record moved on meanwhile (each pass counts what it sees). */
const PASSES_AT_MOST = 5;

/**
 * The per-region report's feed (ADR 024): requests started, counted once when an instance starts,
 * and the register records of registers that declare a region measure (the financial plan's lines,
 * marketing violations), counted by the owner org's region whoever wrote them (a process step, a
 * person, an import) and moved between rows when a record changes. Every figure lands in the row
 * of the nearest org of kind `region` on the request's or the record's org path.
 */
@Injectable()
export class RegionProjector {
  constructor(
    private readonly ledger: ReportLedger,
    private readonly contributions: ReportContributionRepository,
    private readonly registers: RegisterDefinitionsService,
    private readonly records: RegisterRecordRepository,
    private readonly calendars: CalendarsService,
    private readonly people: PeopleDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** A request started: once, in its region's row of the month it started in (the company's time zone). */
  async instanceStarted(instance: InstanceDocument): Promise<void> {
    const orgId = companyOf(instance);
    const region = await this.regionOf(instance.orgPath);
    if (!region) {
      return;
    }
    const { calendar } = await this.calendars.keyedCalendarFor([orgId]);
    const month = monthOf(instance.createdAt, calendar.timeZone);
    await this.ledger.record(
      fact(
        this.clock.now(),
        `started:${instance._id}`,
        orgId,
        instance._id,
        'started',
        { requestsStarted: 1 },
        [target(orgId, 'region', region.id, month, region.name)],
        { templateKey: instance.templateKey, createdAt: instance.createdAt.toISOString() },
      ),
    );
  }

  /**
   * A register record was created or changed: what it counts for now replaces what it counted for
   * (a fact per revision it starts from, so the same change is never added twice).
   */
  async recordChanged(registerKey: string, recordId: string): Promise<void> {
    const measure = await this.measureOf(registerKey);
    if (!measure) {
      return;
    }
    for (let pass = 0; pass < PASSES_AT_MOST; pass++) {
      const record = await this.records.byId(RECORDS, recordId);
      const before = (await this.contributions.of(recordId)) ?? NO_CONTRIBUTION;
      if (!record || before.revision >= record.revision) {
        return;
      }
      const after = await this.contributionOf(measure, record);
      const orgId = record.orgPath[0] ?? record.orgId;
      const stored = await this.ledger.record(
        fact(
          this.clock.now(),
          `record:${recordId}:${before.revision}`,
          orgId,
          record.source.instanceId ?? '',
          'record',
          {},
          moves(before, after),
          { registerKey, after },
        ),
      );
      // The first fact stored for this revision decides what the record counts for now.
      const counted = (stored?.detail['after'] as Contribution | undefined) ?? after;
      await this.contributions.advance(recordId, counted, this.clock.now());
    }
  }

  private async contributionOf(
    measure: RegisterRegionReport,
    record: RegisterRecordDocument,
  ): Promise<Contribution> {
    const counts = recordCounts(measure, record.data);
    const region = counts ? await this.regionOf(record.orgPath) : null;
    if (!counts || !region) {
      return { revision: record.revision, target: null, inc: {} };
    }
    const orgId = record.orgPath[0] ?? record.orgId;
    return {
      revision: record.revision,
      target: target(orgId, 'region', region.id, counts.month, region.name),
      inc: counts.inc,
    };
  }

  private async measureOf(registerKey: string): Promise<RegisterRegionReport | null> {
    try {
      return (await this.registers.require(registerKey)).regionReport ?? null;
    } catch (err) {
      if (err instanceof AppError && err.code === ErrorCode.NotFound) {
        return null;
      }
      throw err;
    }
  }

  /** The nearest org of kind `region` on the path (a restaurant's region, the region itself). */
  private async regionOf(path: readonly string[]): Promise<{ id: string; name: string } | null> {
    for (const orgId of [...path].reverse()) {
      const org = await this.people.org(orgId);
      if (org?.kind === 'region') {
        return { id: org.id, name: org.name };
      }
    }
    return null;
  }
}
