import type { KeyObject } from 'node:crypto';
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import type { Jwks, TokenPair, UserView } from '@orbita/contracts';
import { DEMO_PASSWORD, demoUser } from '@orbita/demo';
import type { ApiResponse } from '@orbita/testing';
import { ApiClient, TestSystem, decodeJwt, eventually, login } from '@orbita/testing';

/** A part of a token: claims to encode as JSON, or `raw` text taken as it is (JSON or not). */
type Part = Record<string, unknown> | { raw: string };

/** A compact JWS of exactly these parts. */
function jws(header: Part, payload: Part, key: KeyObject): string {
  const encode = (part: Part): string =>
    Buffer.from(typeof part['raw'] === 'string' ? part['raw'] : JSON.stringify(part)).toString('base64url');
  const input = `${encode(header)}.${encode(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}

const strangerKey = (): KeyObject => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;

/**
 * Key ids and key rotation as a client meets them: a token of a key identity never published is
 * refused at once (never held while keys are fetched, never a 500), and a rotated key is published
 * before it signs, so no genuine token is ever refused.
 */
describe('signing keys at the gateway', () => {
  let system: TestSystem;
  let api: ApiClient;

  beforeAll(async () => {
    system = await TestSystem.start({
      seedDemo: true,
      services: ['identity', 'gateway'],
      // A short activation delay keeps the rotation test fast; production waits a minute.
      env: { identity: { KEY_ACTIVATION_DELAY_SECONDS: '2' } },
    });
    api = new ApiClient(system.gatewayUrl);
  });

  function me(token: string): Promise<ApiResponse<UserView>> {
    return api.as(token).get<UserView>('/api/me');
  }

  async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
    const started = performance.now();
    const result = await work();
    return { result, ms: performance.now() - started };
  }

  it.each<[string, Part, Part]>([
    ['an unknown kid', { alg: 'ES256', typ: 'JWT', kid: randomUUID() }, { sub: demoUser.ivan.id }],
    [
      'a jku header pointing elsewhere',
      { alg: 'ES256', jku: 'https://evil.example/jwks.json', kid: randomUUID() },
      { sub: 'x' },
    ],
    ['an x5u header', { alg: 'ES256', x5u: 'https://evil.example/cert.pem', kid: 'cert' }, { sub: 'x' }],
    ['a path-like kid', { alg: 'ES256', kid: '../../../../dev/null' }, { sub: 'x' }],
    ['an SQL-like kid', { alg: 'ES256', kid: "x' UNION SELECT 'key" }, { sub: 'x' }],
    ['no kid', { alg: 'ES256' }, { sub: 'x' }],
    ['a payload that is not JSON', { alg: 'ES256', kid: randomUUID() }, { raw: 'not json at all {' }],
    ['a header that is not JSON', { raw: '{"alg": "ES256", kid' }, { sub: 'x' }],
  ])('refuses a token with %s at once with 401', async (_label, header, payload) => {
    const token = jws(header, payload, strangerKey());
    // Several in a row: none waits for a key refresh the one before may have started.
    for (let i = 0; i < 5; i++) {
      const { result, ms } = await timed(() => me(token));
      expect(result).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
      expect(ms).toBeLessThan(1_000);
    }
  });

  it('refuses a token of the real kid whose payload is not JSON with 401, not 500', async () => {
    const { header } = decodeJwt(await login(system.gatewayUrl, demoUser.ivan.email, DEMO_PASSWORD));
    const token = jws(header, { raw: 'not json {' }, strangerKey());
    expect(await me(token)).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
  });

  it('rotates: the new key is published first, signs once active, and no token is refused on the way', async () => {
    const admin = api.as(await login(system.gatewayUrl, demoUser.admin.email, DEMO_PASSWORD));
    const before = await login(system.gatewayUrl, demoUser.ivan.email, DEMO_PASSWORD);
    const oldKid = decodeJwt(before).header['kid'];
    const session = await api.post<TokenPair>('/api/auth/login', {
      email: demoUser.dina.email,
      password: DEMO_PASSWORD,
    });
    // Garbage kids just before must not spoil what follows (no refresh budget to use up).
    for (let i = 0; i < 10; i++) {
      expect((await me(jws({ alg: 'ES256', kid: randomUUID() }, { sub: 'x' }, strangerKey()))).status).toBe(
        401,
      );
    }

    const olga = api.as(await login(system.gatewayUrl, demoUser.olga.email, DEMO_PASSWORD));
    expect(await olga.post('/api/admin/keys/rotate')).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN' },
    });
    const rotated = await admin.post<{ kid: string; activatesAt: string }>('/api/admin/keys/rotate');
    expect(rotated.status).toBe(200);
    const newKid = rotated.body.kid;
    expect(newKid).not.toBe(oldKid);
    expect(Date.parse(rotated.body.activatesAt)).toBeGreaterThan(Date.now());

    // Published at once, private part never.
    const jwks = await api.get<Jwks>('/.well-known/jwks.json');
    expect(jwks.body.keys.map((key) => key.kid)).toEqual(expect.arrayContaining([oldKid, newKid]));
    for (const key of jwks.body.keys) {
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
      expect(key).not.toHaveProperty('d');
    }

    // Until it activates, the old key signs; every token works throughout.
    expect(decodeJwt(await login(system.gatewayUrl, demoUser.ivan.email, DEMO_PASSWORD)).header['kid']).toBe(
      oldKid,
    );
    const after = await eventually(async () => {
      const token = await login(system.gatewayUrl, demoUser.ivan.email, DEMO_PASSWORD);
      expect(decodeJwt(token).header['kid']).toBe(newKid);
      return token;
    });
    // The first token of the new key is accepted at once: the gateway knew the key before it signed.
    expect((await me(after)).body).toMatchObject({ id: demoUser.ivan.id });
    expect((await me(before)).status).toBe(200);
    expect((await admin.get('/api/me')).status).toBe(200);
    const refreshed = await api.post<TokenPair>('/api/auth/refresh', {
      refreshToken: session.body.refreshToken,
    });
    expect(decodeJwt(refreshed.body.accessToken).header['kid']).toBe(newKid);
    expect((await me(refreshed.body.accessToken)).status).toBe(200);
  });
});
