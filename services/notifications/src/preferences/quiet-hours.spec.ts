import { quietUntil } from './quiet-hours';

describe('quietUntil', () => {
  const night = { start: '22:00', end: '08:00' };

  it('holds until the end of the night in the person’s zone, across midnight', () => {
    // 23:30 in Moscow (UTC+3) is 20:30 UTC: held until 08:00 Moscow, 05:00 UTC.
    expect(quietUntil(night, new Date('2026-12-02T20:30:00Z'), 'Europe/Moscow')).toEqual(
      new Date('2026-12-03T05:00:00Z'),
    );
    // 02:15 in Yekaterinburg (UTC+5).
    expect(quietUntil(night, new Date('2026-12-02T21:15:00Z'), 'Asia/Yekaterinburg')).toEqual(
      new Date('2026-12-03T03:00:00Z'),
    );
  });

  it('holds nothing outside the quiet hours, or without any', () => {
    expect(quietUntil(night, new Date('2026-12-02T09:00:00Z'), 'Europe/Moscow')).toBeNull();
    expect(quietUntil(null, new Date('2026-12-02T20:30:00Z'), 'Europe/Moscow')).toBeNull();
    expect(quietUntil({ start: '08:00', end: '08:00' }, new Date(), 'Europe/Moscow')).toBeNull();
  });

  it('takes a window within one day', () => {
    // 13:10 in London (UTC+0 in December), lunch 13:00–14:00.
    expect(
      quietUntil({ start: '13:00', end: '14:00' }, new Date('2026-12-02T13:10:30Z'), 'Europe/London'),
    ).toEqual(new Date('2026-12-02T14:00:00Z'));
  });
});
