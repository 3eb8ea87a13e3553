import type { WorkingCalendar } from '../calendars/working-time';
import type { InstanceDocument, StepRun } from '../instances/instance.schema';
import { delaysOf, monthOf, partyOf, slaKept } from './delay-split';

const MOSCOW: WorkingCalendar = {
  timeZone: 'Europe/Moscow',
  workStart: '09:00',
  workEnd: '18:00',
  weekend: [6, 7],
  holidays: [],
  workingDays: [],
};
const HOUR = 3_600_000;
/** Moscow wall-clock time of Monday 1 March 2027 and the days after (UTC+3, no DST). */
const msk = (day: number, hour: number, minute = 0) => new Date(Date.UTC(2027, 2, day, hour - 3, minute));

function run(partial: Partial<StepRun> & Pick<StepRun, 'runId' | 'stepId' | 'startedAt'>): StepRun {
  return {
    type: 'userTask',
    name: { ru: partial.stepId, en: partial.stepId },
    party: 'company',
    finishedAt: null,
    actorId: null,
    outcome: null,
    comment: null,
    holders: [],
    holderCount: 0,
    failure: null,
    approvers: [],
    decisions: [],
    dueAt: null,
    document: null,
    ...partial,
  };
}

function instance(history: StepRun[], current: StepRun[], endedAt: Date | null = null) {
  return {
    _id: 'i1',
    status: endedAt ? 'completed' : 'running',
    history,
    current,
    endedAt,
  } as Pick<InstanceDocument, '_id' | 'status' | 'history' | 'current' | 'endedAt'>;
}

const keyed = { key: 'ru-production', calendar: MOSCOW };

describe('delay split', () => {
  it('attributes each run to its party, on both clocks, and the totals are the sums', () => {
    const delays = delaysOf(
      instance(
        [
          // Monday 09:00–11:00: the dispatcher, two working hours.
          run({ runId: 'a', stepId: 'check', startedAt: msk(1, 9), finishedAt: msk(1, 11), outcome: 'ok' }),
          // The supplement is generated at once: a machine's step, nobody's time.
          run({
            runId: 'b',
            stepId: 'doc',
            type: 'generateDocument',
            startedAt: msk(1, 11),
            finishedAt: msk(1, 11, 1),
          }),
          // The client from Monday 11:00 to Tuesday 12:00: 25 hours around the clock, 7 + 3 working.
          run({
            runId: 'c',
            stepId: 'client',
            type: 'approval',
            party: 'external',
            startedAt: msk(1, 11),
            finishedAt: msk(2, 12),
            outcome: 'return',
          }),
          // The landfill's permit, Friday 17:00 to Monday 10:00: 65 hours, 2 working.
          run({
            runId: 'd',
            stepId: 'permit',
            type: 'wait',
            thirdParty: { ru: 'Полигон', en: 'Landfill' },
            startedAt: msk(5, 17),
            finishedAt: msk(8, 10),
          }),
        ],
        // Open since Monday 10:00, measured to 10:30.
        [run({ runId: 'e', stepId: 'terms', startedAt: msk(8, 10) })],
      ),
      () => keyed,
      msk(8, 10, 30),
    );
    expect(
      delays.steps.map((s) => [s.stepId, s.party, s.calendarMs / HOUR, s.workingMs / HOUR, s.open]),
    ).toEqual([
      ['check', 'company', 2, 2, false],
      ['client', 'external', 25, 10, false],
      ['permit', 'thirdParty', 65, 2, false],
      ['terms', 'company', 0.5, 0.5, true],
    ]);
    expect(delays.calendarMs).toEqual({
      company: 2.5 * HOUR,
      external: 25 * HOUR,
      thirdParty: 65 * HOUR,
      total: 92.5 * HOUR,
    });
    expect(delays.workingMs).toEqual({
      company: 2.5 * HOUR,
      external: 10 * HOUR,
      thirdParty: 2 * HOUR,
      total: 14.5 * HOUR,
    });
    const sum = (key: 'calendarMs' | 'workingMs') => delays.steps.reduce((total, s) => total + s[key], 0);
    expect(sum('calendarMs')).toBe(delays.calendarMs.total);
    expect(sum('workingMs')).toBe(delays.workingMs.total);
    expect(delays.asOf).toBe(msk(8, 10, 30).toISOString());
    expect(delays.steps[2]?.thirdParty).toEqual({ ru: 'Полигон', en: 'Landfill' });
  });

  it('counts each run in its own calendar (the client works other hours)', () => {
    const early: WorkingCalendar = { ...MOSCOW, workStart: '08:00', workEnd: '12:00' };
    const delays = delaysOf(
      instance(
        [
          run({ runId: 'a', stepId: 'ours', startedAt: msk(1, 9), finishedAt: msk(1, 17) }),
          run({
            runId: 'b',
            stepId: 'theirs',
            party: 'external',
            startedAt: msk(1, 9),
            finishedAt: msk(1, 17),
          }),
        ],
        [],
        msk(1, 17),
      ),
      (r) => (r.party === 'external' ? { key: 'client', calendar: early } : keyed),
      msk(9, 0),
    );
    expect(delays.steps.map((s) => [s.calendarKey, s.workingMs / HOUR])).toEqual([
      ['ru-production', 8],
      ['client', 3],
    ]);
    // An ended request is measured to its end, not to now.
    expect(delays.asOf).toBe(msk(1, 17).toISOString());
  });

  it('names the party, the SLA kept or not, and the company month', () => {
    expect(partyOf({ party: 'external', thirdParty: null })).toBe('external');
    expect(partyOf({ party: 'company', thirdParty: { ru: 'Полигон', en: 'Landfill' } })).toBe('thirdParty');
    const base = { runId: 'a', stepId: 's', startedAt: msk(1, 9), finishedAt: msk(1, 11) };
    const sla = {
      clock: 'working' as const,
      budgetMs: 4 * HOUR,
      spentBeforeMs: 0,
      calendarPath: [],
      remindAt: null,
      escalateAt: msk(2, 9),
    };
    expect(slaKept(run(base))).toBeNull();
    expect(slaKept(run({ ...base, sla, dueAt: msk(1, 13) }))).toBe(true);
    expect(slaKept(run({ ...base, sla, dueAt: msk(1, 10) }))).toBe(false);
    expect(slaKept(run({ ...base, sla, dueAt: msk(1, 13), overdue: true }))).toBe(false);
    // 1 April 01:00 in Moscow is still March in UTC: the company's month is April.
    expect(monthOf(new Date(Date.UTC(2027, 2, 31, 22)), 'Europe/Moscow')).toBe('2027-04');
    expect(monthOf(new Date(Date.UTC(2027, 2, 31, 22)), 'UTC')).toBe('2027-03');
  });
});
