import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { Db } from 'mongodb';
import { format, resolveConfig } from 'prettier';
import type { RunningInfra } from '@orbita/infra';
import { freeInfraPorts, repoRoot, startInfra } from '@orbita/infra';
import { TestSystem, publishSharedInfra } from '@orbita/testing';

/** How long each measurement runs (after a one-second warm-up). */
export const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);

export const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

export interface Stats {
  count: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function stats(latencies: number[], elapsedMs: number): Stats {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    count: sorted.length,
    perSecond: (sorted.length / elapsedMs) * 1000,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: sorted[sorted.length - 1] ?? 0,
  };
}

/** Runs `op` from `concurrency` loops for a fixed time (after a short warm-up) and collects latencies (ms). */
export async function load(
  concurrency: number,
  op: (worker: number, i: number) => Promise<void>,
  seconds: number = SECONDS,
): Promise<Stats> {
  const warmUntil = performance.now() + 1_000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (let i = 0; performance.now() < warmUntil; i++) {
        await op(w, i);
      }
    }),
  );
  const latencies: number[] = [];
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (let i = 0; performance.now() < until; i++) {
        const t = performance.now();
        await op(w, i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return stats(latencies, performance.now() - started);
}

export async function expectOk(response: Response): Promise<void> {
  if (!response.ok) {
    throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  }
  await response.arrayBuffer();
}

export const fmt = (n: number, digits = 1): string => n.toFixed(digits);

export const row = (name: string, s: Stats): string =>
  `| ${name} | ${fmt(s.perSecond, 0)} | ${fmt(s.p50, 2)} | ${fmt(s.p95, 2)} | ${fmt(s.p99, 2)} | ${fmt(s.max, 1)} | ${s.count} |`;

export const STATS_HEADER = [
  '| measurement | per second | p50 | p95 | p99 | max | samples |',
  '|---|---|---|---|---|---|---|',
];

/** The machine line every section opens with. */
export function runLine(command: string): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `Run: \`${command}\` (BENCH_SECONDS=${SECONDS} per measurement), ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpu}, Node ${process.version}.`;
}

/**
 * Puts a section between its markers in docs/BENCHMARKS.md (appending it, under `heading`, when
 * it is not there yet), formatted as `npm test` checks it, so a fresh run can be committed as is.
 */
export async function writeSection(marker: string, heading: string, lines: string[]): Promise<void> {
  const file = join(repoRoot, 'docs', 'BENCHMARKS.md');
  const doc = readFileSync(file, 'utf8');
  const begin = `<!-- ${marker}:begin -->`;
  const end = `<!-- ${marker}:end -->`;
  const withMarkers = doc.includes(begin) ? doc : `${doc.trimEnd()}\n\n## ${heading}\n\n${begin}\n${end}\n`;
  const body = [begin, ...lines, end].join('\n');
  const updated = withMarkers.replace(new RegExp(`${begin}[\\s\\S]*${end}`), () => body);
  const options = (await resolveConfig(file)) ?? {};
  writeFileSync(file, await format(updated, { ...options, filepath: file }));
  out(body);
}

export interface BenchSystem {
  system: TestSystem;
  infra: RunningInfra;
  stop(): Promise<void>;
}

/**
 * The real system as the tests start it (FerretDB, MinIO, Mailpit, NATS, the five services as
 * processes, demo data), quiet, without the test-only query log, in a data folder of its own.
 */
export async function startBenchSystem(
  name: string,
  gatewayEnv: NodeJS.ProcessEnv = {},
  serviceEnv: NodeJS.ProcessEnv = {},
): Promise<BenchSystem> {
  const dataDir = join(repoRoot, '.data', `bench-${name}`);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const infra = await startInfra({
    dataDir,
    ports: await freeInfraPorts(),
    components: ['mongo', 'minio', 'smtp'],
  });
  publishSharedInfra({ endpoints: infra.endpoints, dataDir });
  const quiet = { LOG_LEVEL: 'warn', QUERY_LOG_FILE: '-', ...serviceEnv };
  try {
    const system = await TestSystem.start({
      seedDemo: true,
      env: {
        identity: quiet,
        tasks: quiet,
        documents: quiet,
        notifications: quiet,
        gateway: { ...quiet, ...gatewayEnv },
      },
    });
    return {
      system,
      infra,
      stop: async () => {
        await system.stop();
        await infra.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await infra.stop();
    throw err;
  }
}

/** FerretDB's own count of the commands it executed, over all databases (serverStatus). */
export async function commandsExecuted(db: Db): Promise<number> {
  const status = await db.admin().command({ serverStatus: 1 });
  const commands =
    (status['metrics'] as { commands?: Record<string, { total?: unknown }> } | undefined)?.commands ?? {};
  return Object.entries(commands)
    .filter(
      ([cmd]) =>
        !['serverStatus', 'ping', 'hello', 'isMaster', 'ismaster', 'buildInfo', 'endSessions'].includes(cmd),
    )
    .reduce((sum, [, c]) => sum + Number(c.total ?? 0), 0);
}

/** NATS requests sent by the services (their bus_request_duration_seconds counts). */
export async function natsRequests(urls: string[]): Promise<number> {
  let total = 0;
  for (const url of urls) {
    const text = await (await fetch(`${url}/metrics`)).text();
    for (const line of text.split('\n')) {
      if (line.startsWith('bus_request_duration_seconds_count')) {
        total += Number(line.split(' ').pop());
      }
    }
  }
  return total;
}
