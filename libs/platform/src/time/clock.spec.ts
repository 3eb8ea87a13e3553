import { MovableClock } from './clock';

describe('MovableClock', () => {
  it('runs with real time and moves forward by what it is told', () => {
    const clock = new MovableClock();
    const before = Date.now();
    const moved = clock.advance(86_400_000);
    expect(moved.getTime()).toBeGreaterThanOrEqual(before + 86_400_000);
    expect(clock.offset).toBe(86_400_000);
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(moved.getTime());
  });

  it('sets a later instant and refuses an earlier one or nonsense', () => {
    const clock = new MovableClock();
    const target = new Date(Date.now() + 3_600_000);
    expect(clock.set(target).getTime()).toBeGreaterThanOrEqual(target.getTime());
    expect(() => clock.set(new Date(Date.now()))).toThrow('only moves forward');
    expect(() => clock.advance(-1)).toThrow('only moves forward');
    expect(() => clock.advance(Number.NaN)).toThrow('only moves forward');
  });
});
