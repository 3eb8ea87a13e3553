import { MovableClock } from '../time/clock';
import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  it('answers an entry until its time is up, by the clock', () => {
    const clock = new MovableClock();
    const cache = new TtlCache<string>(clock, 30_000, 10);
    cache.set('olga', 'ru');
    clock.advance(25_000);
    expect(cache.get('olga')).toBe('ru');
    clock.advance(5_000);
    expect(cache.get('olga')).toBeUndefined();
  });

  it('lets the oldest entries go once it holds its most', () => {
    const clock = new MovableClock();
    const cache = new TtlCache<number>(clock, 30_000, 2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 3);
    cache.set('c', 4);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([3, undefined, 4]);
  });

  it('forgets one entry or all of them', () => {
    const cache = new TtlCache<number>(new MovableClock(), 30_000, 10);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.forget('a');
    expect([cache.get('a'), cache.get('b')]).toEqual([undefined, 2]);
    cache.clear();
    expect(cache.get('b')).toBeUndefined();
  });
});
