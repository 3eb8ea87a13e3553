import { currentLanguage } from '../i18n/i18n';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

function unit(value: number, name: 'day' | 'hour' | 'minute'): string {
  return new Intl.NumberFormat(currentLanguage(), { style: 'unit', unit: name, unitDisplay: 'short' }).format(
    value,
  );
}

/**
 * A span as people say it, to the minute: "1 д 2 ч 5 мин" around the clock. Working time is given
 * in hours ("9 ч 30 мин"): a working day's length is the holder's calendar's, not a fixed 24 or 8.
 */
export function formatDuration(ms: number, clock: 'calendar' | 'working'): string {
  const minutes = Math.round(ms / MINUTE_MS);
  if (minutes === 0) {
    // Under half a minute: not nothing, which "0 min" would say.
    return ms === 0 ? unit(0, 'minute') : `< ${unit(1, 'minute')}`;
  }
  const days = clock === 'calendar' ? Math.floor((minutes * MINUTE_MS) / DAY_MS) : 0;
  const hours = Math.floor((minutes * MINUTE_MS - days * DAY_MS) / HOUR_MS);
  const rest = minutes - Math.round((days * DAY_MS + hours * HOUR_MS) / MINUTE_MS);
  return [
    days > 0 ? unit(days, 'day') : null,
    hours > 0 ? unit(hours, 'hour') : null,
    rest > 0 ? unit(rest, 'minute') : null,
  ]
    .filter((part): part is string => part !== null)
    .join(' ');
}

/** Hours with one decimal, for a chart's axis. */
export function toHours(ms: number): number {
  return Math.round((ms / HOUR_MS) * 10) / 10;
}
