import { Injectable } from '@nestjs/common';
import type { Step } from '@orbita/contracts';
import { CalendarsService } from '../calendars/calendars.service';
import { DirectoryService } from '../directory/directory.service';
import { PeopleDirectory } from '../directory/people';
import type { InstanceDocument, RunSla, StepRun } from '../instances/instance.schema';
import type { SlaTimes } from './sla-clock';
import { SlaTimeline } from './sla-clock';

/** A run's SLA as planned when it starts. */
export interface SlaPlan {
  sla: RunSla;
  dueAt: Date;
}

/** The most people one escalation names (the supervisors of a group's candidates). */
const RECIPIENTS_AT_MOST = 50;

/**
 * Step SLAs (ADR 019): the due time of a run in its holder's working calendar (or around the
 * clock), what an earlier run of the step already used, and whom a breach is escalated to.
 */
@Injectable()
export class SlaService {
  constructor(
    private readonly calendars: CalendarsService,
    private readonly directory: DirectoryService,
    private readonly people: PeopleDirectory,
  ) {}

  /**
   * The SLA of a run of `step` starting at `now`, held by `holders`; null when the step has none.
   * When the step's last run sent the request back to someone else (a return), that run's time
   * counts and the rest of the SLA is left: the time the request was away does not.
   */
  async plan(
    step: Step,
    holders: readonly string[],
    instance: InstanceDocument,
    now: Date,
  ): Promise<SlaPlan | null> {
    if (!step.sla) {
      return null;
    }
    const clock = step.slaClock ?? 'working';
    const calendarPath = await this.calendarPathOf(holders, instance);
    const timeline = new SlaTimeline(clock, await this.calendars.calendarFor(calendarPath));
    const spentBeforeMs = await this.spentBefore(step.id, instance);
    const times: SlaTimes = timeline.times(
      { sla: step.sla, slaClock: clock, remindBefore: step.remindBefore, escalateAfter: step.escalateAfter },
      now,
      spentBeforeMs,
    );
    return {
      dueAt: times.dueAt,
      sla: {
        clock,
        budgetMs: times.budgetMs,
        spentBeforeMs,
        calendarPath,
        remindAt: times.remindAt,
        escalateAt: times.escalateAt,
      },
    };
  }

  /**
   * Whom a breach of the run is escalated to at `level`: for the company's steps, the supervisors
   * of its holders (level 1), then theirs (level 2); for a step the external party holds, the
   * client's personal manager (who chases the client), then the manager's supervisor.
   */
  async escalationRecipients(
    run: StepRun,
    holders: readonly string[],
    instance: InstanceDocument,
    level: number,
  ): Promise<string[]> {
    if (level > 1) {
      return this.supervisorsOf(run.escalatedTo ?? []);
    }
    if (run.party === 'external') {
      const client = instance.clientOrgId ? await this.people.org(instance.clientOrgId) : null;
      return client?.managerId ? [client.managerId] : [];
    }
    return this.supervisorsOf(holders);
  }

  private async supervisorsOf(userIds: readonly string[]): Promise<string[]> {
    const found = new Set<string>();
    for (const userId of userIds.slice(0, RECIPIENTS_AT_MOST)) {
      const user = await this.directory.user(userId);
      const supervisor = user
        ? await this.people.supervisorOf({ id: user._id, orgPath: user.orgPath })
        : null;
      if (supervisor) {
        found.add(supervisor);
      }
    }
    return [...found];
  }

  /** The holder's unit (the first holder's), else the company's: whose calendar counts. */
  private async calendarPathOf(holders: readonly string[], instance: InstanceDocument): Promise<string[]> {
    const [first] = holders;
    const user = first ? await this.directory.user(first) : null;
    if (user) {
      return user.orgPath;
    }
    return instance.requester.orgPath.slice(0, 1);
  }

  /** What the step's runs that returned the request (back to back, latest last) used of its SLA. */
  private async spentBefore(stepId: string, instance: InstanceDocument): Promise<number> {
    const previous = instance.history.filter((r) => r.stepId === stepId).at(-1);
    if (!previous?.sla || previous.outcome !== 'return' || !previous.finishedAt) {
      return 0;
    }
    const timeline = new SlaTimeline(
      previous.sla.clock,
      await this.calendars.calendarFor(previous.sla.calendarPath),
    );
    return previous.sla.spentBeforeMs + timeline.between(previous.startedAt, previous.finishedAt);
  }
}
