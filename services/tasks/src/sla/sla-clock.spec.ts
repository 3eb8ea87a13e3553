import { RUSSIAN_PRODUCTION_CALENDAR } from '../calendars/russian-production-calendar';
import { SlaTimeline } from './sla-clock';

const HOUR = 60 * 60 * 1000;
const MINUTE = 60 * 1000;
const working = new SlaTimeline('working', RUSSIAN_PRODUCTION_CALENDAR);
const aroundTheClock = new SlaTimeline('calendar', RUSSIAN_PRODUCTION_CALENDAR);
const at = (iso: string): Date => new Date(iso);

describe('SLA times on their clock', () => {
  it('counts PT4H as working hours: Friday 16:00 Moscow is due Tuesday 11:00 past 23 February', () => {
    const times = working.times({ sla: 'PT4H' }, at('2026-02-20T13:00:00Z'), 0);
    expect(times.dueAt.toISOString()).toBe('2026-02-24T08:00:00.000Z');
    // Default reminder: a quarter of the SLA before due (1 working hour: Tuesday 10:00).
    expect(times.remindAt?.toISOString()).toBe('2026-02-24T07:00:00.000Z');
    // Escalated again after the SLA once more: 4 working hours after due, Tuesday 15:00.
    expect(times.escalateAt.toISOString()).toBe('2026-02-24T12:00:00.000Z');
  });

  it('counts P5D as working days: the same local time five working days on', () => {
    const times = working.times({ sla: 'P5D', remindBefore: 'P1D' }, at('2026-03-02T07:00:00Z'), 0);
    expect(times.budgetMs).toBe(5 * 9 * HOUR);
    // Monday 10:00 → 9 March is a day off (8 March fell on Sunday): due Tuesday 10 March 10:00.
    expect(times.dueAt.toISOString()).toBe('2026-03-10T07:00:00.000Z');
    expect(times.remindAt?.toISOString()).toBe('2026-03-06T07:00:00.000Z');
  });

  it('counts PT2H around the clock at night and on a Sunday, with the reminder 30 minutes before', () => {
    const start = at('2026-03-01T21:00:00Z');
    const times = aroundTheClock.times({ sla: 'PT2H', remindBefore: 'PT30M' }, start, 0);
    expect(times.dueAt.getTime() - start.getTime()).toBe(2 * HOUR);
    expect(times.dueAt.getTime() - (times.remindAt?.getTime() ?? 0)).toBe(30 * MINUTE);
    expect(times.escalateAt.getTime() - times.dueAt.getTime()).toBe(2 * HOUR);
  });

  it('goes on where an earlier run of the step stopped: the time away is not counted', () => {
    const start = at('2026-03-03T06:00:00Z'); // Tuesday 09:00 Moscow
    const resumed = working.times({ sla: 'PT4H', remindBefore: 'PT30M' }, start, 3 * HOUR);
    expect(resumed.dueAt.toISOString()).toBe('2026-03-03T07:00:00.000Z');
    expect(resumed.remindAt?.toISOString()).toBe('2026-03-03T06:30:00.000Z');
    // Less than the reminder's lead left: no separate reminder; all of it spent: due at once.
    expect(working.times({ sla: 'PT4H', remindBefore: 'PT1H' }, start, 3.5 * HOUR).remindAt).toBeNull();
    expect(working.times({ sla: 'PT4H' }, start, 5 * HOUR).dueAt).toEqual(start);
  });

  it('measures the time a run took on its clock', () => {
    // Friday 17:00 to Tuesday 10:00 Moscow, past the weekend and 9 March: two working hours.
    expect(working.between(at('2026-03-06T14:00:00Z'), at('2026-03-10T07:00:00Z'))).toBe(2 * HOUR);
    expect(aroundTheClock.between(at('2026-03-06T14:00:00Z'), at('2026-03-10T07:00:00Z'))).toBe(89 * HOUR);
  });
});
