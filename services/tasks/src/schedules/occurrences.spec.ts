import type { CalendarScheduleRule, RegisterDateRule } from '@orbita/contracts';
import {
  isCalendarDate,
  monthOf,
  nextOccurrence,
  registerDateOccurrence,
  sameDayNextYear,
} from './occurrences';

const monthly = (day: number, time = '09:00'): CalendarScheduleRule => ({ kind: 'monthly', day, time });

describe('schedule occurrences', () => {
  it('fires on the 1st at 09:00 in Moscow (UTC+3, no DST): 06:00 UTC, keyed by the month', () => {
    expect(nextOccurrence(monthly(1), 'Europe/Moscow', new Date('2026-11-15T12:00:00Z'))).toEqual({
      period: '2026-12',
      at: new Date('2026-12-01T06:00:00Z'),
      date: '2026-12-01',
    });
  });

  it('reads the local day in the zone: late on the 30th UTC is already the 1st in Novosibirsk (UTC+7)', () => {
    // 2026-11-30T20:00Z is 03:00 on 1 December in Novosibirsk: 09:00 that day is still ahead.
    expect(nextOccurrence(monthly(1), 'Asia/Novosibirsk', new Date('2026-11-30T20:00:00Z'))).toMatchObject({
      period: '2026-12',
      at: new Date('2026-12-01T02:00:00Z'),
    });
    // In Moscow it is 23:00 on the 30th, and the 1st's 09:00 is 06:00 UTC.
    expect(nextOccurrence(monthly(1), 'Europe/Moscow', new Date('2026-11-30T20:00:00Z')).at).toEqual(
      new Date('2026-12-01T06:00:00Z'),
    );
  });

  it('is strictly after: at the occurrence itself, the next one is a month on', () => {
    const at = new Date('2026-12-01T06:00:00Z');
    expect(nextOccurrence(monthly(1), 'Europe/Moscow', at)).toMatchObject({
      period: '2027-01',
      at: new Date('2027-01-01T06:00:00Z'),
    });
    expect(nextOccurrence(monthly(1), 'Europe/Moscow', new Date(at.getTime() - 1)).period).toBe('2026-12');
  });

  it('takes the last day of a shorter month for the 31st, and of February for the 30th', () => {
    const zone = 'Europe/Moscow';
    expect(nextOccurrence(monthly(31), zone, new Date('2026-04-01T00:00:00Z'))).toMatchObject({
      period: '2026-04',
      date: '2026-04-30',
    });
    expect(nextOccurrence(monthly(31), zone, new Date('2026-05-01T00:00:00Z')).date).toBe('2026-05-31');
    expect(nextOccurrence(monthly(30), zone, new Date('2027-02-01T00:00:00Z')).date).toBe('2027-02-28');
    expect(nextOccurrence(monthly(29), zone, new Date('2028-02-01T00:00:00Z')).date).toBe('2028-02-29');
    // From the 30th of April, past its 09:00, the next is the 31st of May.
    expect(nextOccurrence(monthly(31), zone, new Date('2026-04-30T07:00:00Z')).date).toBe('2026-05-31');
  });

  it('fires weekly on the ISO weekday and daily at the local time, keyed by the day', () => {
    const zone = 'Asia/Novosibirsk';
    // Thursday 3 December 2026; Monday is the 7th.
    expect(
      nextOccurrence({ kind: 'weekly', weekday: 1, time: '08:30' }, zone, new Date('2026-12-03T05:00:00Z')),
    ).toEqual({ period: '2026-12-07', at: new Date('2026-12-07T01:30:00Z'), date: '2026-12-07' });
    expect(
      nextOccurrence({ kind: 'weekly', weekday: 7, time: '23:59' }, zone, new Date('2026-12-03T05:00:00Z'))
        .date,
    ).toBe('2026-12-06');
    // 10:00 local is 03:00 UTC: at 02:00 UTC today's is ahead, at 04:00 tomorrow's.
    const daily: CalendarScheduleRule = { kind: 'daily', time: '10:00' };
    expect(nextOccurrence(daily, zone, new Date('2026-12-03T02:00:00Z')).at).toEqual(
      new Date('2026-12-03T03:00:00Z'),
    );
    expect(nextOccurrence(daily, zone, new Date('2026-12-03T04:00:00Z'))).toMatchObject({
      period: '2026-12-04',
      at: new Date('2026-12-04T03:00:00Z'),
    });
  });

  it('keeps the local time across a DST change where the zone has one', () => {
    // Berlin leaves summer time on 25 October 2026: 09:00 is 07:00 UTC on the 1st of October, 08:00 on the 1st of November.
    expect(nextOccurrence(monthly(1), 'Europe/Berlin', new Date('2026-09-15T00:00:00Z')).at).toEqual(
      new Date('2026-10-01T07:00:00Z'),
    );
    expect(nextOccurrence(monthly(1), 'Europe/Berlin', new Date('2026-10-15T00:00:00Z')).at).toEqual(
      new Date('2026-11-01T08:00:00Z'),
    );
  });

  it('puts a register date rule days before or after the date, keyed by the date value', () => {
    const before: RegisterDateRule = {
      kind: 'registerDate',
      register: 'contracts',
      field: 'endDate',
      days: 30,
      direction: 'before',
      time: '09:00',
    };
    expect(registerDateOccurrence(before, 'Europe/Moscow', '2027-01-15')).toEqual({
      period: '2027-01-15',
      at: new Date('2026-12-16T06:00:00Z'),
      date: '2026-12-16',
    });
    expect(
      registerDateOccurrence({ ...before, direction: 'after', days: 1 }, 'Asia/Novosibirsk', '2026-12-31'),
    ).toMatchObject({ date: '2027-01-01', at: new Date('2027-01-01T02:00:00Z') });
  });

  it('computes the months and dates the start forms are given', () => {
    expect(monthOf('2026-12-01')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(monthOf('2027-01-01', -1)).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(monthOf('2028-03-01', -1)).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(sameDayNextYear('2026-12-31')).toBe('2027-12-31');
    expect(sameDayNextYear('2028-02-29')).toBe('2029-02-28');
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate(20260228)).toBe(false);
  });
});
