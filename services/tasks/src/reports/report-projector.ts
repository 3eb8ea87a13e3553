import { Inject, Injectable } from '@nestjs/common';
import type { DelayParty, ReportDimension } from '@orbita/contracts';
import type { Clock } from '@orbita/platform';
import { CLOCK } from '@orbita/platform';
import { CalendarsService } from '../calendars/calendars.service';
import { DirectoryService } from '../directory/directory.service';
import { PeopleDirectory } from '../directory/people';
import type { InstanceDocument, StepRun } from '../instances/instance.schema';
import type { KeyedCalendar } from './delay-split';
import { calendarPathOf, isHeld, monthOf, partyOf, slaKept, stepDelay } from './delay-split';
import { ReportLedger } from './report-ledger';
import type { ReportCounter, ReportCounts, ReportFactDocument, ReportTarget } from './report.schema';

const CALENDAR_FIELD: Record<DelayParty, ReportCounter> = {
  company: 'calendarCompanyMs',
  external: 'calendarExternalMs',
  thirdParty: 'calendarThirdPartyMs',
};
const WORKING_FIELD: Record<DelayParty, ReportCounter> = {
  company: 'workingCompanyMs',
  external: 'workingExternalMs',
  thirdParty: 'workingThirdPartyMs',
};

/**
 * The report read models' feed (ADR 023): the engine's step-finished and instance-ended events,
 * as tasks' durable consumer hands them to the process events handler, become facts the ledger
 * counts once per template, client and manager and month. Figures come from the instance's
 * stored history (a finished run never changes), so handling an event again computes the same.
 */
@Injectable()
export class ReportProjector {
  constructor(
    private readonly ledger: ReportLedger,
    private readonly calendars: CalendarsService,
    private readonly directory: DirectoryService,
    private readonly people: PeopleDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** A step run finished: its time by party and its SLA go to the month it finished in. */
  async stepFinished(instance: InstanceDocument, runId: string): Promise<void> {
    const run = instance.history.find((r) => r.runId === runId);
    if (!run?.finishedAt || !isHeld(run)) {
      return;
    }
    const orgId = companyOf(instance);
    const month = await this.monthOf(orgId, run.finishedAt);
    const delay = stepDelay(run, await this.calendarOf(run, instance), run.finishedAt);
    const kept = slaKept(run);
    const party = partyOf(run);
    const inc: Partial<ReportCounts> = {
      stepsFinished: 1,
      slaMet: kept === true ? 1 : 0,
      slaBreached: kept === false ? 1 : 0,
      [CALENDAR_FIELD[party]]: delay.calendarMs,
      [WORKING_FIELD[party]]: delay.workingMs,
    };
    const targets = await this.requestTargets(instance, orgId, month);
    const manager = await this.managerOf(run);
    if (manager) {
      targets.push(target(orgId, 'manager', manager.id, month, manager.name));
    }
    await this.ledger.record(
      fact(this.clock.now(), `step:${run.runId}`, orgId, instance._id, 'step', inc, targets, {
        stepId: run.stepId,
        party,
        actorId: run.actorId,
        startedAt: delay.startedAt,
        finishedAt: delay.finishedAt,
        calendarMs: delay.calendarMs,
        workingMs: delay.workingMs,
        calendarKey: delay.calendarKey,
        sla: kept,
      }),
    );
    if (manager) {
      // The same person's steps of one request in one month count the request once.
      await this.ledger.record(
        fact(
          this.clock.now(),
          `handled:${month}:${manager.id}:${instance._id}`,
          orgId,
          instance._id,
          'handled',
          { requestsHandled: 1 },
          [target(orgId, 'manager', manager.id, month, manager.name)],
          {},
        ),
      );
    }
  }

  /** A request ended: counted once in the month it ended, breached when any step passed its SLA. */
  async instanceEnded(instance: InstanceDocument): Promise<void> {
    if (instance.status === 'running' || !instance.endedAt) {
      return;
    }
    const orgId = companyOf(instance);
    const month = await this.monthOf(orgId, instance.endedAt);
    const breached = instance.history.some((run) => slaKept(run) === false);
    await this.ledger.record(
      fact(
        this.clock.now(),
        `request:${instance._id}`,
        orgId,
        instance._id,
        'request',
        { requestsFinished: 1, requestsBreached: breached ? 1 : 0 },
        await this.requestTargets(instance, orgId, month),
        { status: instance.status, endedAt: instance.endedAt.toISOString() },
      ),
    );
  }

  /** The calendar a run's working time counts in (the holder's unit's), named. */
  async calendarOf(run: StepRun, instance: InstanceDocument): Promise<KeyedCalendar> {
    const [first] = run.holders;
    const holder = first && !run.sla?.calendarPath.length ? await this.directory.user(first) : null;
    const path = calendarPathOf(run, [companyOf(instance)], (id) =>
      holder && holder._id === id ? holder.orgPath : null,
    );
    return this.calendars.keyedCalendarFor(path);
  }

  private async monthOf(orgId: string, instant: Date): Promise<string> {
    const { calendar } = await this.calendars.keyedCalendarFor([orgId]);
    return monthOf(instant, calendar.timeZone);
  }

  private async requestTargets(
    instance: InstanceDocument,
    orgId: string,
    month: string,
  ): Promise<ReportTarget[]> {
    const targets = [target(orgId, 'template', instance.templateKey, month, instance.templateName.ru)];
    if (instance.clientOrgId) {
      const client = await this.people.org(instance.clientOrgId);
      targets.push(
        target(orgId, 'client', instance.clientOrgId, month, client?.name ?? instance.clientOrgId),
      );
    }
    return targets;
  }

  /** The company's person who completed the run; a client's, a cancelled run and a machine's count for nobody. */
  private async managerOf(run: StepRun): Promise<{ id: string; name: string } | null> {
    if (!run.actorId || run.party === 'external' || run.outcome === 'cancelled') {
      return null;
    }
    const user = await this.directory.user(run.actorId);
    if (!user || user.external) {
      return null;
    }
    return { id: user._id, name: user.displayName };
  }
}

/** The company an instance's work belongs to: the top of its owning org's path. */
export function companyOf(instance: Pick<InstanceDocument, 'orgPath' | 'orgId'>): string {
  return instance.orgPath[0] ?? instance.orgId;
}

export function target(
  orgId: string,
  dimension: ReportDimension,
  key: string,
  month: string,
  label: string,
): ReportTarget {
  return { rowId: `${orgId}|${dimension}|${key}|${month}`, orgId, dimension, key, month, label };
}

export function fact(
  now: Date,
  id: string,
  orgId: string,
  instanceId: string,
  kind: ReportFactDocument['kind'],
  inc: Partial<ReportCounts>,
  targets: ReportTarget[],
  detail: Record<string, unknown>,
): ReportFactDocument {
  return {
    _id: id,
    orgId,
    instanceId,
    kind,
    inc,
    targets,
    pending: targets.map((t) => t.rowId),
    detail,
    createdAt: now,
  };
}
