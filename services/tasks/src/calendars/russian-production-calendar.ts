import type { WorkingCalendar } from './working-time';

/**
 * The Russian production calendar (five-day week, 09:00–18:00 Moscow time) as data an admin
 * copies and edits (ADR 020). 2026: Government decree of September 2025 — New Year holidays
 * 1–8 January, 3 and 4 January moved to 9 January and 31 December; 23 February, 8 March (Sunday,
 * so 9 March off), 1 May, 9 May (Saturday, so 11 May off), 12 June, 4 November. 2027: the public
 * holidays and the transfers of the Labour Code art. 112 (a holiday on a weekend moves to the next
 * working day); the decree's own transfers for 2027 were not confirmed when this was written and
 * must be added by an admin when published.
 */
export const RUSSIAN_HOLIDAYS_2026 = [
  '2026-01-01',
  '2026-01-02',
  '2026-01-05',
  '2026-01-06',
  '2026-01-07',
  '2026-01-08',
  '2026-01-09',
  '2026-02-23',
  '2026-03-09',
  '2026-05-01',
  '2026-05-11',
  '2026-06-12',
  '2026-11-04',
  '2026-12-31',
];

export const RUSSIAN_HOLIDAYS_2027 = [
  '2027-01-01',
  '2027-01-04',
  '2027-01-05',
  '2027-01-06',
  '2027-01-07',
  '2027-01-08',
  '2027-02-23',
  '2027-03-08',
  '2027-05-03',
  '2027-05-10',
  '2027-06-14',
  '2027-11-04',
];

export const RUSSIAN_PRODUCTION_CALENDAR: WorkingCalendar = {
  timeZone: 'Europe/Moscow',
  workStart: '09:00',
  workEnd: '18:00',
  weekend: [6, 7],
  holidays: [...RUSSIAN_HOLIDAYS_2026, ...RUSSIAN_HOLIDAYS_2027],
  workingDays: [],
};
