import { currentLanguage } from '../i18n/i18n';

/** A date (YYYY-MM-DD or an ISO instant) as the user's language writes it; '—' for none. */
export function formatDate(value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    return '—';
  }
  // A bare date is a calendar day, not midnight UTC: shown as that day wherever the user is.
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00`) : new Date(value);
  if (Number.isNaN(date.getTime())) {
    return value;
  }
  return new Intl.DateTimeFormat(currentLanguage(), { dateStyle: 'medium' }).format(date);
}

/** An instant with its time of day. */
export function formatDateTime(value: string): string {
  return new Intl.DateTimeFormat(currentLanguage(), { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(value),
  );
}

/** An amount in roubles (the registers keep amounts as numbers). */
export function formatMoney(value: unknown): string {
  if (typeof value !== 'number') {
    return '—';
  }
  return new Intl.NumberFormat(currentLanguage(), { style: 'currency', currency: 'RUB' }).format(value);
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

interface Slot {
  days: string[];
  time: string;
}

function isSlot(value: unknown): value is Slot {
  const slot = value as Partial<Slot> | null;
  return (
    typeof slot === 'object' &&
    slot !== null &&
    Array.isArray(slot.days) &&
    slot.days.every((d) => typeof d === 'string') &&
    typeof slot.time === 'string'
  );
}

/**
 * A pick-up schedule of the service-points register (a slot or a list of slots: weekdays and a
 * time) as words: "пн, ср, пт в 08:00". Anything else is shown as it is stored.
 */
export function formatSchedule(value: unknown): string {
  const slots = Array.isArray(value) ? value : [value];
  if (!slots.every(isSlot)) {
    return typeof value === 'string' ? value : JSON.stringify(value);
  }
  const names = new Intl.DateTimeFormat(currentLanguage(), { weekday: 'short' });
  // 2024-01-01 was a Monday.
  const dayName = (day: string): string => {
    const index = WEEKDAYS.indexOf(day as (typeof WEEKDAYS)[number]);
    return index < 0 ? day : names.format(new Date(2024, 0, 1 + index));
  };
  const at = currentLanguage() === 'ru' ? 'в' : 'at';
  return slots
    .map(
      (slot) =>
        `${[...slot.days]
          .sort((a, b) => WEEKDAYS.indexOf(a as never) - WEEKDAYS.indexOf(b as never))
          .map(dayName)
          .join(', ')} ${at} ${slot.time}`,
    )
    .join('; ');
}

/** A record's data field as text. */
export function text(value: unknown): string {
  if (value === undefined || value === null || value === '') {
    return '—';
  }
  return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
}
