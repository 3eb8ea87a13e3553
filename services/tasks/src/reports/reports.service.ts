import { Inject, Injectable } from '@nestjs/common';
import type {
  OperationsReport,
  OperationsReportInput,
  PartyTimes,
  Principal,
  RegionFigures,
  RegionReport,
  RegionReportInput,
  RequestDelays,
  SlaReport,
  SlaReportInput,
  SlaReportRow,
} from '@orbita/contracts';
import { ErrorCode, Permission } from '@orbita/contracts';
import type { Clock } from '@orbita/platform';
import { AppError, CLOCK } from '@orbita/platform';
import { PeopleDirectory } from '../directory/people';
import { InstancesService } from '../instances/instances.service';
import type { KeyedCalendar } from './delay-split';
import { delaysOf, heldRuns } from './delay-split';
import { ReportProjector } from './report-projector';
import { ReportRowRepository } from './report.repository';
import type { ReportRowDocument } from './report.schema';

/**
 * Whose time a request spent (computed from its one document when asked), and the company's
 * monthly reports (read from the rows the projector keeps: nothing is aggregated at read time).
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly instances: InstancesService,
    private readonly rows: ReportRowRepository,
    private readonly projector: ReportProjector,
    private readonly people: PeopleDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * A request's delays for whoever may see the request (its client's portal users too: the split
   * says how long each side held their request, which the timeline already shows them step by step).
   */
  async delays(principal: Principal, instanceId: string): Promise<RequestDelays> {
    const instance = await this.instances.visible(principal, instanceId);
    const calendars = new Map<string, KeyedCalendar>();
    for (const run of heldRuns(instance)) {
      calendars.set(run.runId, await this.projector.calendarOf(run, instance));
    }
    return delaysOf(
      instance,
      (run) => {
        const found = calendars.get(run.runId);
        if (!found) {
          throw new Error(`No calendar resolved for run ${run.runId}`);
        }
        return found;
      },
      this.clock.now(),
    );
  }

  async sla(principal: Principal, input: SlaReportInput): Promise<SlaReport> {
    const orgId = await this.reportOrgOf(principal);
    const rows = await this.rows.period(orgId, input.groupBy, input.from, input.to);
    return { orgId, groupBy: input.groupBy, from: input.from, to: input.to, rows: rows.map(toSlaRow) };
  }

  /** S1.9: operations per person of the company in a month, most first. */
  async operations(principal: Principal, input: OperationsReportInput): Promise<OperationsReport> {
    const orgId = await this.reportOrgOf(principal);
    const rows = await this.rows.period(orgId, 'manager', input.month, input.month);
    return {
      orgId,
      month: input.month,
      rows: rows
        .map((row) => ({
          userId: row.key,
          name: row.label,
          operations: row.stepsFinished,
          requests: row.requestsHandled,
          slaMet: row.slaMet,
          slaBreached: row.slaBreached,
          workingMs: Math.round(row.workingCompanyMs + row.workingExternalMs + row.workingThirdPartyMs),
        }))
        .sort((a, b) => b.operations - a.operations || a.name.localeCompare(b.name)),
    };
  }

  /**
   * S2.2, S2.4: per region and month, the requests started, the financial plan against what was
   * approved, and the marketing violations; with the totals.
   */
  async regions(principal: Principal, input: RegionReportInput): Promise<RegionReport> {
    const orgId = await this.reportOrgOf(principal);
    const rows = (await this.rows.period(orgId, 'region', input.from, input.to)).map((row) => ({
      month: row.month,
      regionOrgId: row.key,
      regionName: row.label,
      ...regionFigures(row),
    }));
    const totals = regionFigures(null);
    for (const row of rows) {
      for (const key of REGION_FIGURES) {
        totals[key] += row[key];
      }
    }
    return { orgId, from: input.from, to: input.to, rows, totals };
  }

  /**
   * The company whose reports the caller may read: staff holding `report.view` at the company or at
   * a unit of it (a manager's department); portal users never (FORBIDDEN).
   */
  private async reportOrgOf(principal: Principal): Promise<string> {
    const company = principal.orgPath[0] ?? principal.orgId;
    if (!principal.external) {
      for (const grant of principal.grants) {
        if (!grant.permissions.includes(Permission.ReportView)) {
          continue;
        }
        if (grant.orgId === company || (await this.people.org(grant.orgId))?.path[0] === company) {
          return company;
        }
      }
    }
    throw new AppError(ErrorCode.Forbidden);
  }
}

const REGION_FIGURES = [
  'requestsStarted',
  'plannedKopecks',
  'approvedKopecks',
  'financingApproved',
  'violations',
] as const satisfies readonly (keyof RegionFigures)[];

/** A region row's figures (rows counted before a figure existed have none: 0). */
function regionFigures(row: ReportRowDocument | null): RegionFigures {
  return Object.fromEntries(REGION_FIGURES.map((key) => [key, row?.[key] ?? 0])) as RegionFigures;
}

function times(row: ReportRowDocument, kind: 'calendar' | 'working'): PartyTimes {
  const company = Math.round(kind === 'calendar' ? row.calendarCompanyMs : row.workingCompanyMs);
  const external = Math.round(kind === 'calendar' ? row.calendarExternalMs : row.workingExternalMs);
  const thirdParty = Math.round(kind === 'calendar' ? row.calendarThirdPartyMs : row.workingThirdPartyMs);
  return { company, external, thirdParty, total: company + external + thirdParty };
}

function toSlaRow(row: ReportRowDocument): SlaReportRow {
  return {
    month: row.month,
    key: row.key,
    label: row.label,
    requestsFinished: row.requestsFinished,
    requestsBreached: row.requestsBreached,
    stepsFinished: row.stepsFinished,
    slaMet: row.slaMet,
    slaBreached: row.slaBreached,
    calendarMs: times(row, 'calendar'),
    workingMs: times(row, 'working'),
  };
}
