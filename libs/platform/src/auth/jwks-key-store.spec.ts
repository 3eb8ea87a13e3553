import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { Jwk, Jwks } from '@orbita/contracts';
import type { BusClient } from '../bus/bus-client';
import { JwksKeyStore } from './jwks-key-store';

function newJwk(): Jwk {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  return { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y, kid: randomUUID(), alg: 'ES256', use: 'sig' };
}

/** identity's JWKS as a stand-in bus answers it, counting the requests. */
class FakeIdentity {
  keys: Jwk[] = [newJwk()];
  requests = 0;

  readonly bus = {
    request: (): Promise<Jwks> => {
      this.requests += 1;
      return Promise.resolve({ keys: [...this.keys] });
    },
  } as unknown as BusClient;
}

describe('JwksKeyStore', () => {
  let identity: FakeIdentity;
  let store: JwksKeyStore;

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-03-01T10:00:00Z') });
    identity = new FakeIdentity();
    store = new JwksKeyStore(identity.bus);
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('fetches the keys once and answers known kids from the cache', async () => {
    const kid = identity.keys[0]!.kid;
    expect(await store.getKey(kid)).toContain('BEGIN PUBLIC KEY');
    expect(await store.getKey(kid)).toContain('BEGIN PUBLIC KEY');
    expect(identity.requests).toBe(1);
  });

  it('accepts a key rotated in just after a refresh, once the interval has passed, without refusing it', async () => {
    await store.getKey(identity.keys[0]!.kid);
    jest.advanceTimersByTime(60_000);
    // A garbage token's kid makes the store refresh…
    expect(await store.getKey('garbage')).toBeNull();
    expect(identity.requests).toBe(2);
    // …and a moment later identity rotates to a new key and signs with it.
    jest.advanceTimersByTime(1_000);
    const rotated = newJwk();
    identity.keys.push(rotated);

    let key: string | null | undefined;
    void store.getKey(rotated.kid).then((found) => {
      key = found;
    });
    await jest.advanceTimersByTimeAsync(3_900);
    expect(key).toBeUndefined();
    await jest.advanceTimersByTimeAsync(100);
    expect(key).toContain('BEGIN PUBLIC KEY');
    expect(identity.requests).toBe(3);
  });

  it('refreshes at most once per interval however many unknown kids come', async () => {
    await store.getKey(identity.keys[0]!.kid);
    const answers = Promise.all(Array.from({ length: 50 }, () => store.getKey(randomUUID())));
    await jest.advanceTimersByTimeAsync(5_000);
    expect(await answers).toEqual(Array.from({ length: 50 }, () => null));
    expect(identity.requests).toBe(2);
  });
});
