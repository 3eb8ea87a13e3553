import {
  RUSSIAN_HOLIDAYS_2026,
  RUSSIAN_HOLIDAYS_2027,
  RUSSIAN_PRODUCTION_CALENDAR,
} from './russian-production-calendar';
import {
  addWorkingDays,
  addWorkingMs,
  isWorkingDay,
  workingMsBetween,
  zoneOffsetMs,
  type WorkingCalendar,
} from './working-time';

const HOUR = 60 * 60 * 1000;
const moscow = RUSSIAN_PRODUCTION_CALENDAR;
const novosibirsk: WorkingCalendar = { ...moscow, timeZone: 'Asia/Novosibirsk' };
const berlin: WorkingCalendar = { ...moscow, timeZone: 'Europe/Berlin', holidays: [] };

describe('working-time arithmetic', () => {
  it('reads zone offsets through Intl', () => {
    expect(zoneOffsetMs(Date.parse('2026-06-01T00:00:00Z'), 'Europe/Moscow')).toBe(3 * HOUR);
    expect(zoneOffsetMs(Date.parse('2026-06-01T00:00:00Z'), 'Asia/Novosibirsk')).toBe(7 * HOUR);
    expect(zoneOffsetMs(Date.parse('2026-01-15T00:00:00Z'), 'Europe/Berlin')).toBe(1 * HOUR);
    expect(zoneOffsetMs(Date.parse('2026-07-15T00:00:00Z'), 'Europe/Berlin')).toBe(2 * HOUR);
  });

  it('4 working hours from Friday 16:00 in Moscow skip the weekend and 23 February', () => {
    const due = addWorkingMs(moscow, new Date('2026-02-20T13:00:00Z'), 4 * HOUR);
    expect(due.toISOString()).toBe('2026-02-24T08:00:00.000Z');
  });

  it('a region in Novosibirsk works on its own clock', () => {
    const due = addWorkingMs(novosibirsk, new Date('2026-03-02T08:00:00Z'), 4 * HOUR);
    expect(due.toISOString()).toBe('2026-03-03T03:00:00.000Z');
  });

  it('starts counting at the next working-hours start outside them', () => {
    const due = addWorkingMs(moscow, new Date('2026-03-01T10:00:00Z'), 1 * HOUR);
    expect(due.toISOString()).toBe('2026-03-02T07:00:00.000Z');
  });

  it('5 working days across the New Year holidays and 31 December', () => {
    const due = addWorkingDays(moscow, new Date('2026-12-24T07:00:00Z'), 5);
    expect(due.toISOString()).toBe('2027-01-11T07:00:00.000Z');
  });

  it('handles a DST change in a zone that has one', () => {
    const due = addWorkingMs(berlin, new Date('2026-03-27T16:00:00Z'), 2 * HOUR);
    expect(due.toISOString()).toBe('2026-03-30T08:00:00.000Z');
  });

  it('measures working time between two instants, the inverse of adding it', () => {
    const from = new Date('2026-02-20T13:00:00Z');
    for (const hours of [0.5, 2, 4, 9, 20, 45]) {
      const due = addWorkingMs(moscow, from, hours * HOUR);
      expect(workingMsBetween(moscow, from, due)).toBe(hours * HOUR);
    }
    expect(workingMsBetween(moscow, new Date('2026-02-21T00:00:00Z'), new Date('2026-02-24T00:00:00Z'))).toBe(
      0,
    );
    expect(workingMsBetween(moscow, new Date('2026-02-24T00:00:00Z'), new Date('2026-02-21T00:00:00Z'))).toBe(
      0,
    );
  });

  it('a moved working day (a Saturday worked) counts', () => {
    const calendar: WorkingCalendar = { ...moscow, workingDays: ['2026-02-21'] };
    expect(isWorkingDay(calendar, Date.parse('2026-02-21T00:00:00Z'))).toBe(true);
    const due = addWorkingMs(calendar, new Date('2026-02-20T13:00:00Z'), 4 * HOUR);
    expect(due.toISOString()).toBe('2026-02-21T08:00:00.000Z');
  });
});

describe('the Russian production calendar data', () => {
  it.each([
    ['2026', RUSSIAN_HOLIDAYS_2026, 14],
    ['2027', RUSSIAN_HOLIDAYS_2027, 12],
  ])('%s holds valid, sorted, unique weekday dates of that year', (year, dates, count) => {
    expect(dates).toHaveLength(count);
    expect([...new Set(dates)].sort()).toEqual(dates);
    for (const date of dates) {
      const day = new Date(`${date}T00:00:00Z`);
      expect(day.toISOString().slice(0, 10)).toBe(date);
      expect(date.startsWith(year)).toBe(true);
      expect([0, 6]).not.toContain(day.getUTCDay());
    }
  });

  it('2026 has 247 working days (the decree total)', () => {
    let working = 0;
    for (
      let day = Date.parse('2026-01-01T00:00:00Z');
      day < Date.parse('2027-01-01T00:00:00Z');
      day += 24 * HOUR
    ) {
      working += isWorkingDay(moscow, day) ? 1 : 0;
    }
    expect(working).toBe(247);
  });
});
