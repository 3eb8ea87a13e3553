import type { CalendarScheduleRule, RegisterDateRule } from '@orbita/contracts';
import { zoneOffsetMs } from '../calendars/working-time';

/**
 * When schedules fire (ADR 022): calendar rules read in a time zone (the company's working
 * calendar's), and days before or after a register record's date. Local dates are handled as
 * midnight-UTC day numbers; a local time becomes an instant through the zone's offset at it.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;
/** A calendar rule fires at least once in this many days (monthly: within 31, weekly: 7). */
const LOOK_AHEAD_DAYS = 64;

/** One firing of a schedule: its period key (unique per schedule) and its instant. */
export interface Occurrence {
  period: string;
  at: Date;
  /** The local date it fires on (YYYY-MM-DD). */
  date: string;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** The instant of a local wall-clock time on a local day (midnight UTC-encoded). */
export function localInstant(localDayUtc: number, hhmm: string, timeZone: string): Date {
  const wall = localDayUtc + minutesOf(hhmm) * MINUTE_MS;
  const first = wall - zoneOffsetMs(wall, timeZone);
  return new Date(wall - zoneOffsetMs(first, timeZone));
}

/** The local day (midnight UTC-encoded) an instant falls on in the zone. */
export function localDayOf(instant: Date, timeZone: string): number {
  const wall = instant.getTime() + zoneOffsetMs(instant.getTime(), timeZone);
  return Math.floor(wall / DAY_MS) * DAY_MS;
}

export function isoDay(localDayUtc: number): string {
  return new Date(localDayUtc).toISOString().slice(0, 10);
}

function dayOf(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

function daysInMonth(year: number, month0: number): number {
  return new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
}

/** The period key of a calendar rule's occurrence on a local day: the month, else the day. */
function periodOf(rule: CalendarScheduleRule, localDayUtc: number): string {
  return rule.kind === 'monthly' ? isoDay(localDayUtc).slice(0, 7) : isoDay(localDayUtc);
}

/** Whether a calendar rule fires on the local day (monthly on a day past the month's end: its last day). */
function firesOn(rule: CalendarScheduleRule, localDayUtc: number): boolean {
  const day = new Date(localDayUtc);
  switch (rule.kind) {
    case 'daily':
      return true;
    case 'weekly':
      return (day.getUTCDay() || 7) === rule.weekday;
    case 'monthly':
      return day.getUTCDate() === Math.min(rule.day, daysInMonth(day.getUTCFullYear(), day.getUTCMonth()));
  }
}

/** The first occurrence of a calendar rule strictly after the instant. */
export function nextOccurrence(rule: CalendarScheduleRule, timeZone: string, after: Date): Occurrence {
  const today = localDayOf(after, timeZone);
  for (let n = 0; n <= LOOK_AHEAD_DAYS; n++) {
    const day = today + n * DAY_MS;
    if (!firesOn(rule, day)) {
      continue;
    }
    const at = localInstant(day, rule.time, timeZone);
    if (at.getTime() > after.getTime()) {
      return { period: periodOf(rule, day), at, date: isoDay(day) };
    }
  }
  throw new Error(`The rule ${JSON.stringify(rule)} does not fire within ${LOOK_AHEAD_DAYS} days`);
}

/** When a register-date rule fires for a record's date value (YYYY-MM-DD), in the zone. */
export function registerDateOccurrence(rule: RegisterDateRule, timeZone: string, date: string): Occurrence {
  const offset = (rule.direction === 'before' ? -rule.days : rule.days) * DAY_MS;
  const day = dayOf(date) + offset;
  return { period: date, at: localInstant(day, rule.time, timeZone), date: isoDay(day) };
}

/** The same day a year later (the 29th of February: the 28th), a renewal's natural new end. */
export function sameDayNextYear(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = Math.min(d, daysInMonth(y + 1, m - 1));
  return isoDay(Date.UTC(y + 1, m - 1, day));
}

/** A month's first and last days (YYYY-MM-DD), of the local date's month moved by `shift` months. */
export function monthOf(date: string, shift = 0): { from: string; to: string } {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const first = Date.UTC(y, m - 1 + shift, 1);
  const start = new Date(first);
  return {
    from: isoDay(first),
    to: isoDay(
      Date.UTC(
        start.getUTCFullYear(),
        start.getUTCMonth(),
        daysInMonth(start.getUTCFullYear(), start.getUTCMonth()),
      ),
    ),
  };
}

/** Whether a YYYY-MM-DD string is a real calendar date. */
export function isCalendarDate(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}$/.test(value) &&
    !Number.isNaN(dayOf(value)) &&
    isoDay(dayOf(value)) === value
  );
}
