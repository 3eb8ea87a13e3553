/**
 * Identity benchmark (npm run bench): login throughput and latency with the argon2id parameters in
 * use, and the overhead of an authorised request at the gateway, all measured in one run on this
 * machine against the real system (NATS JetStream, FerretDB, the five services as processes).
 * Writes the figures to docs/BENCHMARKS.md (between the identity markers) and prints them.
 */
import argon2 from 'argon2';
import jwt from 'jsonwebtoken';
import type { JsonWebKey } from 'node:crypto';
import { createPublicKey, randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import type { NatsConnection } from 'nats';
import { JSONCodec, headers as natsHeaders } from 'nats';
import type { TokenPair } from '@orbita/contracts';
import { ContextHeader, IdentityRequests } from '@orbita/contracts';
import { DEMO_PASSWORD, demoUsers } from '@orbita/demo';
import type { Stats } from './measure';
import { STATS_HEADER, expectOk, fmt, load, row, runLine, startBenchSystem, writeSection } from './measure';

const ARGON2 = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

async function main(): Promise<void> {
  // The bench plays the reverse proxy, so its X-Forwarded-For gives each login its own address.
  const bench = await startBenchSystem('identity', { TRUST_PROXY: '127.0.0.1' });
  const { system } = bench;
  let nc: NatsConnection | null = null;
  try {
    const gateway = system.gatewayUrl;
    nc = await system.connectNats();
    const codec = JSONCodec();

    // 1. argon2id alone, in this process: the floor of a login's cost.
    const hash = await argon2.hash(DEMO_PASSWORD, ARGON2);
    const argonSerial = await load(1, async () => {
      await argon2.verify(hash, DEMO_PASSWORD);
    });

    // 2. Logins through the gateway (HTTP → NATS → identity: throttle check, argon2id, session,
    //    token). Distinct client addresses and the demo users in turn keep throttling out of it.
    const login = (worker: number, i: number): Promise<void> => {
      const user = demoUsers[(worker + i) % demoUsers.length];
      return fetch(`${gateway}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.9.${worker}.${i % 250}` },
        body: JSON.stringify({ email: user?.email, password: DEMO_PASSWORD }),
      }).then(expectOk);
    };
    const login1 = await load(1, login);
    const login4 = await load(4, login);

    // 3. An authorised request (GET /api/me: token verification, revocation check, NATS hop to
    //    identity, its handler) against the same request without the gateway's HTTP and auth
    //    (the same NATS request straight to identity with the access token, which identity verifies), and a gateway
    //    route that does neither (HTTP alone).
    const pair = (await (
      await fetch(`${gateway}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: demoUsers[1]?.email, password: DEMO_PASSWORD }),
      })
    ).json()) as TokenPair;
    const auth = { authorization: `Bearer ${pair.accessToken}` };
    const natsMe = async (): Promise<void> => {
      const h = natsHeaders();
      h.set(ContextHeader.CorrelationId, randomUUID());
      h.set(ContextHeader.AccessToken, pair.accessToken);
      const reply = codec.decode(
        (
          await nc!.request(
            IdentityRequests.me.subject,
            codec.encode({ pattern: IdentityRequests.me.subject, data: {}, id: randomUUID() }),
            { headers: h, timeout: 5_000 },
          )
        ).data,
      ) as { err?: unknown };
      if (reply.err) {
        throw new Error(JSON.stringify(reply.err));
      }
    };
    const httpMe = (): Promise<void> => fetch(`${gateway}/api/me`, { headers: auth }).then(expectOk);
    const httpLive = (): Promise<void> => fetch(`${gateway}/health/live`).then(expectOk);
    const results: Record<string, Stats> = {};
    for (const concurrency of [1, 8]) {
      results[`nats-${concurrency}`] = await load(concurrency, natsMe);
      results[`me-${concurrency}`] = await load(concurrency, httpMe);
      results[`live-${concurrency}`] = await load(concurrency, httpLive);
    }

    // 4. ES256 verification alone, in this process, as the gateway does it per request.
    const jwks = (await (await fetch(`${gateway}/.well-known/jwks.json`)).json()) as {
      keys: { kid: string }[];
    };
    const header = jwt.decode(pair.accessToken, { complete: true })?.header;
    const jwk = jwks.keys.find((k) => k.kid === header?.kid);
    const pem = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
    const verify = await load(1, () => {
      jwt.verify(pair.accessToken, pem, {
        algorithms: ['ES256'],
        audience: 'orbita',
        issuer: 'orbita-identity',
      });
      return Promise.resolve();
    });

    const r = (k: string): Stats => {
      const s = results[k];
      if (!s) {
        throw new Error(`missing ${k}`);
      }
      return s;
    };
    const overhead = (c: number): string =>
      `${fmt(r(`me-${c}`).p50 - r(`nats-${c}`).p50, 2)} ms at p50, ${fmt(r(`me-${c}`).p99 - r(`nats-${c}`).p99, 2)} ms at p99 (${fmt(r(`me-${c}`).p50 / r(`nats-${c}`).p50, 2)}× the direct request)`;
    const lines = [
      runLine('npm run bench'),
      'Everything in one run against the real system started by the bench (NATS JetStream, FerretDB, the five services as processes); latencies in ms.',
      '',
      `argon2id parameters: m = ${ARGON2.memoryCost} KiB (19 MiB), t = ${ARGON2.timeCost}, p = ${ARGON2.parallelism} (the OWASP/ASVS minimum).`,
      '',
      ...STATS_HEADER,
      row('argon2id verify alone (1 at a time, in-process)', argonSerial),
      row('login through the gateway, 1 client', login1),
      row('login through the gateway, 4 clients', login4),
      row('ES256 token verification alone (in-process)', verify),
      row('GET /health/live at the gateway (HTTP only), 1 client', r('live-1')),
      row('identity.user.me straight over NATS (no gateway, no auth), 1 client', r('nats-1')),
      row('GET /api/me through the gateway (auth + NATS hop), 1 client', r('me-1')),
      row('GET /health/live at the gateway (HTTP only), 8 clients', r('live-8')),
      row('identity.user.me straight over NATS (no gateway, no auth), 8 clients', r('nats-8')),
      row('GET /api/me through the gateway (auth + NATS hop), 8 clients', r('me-8')),
      '',
      `Authorised request overhead at the gateway (HTTP + token verification + revocation check + the hop), GET /api/me against the same NATS request sent directly: ${overhead(1)} with 1 client; ${overhead(8)} with 8 clients.`,
      `Login throughput is bound by argon2id: ${fmt(login4.perSecond, 0)} logins/s with 4 clients on ${cpus().length} cores, p99 ${fmt(login4.p99, 0)} ms.`,
    ];
    await writeSection('identity', 'Identity: logins and authorised requests', lines);
  } finally {
    await nc?.close();
    await bench.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    `Benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
