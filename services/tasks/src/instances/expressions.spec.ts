import { durationMs } from './durations';
import type { ExpressionContext } from './expressions';
import { evaluateMapping, holds, isRule, targetOf, valueAt } from './expressions';

const context: ExpressionContext = {
  form: { address: 'пр-т Вернадского, 86', volume: 8, days: ['mon', 'thu'] },
  steps: {
    'approve-terms': { outcome: 'approve', data: { pricePerTrip: 5100 }, comment: null, actorId: 'u1' },
  },
  vars: { supplementId: 'D1' },
  requester: { userId: 'u2', orgId: 'o2' },
  client: { orgId: 'o2' },
  now: '2026-12-02T10:00:00.000Z',
};

describe('template expressions', () => {
  it('evaluates rules inside data shaped like the document it makes, keeping the rest as it is', () => {
    expect(
      evaluateMapping(
        {
          contract: { number: '12/2026', title: 'на вывоз' },
          clauses: [{ cat: ['Адрес: ', { var: 'form.address' }] }],
          prices: { rows: [{ name: 'Рейс', price: { var: 'steps.approve-terms.data.pricePerTrip' } }] },
          days: { var: 'form.days' },
          empty: null,
        },
        context,
      ),
    ).toEqual({
      contract: { number: '12/2026', title: 'на вывоз' },
      clauses: ['Адрес: пр-т Вернадского, 86'],
      prices: { rows: [{ name: 'Рейс', price: 5100 }] },
      days: ['mon', 'thu'],
      empty: null,
    });
  });

  it('tells a rule (one key, a JSONLogic operation) from data', () => {
    expect(isRule({ var: 'form.a' })).toBe(true);
    expect(isRule({ caption: 'x' })).toBe(false);
    expect(isRule({ var: 'form.a', other: 1 })).toBe(false);
    expect(isRule({ method: ['x', 'toString'] })).toBe(false);
    expect(isRule(['var'])).toBe(false);
  });

  it('takes the first transition whose condition holds, or none', () => {
    const branches = [
      { when: { '==': [{ var: 'steps.approve-terms.outcome' }, 'reject'] }, to: 'rejected' },
      { when: { '>': [{ var: 'form.volume' }, 10] }, to: 'big' },
    ];
    expect(targetOf(branches, context)).toBeNull();
    expect(targetOf([...branches, { to: 'supplement' }], context)).toBe('supplement');
    expect(targetOf('end', context)).toBe('end');
    expect(holds({ in: ['mon', { var: 'form.days' }] }, context)).toBe(true);
  });

  it('reads dotted paths of plain data only', () => {
    expect(valueAt({ a: { b: [1, 2] } }, 'a.b.1')).toBe(2);
    expect(valueAt({ a: 'text' }, 'a.length')).toBeUndefined();
  });

  it('reads ISO 8601 durations', () => {
    expect(durationMs('PT4H')).toBe(4 * 3_600_000);
    expect(durationMs('P1DT30M')).toBe(86_400_000 + 1_800_000);
    expect(() => durationMs('4 hours')).toThrow('Not an ISO 8601 duration');
  });
});
