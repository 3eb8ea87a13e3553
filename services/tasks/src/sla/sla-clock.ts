import type { SlaClock } from '@orbita/contracts';
import type { WorkingCalendar } from '../calendars/working-time';
import { addWorkingMs, workingDayMs, workingMsBetween } from '../calendars/working-time';
import { durationParts } from '../instances/durations';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A step's SLA terms as a template gives them (ISO 8601 durations). */
export interface SlaTerms {
  sla: string;
  slaClock?: SlaClock | undefined;
  remindBefore?: string | undefined;
  escalateAfter?: string | undefined;
}

/** When a run's reminder, breach and second escalation are due. */
export interface SlaTimes {
  /** The SLA on its clock, in milliseconds of that clock. */
  budgetMs: number;
  dueAt: Date;
  /** Null when the run starts within the reminder's lead time already (its due time is news enough). */
  remindAt: Date | null;
  escalateAt: Date;
}

/**
 * Time on an SLA's clock: working time of a calendar (a day is a working day of it), or around the
 * clock (a day is 24 hours).
 */
export class SlaTimeline {
  constructor(
    readonly clock: SlaClock,
    private readonly calendar: WorkingCalendar,
  ) {}

  /** A duration in milliseconds of this clock. */
  length(duration: string): number {
    const { days, timeMs } = durationParts(duration);
    return days * (this.clock === 'working' ? workingDayMs(this.calendar) : DAY_MS) + timeMs;
  }

  after(from: Date, ms: number): Date {
    return this.clock === 'working' ? addWorkingMs(this.calendar, from, ms) : new Date(from.getTime() + ms);
  }

  between(from: Date, to: Date): number {
    return this.clock === 'working'
      ? workingMsBetween(this.calendar, from, to)
      : Math.max(0, to.getTime() - from.getTime());
  }

  /**
   * The times of a run that starts at `now` with `spentMs` of the SLA used by earlier runs of the
   * step (the step was returned to the other party and is back: the SLA goes on where it stopped).
   */
  times(terms: SlaTerms, now: Date, spentMs: number): SlaTimes {
    const budgetMs = this.length(terms.sla);
    const remainingMs = Math.max(0, budgetMs - spentMs);
    const leadMs =
      terms.remindBefore === undefined ? Math.floor(budgetMs / 4) : this.length(terms.remindBefore);
    // Spent already: due at once (its breach fires on the next tick), not at the next working start.
    const dueAt = remainingMs === 0 ? now : this.after(now, remainingMs);
    const escalateAfterMs = terms.escalateAfter === undefined ? budgetMs : this.length(terms.escalateAfter);
    return {
      budgetMs,
      dueAt,
      remindAt: remainingMs > leadMs ? this.after(now, remainingMs - leadMs) : null,
      escalateAt: this.after(dueAt, Math.max(escalateAfterMs, 1)),
    };
  }
}
