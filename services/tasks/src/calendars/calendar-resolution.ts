import type { WorkingHours } from '@orbita/contracts';
import type { WorkingCalendar } from './working-time';

/** What resolution needs of a stored calendar. */
export interface CalendarData {
  key: string;
  timeZone: string;
  week: WorkingHours[];
  holidays: string[];
  workingDays: string[];
  orgIds: string[];
  isDefault: boolean;
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

/** The calendar as working-time.ts computes with it: days not in the week are the weekend. */
export function toWorkingCalendar(calendar: CalendarData): WorkingCalendar {
  const [first] = calendar.week;
  if (!first) {
    throw new Error(`The calendar ${calendar.key} has no working weekday`);
  }
  const working = new Set(calendar.week.map((hours) => hours.day));
  return {
    timeZone: calendar.timeZone,
    workStart: first.start,
    workEnd: first.end,
    weekend: WEEKDAYS.filter((day) => !working.has(day)),
    holidays: [...calendar.holidays],
    workingDays: [...calendar.workingDays],
  };
}

/**
 * The calendar of the nearest unit up the org path (root first, the unit itself last) that one is
 * assigned to, else the company default; null only when there is no default either.
 */
export function resolveCalendar<C extends CalendarData>(
  calendars: readonly C[],
  orgPath: readonly string[],
): C | null {
  const byOrg = new Map<string, C>();
  for (const calendar of calendars) {
    for (const orgId of calendar.orgIds) {
      byOrg.set(orgId, calendar);
    }
  }
  for (let n = orgPath.length - 1; n >= 0; n--) {
    const found = byOrg.get(orgPath[n] ?? '');
    if (found) {
      return found;
    }
  }
  return calendars.find((calendar) => calendar.isDefault) ?? null;
}
