import { UlidGenerator } from './id-generator';

const CROCKFORD = /^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{26}$/;

/** Decodes the 48-bit millisecond timestamp a ULID starts with. */
function timeOf(id: string): number {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let time = 0;
  for (let i = 0; i < 10; i++) {
    time = time * 32 + alphabet.indexOf(id.charAt(i));
  }
  return time;
}

describe('UlidGenerator', () => {
  it('makes 26-character ids of the Crockford base32 alphabet', () => {
    const generator = new UlidGenerator();
    for (let i = 0; i < 200; i++) {
      expect(generator.newId()).toMatch(CROCKFORD);
    }
  });

  it('encodes the clock time in the first 10 characters', () => {
    const at = Date.UTC(2025, 2, 1, 12, 30, 45, 678);
    const id = new UlidGenerator(() => at).newId();
    expect(timeOf(id)).toBe(at);
    expect(new UlidGenerator(() => 0).newId().slice(0, 10)).toBe('0000000000');
  });

  it('sorts ids by the time they were made', () => {
    let now = Date.UTC(2024, 0, 1);
    const generator = new UlidGenerator(() => now);
    const ids: string[] = [];
    for (const step of [1, 1, 31, 32, 33, 1000, 1, 86_400_000, 1, 2 ** 35]) {
      now += step;
      ids.push(generator.newId());
    }
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids.map((id) => id.slice(0, 10))).size).toBe(ids.length);
  });

  it('keeps ids of the same millisecond apart by their random part', () => {
    const generator = new UlidGenerator(() => 1_700_000_000_000);
    const ids = Array.from({ length: 1000 }, () => generator.newId());
    expect(new Set(ids.map((id) => id.slice(0, 10))).size).toBe(1);
    expect(new Set(ids.map((id) => id.slice(10))).size).toBe(1000);
  });

  it('makes unique ids over many calls with the real clock', () => {
    const generator = new UlidGenerator();
    const ids = Array.from({ length: 20_000 }, () => generator.newId());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('uses the whole alphabet in the random part', () => {
    const generator = new UlidGenerator(() => 0);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      for (const ch of generator.newId().slice(10)) {
        seen.add(ch);
      }
    }
    expect(seen.size).toBe(32);
  });
});
