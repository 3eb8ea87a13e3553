import type { DelayParty, PartyTimes, RequestDelays, StepDelay } from '@orbita/contracts';
import type { WorkingCalendar } from '../calendars/working-time';
import { workingMsBetween } from '../calendars/working-time';
import type { InstanceDocument, RunType, StepRun } from '../instances/instance.schema';

/** Steps the engine runs by itself: they hold nobody, so their time is nobody's delay. */
const AUTOMATIC = new Set<RunType>(['generateDocument', 'registerUpdate', 'notify']);

/** A calendar as delay attribution names it: its key and its hours. */
export interface KeyedCalendar {
  key: string;
  calendar: WorkingCalendar;
}

/** Whose time a run is: a third party's when the template says so, else the party holding it. */
export function partyOf(run: Pick<StepRun, 'party' | 'thirdParty'>): DelayParty {
  return run.thirdParty ? 'thirdParty' : run.party;
}

/** Whether a run's time is someone's: people's steps, waits and failed steps, not automatic ones. */
export function isHeld(run: Pick<StepRun, 'type'>): boolean {
  return !AUTOMATIC.has(run.type);
}

/** The runs whose time counts (history and open ones), in the order they started. */
export function heldRuns(instance: Pick<InstanceDocument, 'history' | 'current'>): StepRun[] {
  return [...instance.history, ...instance.current]
    .filter(isHeld)
    .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || a.runId.localeCompare(b.runId));
}

/**
 * The org path whose calendar a run's working time is counted in: its SLA's (the holder's unit
 * when it started), else the first holder's unit as `orgPathOf` knows it, else the company's.
 */
export function calendarPathOf(
  run: StepRun,
  companyPath: readonly string[],
  orgPathOf: (userId: string) => readonly string[] | null,
): readonly string[] {
  if (run.sla?.calendarPath && run.sla.calendarPath.length > 0) {
    return run.sla.calendarPath;
  }
  const [first] = run.holders;
  return (first ? orgPathOf(first) : null) ?? companyPath;
}

/** One run's delay: from its start to its finish (or to `asOf` while open), on both clocks. */
export function stepDelay(run: StepRun, calendar: KeyedCalendar, asOf: Date): StepDelay {
  const end = run.finishedAt ?? asOf;
  const calendarMs = Math.max(0, end.getTime() - run.startedAt.getTime());
  const workingMs = calendarMs === 0 ? 0 : workingMsBetween(calendar.calendar, run.startedAt, end);
  return {
    runId: run.runId,
    stepId: run.stepId,
    type: run.type,
    name: run.name,
    party: partyOf(run),
    thirdParty: run.thirdParty ?? null,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    open: run.finishedAt === null,
    actorId: run.actorId,
    outcome: run.outcome,
    calendarMs,
    workingMs: Math.round(workingMs),
    calendarKey: calendar.key,
  };
}

export function noTime(): PartyTimes {
  return { company: 0, external: 0, thirdParty: 0, total: 0 };
}

/** `ms` more of `party`'s time (and of the total). */
export function addTime(times: PartyTimes, party: DelayParty, ms: number): PartyTimes {
  return { ...times, [party]: times[party] + ms, total: times.total + ms };
}

/**
 * A request's delays: each held run with its time, and the totals by party, which are the runs'
 * sums exactly (runs that overlapped, such as an order's acknowledgements, each count in full).
 */
export function delaysOf(
  instance: Pick<InstanceDocument, '_id' | 'status' | 'history' | 'current' | 'endedAt'>,
  calendarOf: (run: StepRun) => KeyedCalendar,
  now: Date,
): RequestDelays {
  const asOf = instance.endedAt ?? now;
  const steps = heldRuns(instance).map((run) => stepDelay(run, calendarOf(run), asOf));
  let calendarMs = noTime();
  let workingMs = noTime();
  for (const step of steps) {
    calendarMs = addTime(calendarMs, step.party, step.calendarMs);
    workingMs = addTime(workingMs, step.party, step.workingMs);
  }
  return {
    instanceId: instance._id,
    status: instance.status,
    asOf: asOf.toISOString(),
    steps,
    calendarMs,
    workingMs,
  };
}

/** Whether a finished run kept its SLA: null when it had none. */
export function slaKept(run: StepRun): boolean | null {
  if (!run.sla || !run.dueAt) {
    return null;
  }
  if (run.overdue) {
    return false;
  }
  return (run.finishedAt ?? new Date(8.64e15)).getTime() <= run.dueAt.getTime();
}

/** The calendar month (YYYY-MM) of an instant in a time zone: reports count by the company's months. */
export function monthOf(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
  }).formatToParts(instant);
  const year = parts.find((p) => p.type === 'year')?.value ?? '0000';
  const month = parts.find((p) => p.type === 'month')?.value ?? '01';
  return `${year}-${month}`;
}
