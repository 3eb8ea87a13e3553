/**
 * Working-time arithmetic in a calendar's IANA time zone (ADR 020): pure, no clock, no I/O.
 * Wall-clock dates are resolved through Intl, so zones with DST are handled by re-deriving the
 * offset of every local midnight and working-hours boundary.
 */

export interface WorkingCalendar {
  /** IANA time zone, e.g. Europe/Moscow, Asia/Novosibirsk. */
  timeZone: string;
  /** Working hours of a working day, local "HH:MM", start before end. */
  workStart: string;
  workEnd: string;
  /** ISO weekdays that are days off (1 = Monday … 7 = Sunday). */
  weekend: number[];
  /** Local dates YYYY-MM-DD that are days off (holidays and days off moved onto weekdays). */
  holidays: string[];
  /** Local dates YYYY-MM-DD that are working days although they fall on the weekend. */
  workingDays: string[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, found);
  }
  return found;
}

/** Offset of the zone from UTC at an instant, in milliseconds. */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') {
      parts[part.type] = Number(part.value);
    }
  }
  const asUtc = Date.UTC(
    parts['year'] ?? 0,
    (parts['month'] ?? 1) - 1,
    parts['day'] ?? 1,
    parts['hour'] ?? 0,
    parts['minute'] ?? 0,
    parts['second'] ?? 0,
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant of a local wall-clock time (minutes after local midnight of a UTC-encoded date). */
function localToInstant(localDayUtc: number, minutes: number, timeZone: string): number {
  const wall = localDayUtc + minutes * MINUTE_MS;
  const first = wall - zoneOffsetMs(wall, timeZone);
  return wall - zoneOffsetMs(first, timeZone);
}

function minutesOf(hhmm: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!match) {
    throw new Error(`Not a local time HH:MM: ${hhmm}`);
  }
  return Number(match[1]) * 60 + Number(match[2]);
}

function isoDate(localDayUtc: number): string {
  return new Date(localDayUtc).toISOString().slice(0, 10);
}

/** Whether a local date (midnight UTC-encoded) is a working day of the calendar. */
export function isWorkingDay(calendar: WorkingCalendar, localDayUtc: number): boolean {
  const date = isoDate(localDayUtc);
  if (calendar.workingDays.includes(date)) {
    return true;
  }
  if (calendar.holidays.includes(date)) {
    return false;
  }
  const isoWeekday = ((new Date(localDayUtc).getUTCDay() + 6) % 7) + 1;
  return !calendar.weekend.includes(isoWeekday);
}

function localDayOf(instant: number, timeZone: string): number {
  const wall = instant + zoneOffsetMs(instant, timeZone);
  return Math.floor(wall / DAY_MS) * DAY_MS;
}

/** Working interval [start, end) of a local day as instants, or undefined on a day off. */
function workingWindow(calendar: WorkingCalendar, localDayUtc: number): [number, number] | undefined {
  if (!isWorkingDay(calendar, localDayUtc)) {
    return undefined;
  }
  return [
    localToInstant(localDayUtc, minutesOf(calendar.workStart), calendar.timeZone),
    localToInstant(localDayUtc, minutesOf(calendar.workEnd), calendar.timeZone),
  ];
}

/** A guard against calendars with no working day at all. */
const MAX_DAYS_SCANNED = 3 * 366;

/** The instant reached after `ms` of working time from `from`. */
export function addWorkingMs(calendar: WorkingCalendar, from: Date, ms: number): Date {
  let remaining = ms;
  let cursor = from.getTime();
  let day = localDayOf(cursor, calendar.timeZone);
  for (let scanned = 0; scanned < MAX_DAYS_SCANNED; scanned += 1, day += DAY_MS) {
    const window = workingWindow(calendar, day);
    if (!window) {
      continue;
    }
    const start = Math.max(window[0], cursor);
    if (start >= window[1]) {
      continue;
    }
    const available = window[1] - start;
    if (remaining <= available) {
      return new Date(start + remaining);
    }
    remaining -= available;
    cursor = window[1];
  }
  throw new Error('The calendar has no working time within three years');
}

/**
 * N working days from `from`: the same local time N working days later (a working day starts at
 * the next working-hours start if `from` is outside them), e.g. "5 working days".
 */
export function addWorkingDays(calendar: WorkingCalendar, from: Date, days: number): Date {
  const start = addWorkingMs(calendar, from, 0);
  const perDay = (minutesOf(calendar.workEnd) - minutesOf(calendar.workStart)) * MINUTE_MS;
  return addWorkingMs(calendar, start, days * perDay);
}

/** Working time between two instants, in milliseconds (0 if `to` is not after `from`). */
export function workingMsBetween(calendar: WorkingCalendar, from: Date, to: Date): number {
  const end = to.getTime();
  let cursor = from.getTime();
  if (end <= cursor) {
    return 0;
  }
  let total = 0;
  for (let day = localDayOf(cursor, calendar.timeZone); day <= end + DAY_MS; day += DAY_MS) {
    const window = workingWindow(calendar, day);
    if (!window) {
      continue;
    }
    const start = Math.max(window[0], cursor);
    const stop = Math.min(window[1], end);
    if (stop > start) {
      total += stop - start;
      cursor = stop;
    }
  }
  return total;
}

/** The length of a working day of the calendar (what one day of a "5 working days" SLA is). */
export function workingDayMs(calendar: WorkingCalendar): number {
  return (minutesOf(calendar.workEnd) - minutesOf(calendar.workStart)) * MINUTE_MS;
}
