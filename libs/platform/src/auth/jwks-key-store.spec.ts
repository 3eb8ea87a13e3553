import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { NatsConnection } from 'nats';
import type { Jwk, Jwks } from '@orbita/contracts';
import type { BusClient } from '../bus/bus-client';
import { JWKS_REFRESH_INTERVAL_MS, JwksKeyStore } from './jwks-key-store';

function newJwk(): Jwk {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  return { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y, kid: randomUUID(), alg: 'ES256', use: 'sig' };
}

/** identity's JWKS as a stand-in bus answers it, counting the requests; notices are delivered by hand. */
class FakeIdentity {
  keys: Jwk[] = [newJwk()];
  requests = 0;
  notice: (() => void) | null = null;

  readonly bus = {
    request: (): Promise<Jwks> => {
      this.requests += 1;
      return Promise.resolve({ keys: [...this.keys] });
    },
  } as unknown as BusClient;

  readonly nc = {
    subscribe: (_subject: string, options: { callback: () => void }) => {
      this.notice = options.callback;
      return { unsubscribe: () => undefined };
    },
  } as unknown as NatsConnection;
}

describe('JwksKeyStore', () => {
  let identity: FakeIdentity;
  let store: JwksKeyStore;

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-03-01T10:00:00Z') });
    identity = new FakeIdentity();
    store = new JwksKeyStore(identity.bus, identity.nc);
    store.onApplicationBootstrap();
  });

  afterEach(() => {
    store.onApplicationShutdown();
    jest.useRealTimers();
  });

  it('fetches the keys once and answers known kids from the cache', async () => {
    const kid = identity.keys[0]!.kid;
    expect(await store.getKey(kid)).toContain('BEGIN PUBLIC KEY');
    expect(await store.getKey(kid)).toContain('BEGIN PUBLIC KEY');
    expect(identity.requests).toBe(1);
  });

  it.each([
    ['a URL', 'https://evil.example/jwks.json'],
    ['a path', '../../etc/passwd'],
    ['SQL', "' OR 1=1 --"],
    ['an empty kid', ''],
  ])('refuses a kid that is not one of identity’s (%s) without any look-up', async (_label, kid) => {
    expect(await store.getKey(kid)).toBeNull();
    expect(identity.requests).toBe(0);
  });

  it('refuses an unknown kid at once and refreshes in the background at a bounded rate', async () => {
    await store.getKey(identity.keys[0]!.kid);
    jest.advanceTimersByTime(6_000);
    const answers = await Promise.all(Array.from({ length: 50 }, () => store.getKey(randomUUID())));
    expect(answers).toEqual(Array.from({ length: 50 }, () => null));
    // Fifty unknown kids: one background refresh, not fifty.
    expect(identity.requests).toBe(2);
    expect(await store.getKey(randomUUID())).toBeNull();
    expect(identity.requests).toBe(2);
  });

  it('learns a key added ahead of its use from the keys-changed notice', async () => {
    await store.getKey(identity.keys[0]!.kid);
    const next = newJwk();
    identity.keys.push(next);
    identity.notice?.();
    await jest.advanceTimersByTimeAsync(0);
    expect(identity.requests).toBe(2);
    expect(await store.getKey(next.kid)).toContain('BEGIN PUBLIC KEY');
  });

  it('refreshes by itself periodically, should a notice be missed', async () => {
    await store.getKey(identity.keys[0]!.kid);
    const next = newJwk();
    identity.keys.push(next);
    await jest.advanceTimersByTimeAsync(JWKS_REFRESH_INTERVAL_MS);
    expect(await store.getKey(next.kid)).toContain('BEGIN PUBLIC KEY');
    expect(identity.requests).toBe(2);
  });
});
