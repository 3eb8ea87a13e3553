import type { CalendarData } from './calendar-resolution';
import { resolveCalendar, toWorkingCalendar } from './calendar-resolution';
import { addWorkingMs } from './working-time';

const weekdays = (start: string, end: string): CalendarData['week'] =>
  [1, 2, 3, 4, 5].map((day) => ({ day, start, end }));

const company: CalendarData = {
  key: 'ru-production',
  timeZone: 'Europe/Moscow',
  week: weekdays('09:00', '18:00'),
  holidays: ['2026-01-01'],
  workingDays: [],
  orgIds: [],
  isDefault: true,
};
const siberia: CalendarData = {
  key: 'novosibirsk',
  timeZone: 'Asia/Novosibirsk',
  week: weekdays('08:00', '17:00'),
  holidays: [],
  workingDays: ['2026-03-07'],
  orgIds: ['REGION'],
  isDefault: false,
};
const depot: CalendarData = { ...siberia, key: 'depot', orgIds: ['DEPOT'] };

describe('resolveCalendar', () => {
  const calendars = [company, siberia, depot];

  it('takes the calendar of the nearest unit up the path', () => {
    expect(resolveCalendar(calendars, ['COMPANY', 'REGION', 'DEPOT'])?.key).toBe('depot');
    expect(resolveCalendar(calendars, ['COMPANY', 'REGION', 'OFFICE'])?.key).toBe('novosibirsk');
  });

  it('falls back to the company default where no unit up the path has one', () => {
    expect(resolveCalendar(calendars, ['COMPANY', 'FINANCE'])?.key).toBe('ru-production');
    expect(resolveCalendar(calendars, [])?.key).toBe('ru-production');
  });

  it('is null without any default', () => {
    expect(resolveCalendar([siberia], ['COMPANY'])).toBeNull();
  });
});

describe('toWorkingCalendar', () => {
  it('makes the weekdays not listed the weekend and keeps zone, hours and dates', () => {
    expect(toWorkingCalendar(siberia)).toEqual({
      timeZone: 'Asia/Novosibirsk',
      workStart: '08:00',
      workEnd: '17:00',
      weekend: [6, 7],
      holidays: [],
      workingDays: ['2026-03-07'],
    });
  });

  it('computes due times on the region clock: 4 working hours from Friday 15:00 end Monday 10:00 local', () => {
    // Friday 2026-03-13 15:00 in Novosibirsk (UTC+7) is 08:00 UTC.
    const due = addWorkingMs(toWorkingCalendar(siberia), new Date(Date.UTC(2026, 2, 13, 8)), 4 * 3_600_000);
    expect(due.toISOString()).toBe('2026-03-16T03:00:00.000Z');
  });
});
