import type { RegisterRegionReport } from '@orbita/contracts';
import type { Contribution } from './region-counts';
import { kopecks, moves, NO_CONTRIBUTION, recordCounts } from './region-counts';

const PLAN: RegisterRegionReport = {
  measure: 'plan',
  yearField: 'year',
  monthField: 'month',
  quarterField: 'quarter',
  plannedField: 'plannedAmount',
  approvedField: 'approvedAmount',
};
const VIOLATIONS: RegisterRegionReport = { measure: 'violations', dateField: 'date' };

const row = (month: string, region = 'R1') => ({
  rowId: `HQ|region|${region}|${month}`,
  orgId: 'HQ',
  dimension: 'region' as const,
  key: region,
  month,
  label: region,
});

describe('per-region counts of a register record (ADR 024)', () => {
  it('keeps roubles with kopecks exact as whole kopecks', () => {
    expect(kopecks(120_000.5)).toBe(12_000_050);
    expect(kopecks(0.1 + 0.2)).toBe(30);
    expect(kopecks(undefined)).toBe(0);
    expect(kopecks('100')).toBe(0);
  });

  it('counts a plan line in its month: planned, approved and whether it is an approved line', () => {
    expect(recordCounts(PLAN, { year: 2027, month: 3, plannedAmount: 500_000 })).toEqual({
      month: '2027-03',
      inc: { plannedKopecks: 50_000_000, approvedKopecks: 0, financingApproved: 0 },
    });
    expect(recordCounts(PLAN, { year: 2027, month: 11, plannedAmount: 0, approvedAmount: 1.05 })).toEqual({
      month: '2027-11',
      inc: { plannedKopecks: 0, approvedKopecks: 105, financingApproved: 1 },
    });
  });

  it('counts a quarter line in the quarter’s first month and a line without a period nowhere', () => {
    expect(recordCounts(PLAN, { year: 2027, quarter: 3, plannedAmount: 9 })?.month).toBe('2027-07');
    expect(recordCounts(PLAN, { year: 2027, plannedAmount: 9 })).toBeNull();
    expect(recordCounts(PLAN, { month: 4, plannedAmount: 9 })).toBeNull();
  });

  it('counts a violation once in the month of its date', () => {
    expect(recordCounts(VIOLATIONS, { date: '2027-04-30', kind: 'price' })).toEqual({
      month: '2027-04',
      inc: { violations: 1 },
    });
    expect(recordCounts(VIOLATIONS, { date: 'yesterday' })).toBeNull();
  });

  it('adds a new record’s counts to its row', () => {
    const after: Contribution = { revision: 1, target: row('2027-03'), inc: { violations: 1 } };
    expect(moves(NO_CONTRIBUTION, after)).toEqual([{ ...row('2027-03'), inc: { violations: 1 } }]);
  });

  it('adds only the difference when a changed record stays in its row, and nothing when nothing changed', () => {
    const before: Contribution = {
      revision: 1,
      target: row('2027-03'),
      inc: { plannedKopecks: 100, approvedKopecks: 0, financingApproved: 0 },
    };
    const after: Contribution = {
      revision: 2,
      target: row('2027-03'),
      inc: { plannedKopecks: 100, approvedKopecks: 40, financingApproved: 1 },
    };
    expect(moves(before, after)).toEqual([
      { ...row('2027-03'), inc: { approvedKopecks: 40, financingApproved: 1 } },
    ]);
    expect(moves(after, { ...after, revision: 3 })).toEqual([]);
  });

  it('moves a record’s counts out of its old row into the new one when its month or region changes', () => {
    const before: Contribution = { revision: 1, target: row('2027-03'), inc: { violations: 1 } };
    const after: Contribution = { revision: 2, target: row('2027-04', 'R2'), inc: { violations: 1 } };
    expect(moves(before, after)).toEqual([
      { ...row('2027-03'), inc: { violations: -1 } },
      { ...row('2027-04', 'R2'), inc: { violations: 1 } },
    ]);
    expect(moves(after, { revision: 3, target: null, inc: {} })).toEqual([
      { ...row('2027-04', 'R2'), inc: { violations: -1 } },
    ]);
  });
});
