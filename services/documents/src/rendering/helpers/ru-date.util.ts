const MONTHS_GENITIVE = [
  'января',
  'февраля',
  'марта',
  'апреля',
  'мая',
  'июня',
  'июля',
  'августа',
  'сентября',
  'октября',
  'ноября',
  'декабря',
] as const;

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

interface WallClock extends CalendarDate {
  hour: number;
  minute: number;
  second: number;
  offset: string;
}

/**
 * A moment as the wall clock of `timeZone` shows it. Dates of documents are calendar dates: a
 * "YYYY-MM-DD" string is taken as it is, an instant (a Date or an ISO timestamp) is read in the
 * time zone of the documents (DOCUMENTS_TIME_ZONE), so midnight in Moscow stays that day.
 */
function wallClock(value: unknown, timeZone: string): WallClock {
  if (typeof value === 'string') {
    const match = DATE_ONLY.exec(value);
    if (match) {
      const [, y, m, d] = match.map(Number) as [number, number, number, number];
      return { year: y, month: m, day: d, hour: 0, minute: 0, second: 0, offset: '' };
    }
  }
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw new TypeError(`Not a date: ${JSON.stringify(value)}`);
  }
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    hourCycle: 'h23',
    timeZoneName: 'longOffset',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  const offset = part('timeZoneName').replace('GMT', 'UTC') || 'UTC';
  return {
    year: Number(part('year')),
    month: Number(part('month')),
    day: Number(part('day')),
    hour: Number(part('hour')),
    minute: Number(part('minute')),
    second: Number(part('second')),
    offset: offset === 'UTC' ? 'UTC+00:00' : offset,
  };
}

const two = (n: number): string => String(n).padStart(2, '0');

/** Throws a RangeError for a time zone Intl does not know (checked once at start). */
export function assertTimeZone(timeZone: string): void {
  new Intl.DateTimeFormat('en-GB', { timeZone });
}

/** "1 декабря 2026 г." */
export function formatDateLong(value: unknown, timeZone: string): string {
  const { year, month, day } = wallClock(value, timeZone);
  return `${day} ${MONTHS_GENITIVE[month - 1] ?? ''} ${year} г.`;
}

/** «1» декабря 2026 г., the form of contracts and supplements. */
export function formatDateQuoted(value: unknown, timeZone: string): string {
  const { year, month, day } = wallClock(value, timeZone);
  return `«${two(day)}» ${MONTHS_GENITIVE[month - 1] ?? ''} ${year} г.`;
}

/** "01.12.2026" */
export function formatDateNumeric(value: unknown, timeZone: string): string {
  const { year, month, day } = wallClock(value, timeZone);
  return `${two(day)}.${two(month)}.${year}`;
}

/** "01.12.2026 14:05:09 (UTC+03:00)": a moment of a receipt, with the offset it was read in. */
export function formatDateTime(value: unknown, timeZone: string): string {
  const c = wallClock(value, timeZone);
  const time = `${two(c.hour)}:${two(c.minute)}:${two(c.second)}`;
  return `${two(c.day)}.${two(c.month)}.${c.year} ${time}${c.offset ? ` (${c.offset})` : ''}`;
}

/** Whole days from one date to another, both counted (a leave from the 1st to the 14th is 14 days). */
export function daysInclusive(from: unknown, to: unknown, timeZone: string): number {
  const a = wallClock(from, timeZone);
  const b = wallClock(to, timeZone);
  const utc = (c: CalendarDate): number => Date.UTC(c.year, c.month - 1, c.day);
  return Math.round((utc(b) - utc(a)) / 86_400_000) + 1;
}
