import { LicenceUsageSchema } from '@orbita/contracts';
import type { Clock, LicencePayload } from '@orbita/platform';
import { licenceUsage } from './licence-usage.util';

const licence: LicencePayload = {
  formatVersion: 1,
  licenceId: 'ORB-1',
  licensee: 'EcoTrans',
  issuedAt: '2026-01-01T00:00:00Z',
  expiresAt: '2026-12-31T23:59:59Z',
  pools: { full: 25, portal: 200 },
};
const EXPIRY = Date.parse(licence.expiresAt);
const DAY = 24 * 60 * 60 * 1000;

class FakeClock implements Clock {
  constructor(private time: number) {}
  now(): Date {
    return new Date(this.time);
  }
  set(time: number): void {
    this.time = time;
  }
}

function usageAt(clock: Clock, full = 3, portal = 10) {
  const usage = licenceUsage(
    licence,
    [
      { seat: 'full', used: full },
      { seat: 'portal', used: portal },
    ],
    clock.now(),
  );
  // Whatever it says, it is what the contract promises to admins.
  expect(LicenceUsageSchema.parse(usage)).toEqual(usage);
  return usage;
}

describe('licence usage', () => {
  const clock = new FakeClock(Date.parse('2026-03-01T12:00:00Z'));

  it('reports each pool and the time left, with nothing to warn about', () => {
    clock.set(Date.parse('2026-03-01T12:00:00Z'));
    expect(usageAt(clock)).toEqual({
      licenceId: 'ORB-1',
      licensee: 'EcoTrans',
      issuedAt: '2026-01-01T00:00:00Z',
      expiresAt: '2026-12-31T23:59:59Z',
      expired: false,
      expiresInDays: 305,
      pools: [
        { type: 'full', size: 25, used: 3, available: 22 },
        { type: 'portal', size: 200, used: 10, available: 190 },
      ],
      warnings: [],
    });
  });

  it('warns from 30 days before expiry, counting whole days left', () => {
    clock.set(EXPIRY - 31 * DAY);
    expect(usageAt(clock).warnings).toEqual([]);

    clock.set(EXPIRY - 30 * DAY);
    expect(usageAt(clock)).toMatchObject({
      expired: false,
      expiresInDays: 30,
      warnings: [
        'The licence expires on 2026-12-31 (in 30 days): install a renewed licence before then to keep activating and inviting users.',
      ],
    });

    clock.set(EXPIRY - 1.5 * DAY);
    expect(usageAt(clock).warnings[0]).toContain('(in 1 day)');

    clock.set(EXPIRY - 1000);
    expect(usageAt(clock)).toMatchObject({ expired: false, expiresInDays: 0 });
    expect(usageAt(clock).warnings[0]).toContain('(in less than a day)');
  });

  it('says when the licence has expired, with negative days, and that existing users keep working', () => {
    clock.set(EXPIRY);
    expect(usageAt(clock)).toMatchObject({
      expired: true,
      expiresInDays: -1,
      warnings: [
        'The licence expired on 2026-12-31: nobody new can be activated or invited until a new licence is installed. Existing users keep working.',
      ],
    });
    clock.set(EXPIRY + 3.5 * DAY);
    expect(usageAt(clock)).toMatchObject({ expired: true, expiresInDays: -4 });
  });

  it('warns when a pool is 90% used or more, and when it is full', () => {
    clock.set(Date.parse('2026-03-01T12:00:00Z'));
    expect(usageAt(clock, 22).warnings).toEqual([]);
    expect(usageAt(clock, 23).warnings).toEqual([
      '23 of 25 "full" seats are taken (92%): the pool is nearly full.',
    ]);
    expect(usageAt(clock, 3, 180).warnings).toEqual([
      '180 of 200 "portal" seats are taken (90%): the pool is nearly full.',
    ]);
    expect(usageAt(clock, 25).warnings).toEqual([
      'All 25 "full" seats are taken: free one (deactivate a user or revoke an invitation) or extend the licence to add users.',
    ]);
  });

  it('shows a pool over its size after a smaller licence, without anyone losing access', () => {
    clock.set(Date.parse('2026-03-01T12:00:00Z'));
    const usage = usageAt(clock, 30);
    expect(usage.pools[0]).toEqual({ type: 'full', size: 25, used: 30, available: -5 });
    expect(usage.warnings).toEqual([
      '30 "full" seats are in use but the licence has 25: nobody loses access, but no "full" user can be activated or invited until fewer than 25 are in use.',
    ]);
  });

  it('treats an empty pool as nothing to warn about until someone holds a seat of it', () => {
    clock.set(Date.parse('2026-03-01T12:00:00Z'));
    const none = { ...licence, pools: { full: 25, portal: 0 } };
    expect(licenceUsage(none, [{ seat: 'portal', used: 0 }], clock.now()).warnings).toEqual([]);
    expect(licenceUsage(none, [{ seat: 'portal', used: 1 }], clock.now()).warnings).toEqual([
      '1 "portal" seat is in use but the licence has none: nobody loses access, but no "portal" user can be activated or invited under this licence.',
    ]);
  });
});
