/**
 * Content benchmark (npm run bench:content, and part of npm run bench): file upload and download
 * throughput through the gateway against the same transfers straight to MinIO with the minio client
 * (putObject with the size, getObject), and to documents without the gateway, in one run against
 * the real system; and the resident memory of gateway and documents during a 2 GiB transfer.
 * Writes the figures to docs/BENCHMARKS.md (between the content markers).
 */
import * as Minio from 'minio';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { DEMO_PASSWORD, demoUser } from '@orbita/demo';
import type { TestSystem } from '@orbita/testing';
import { MemorySampler, generatedContent, getHashed, hashStream, login, postStream } from '@orbita/testing';
import { fmt, out, startBenchSystem, writeSection } from './measure';

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;
const SIZES = (process.env['BENCH_CONTENT_SIZES_MIB'] ?? '64,512').split(',').map((s) => Number(s) * MIB);
const REPEATS = Number(process.env['BENCH_CONTENT_REPEATS'] ?? 3);
const LARGE = Number(process.env['BENCH_CONTENT_LARGE_MIB'] ?? 2048) * MIB;
const DIRECT_BUCKET = 'bench-direct';

/** Clock ticks per second of /proc/<pid>/stat's CPU times (USER_HZ: 100 on Linux). */
const TICKS = 100;

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (in parentheses, may hold spaces); utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

/** The processes whose CPU a transfer is charged with. */
type Processes = Record<'bench' | 'gateway' | 'documents' | 'minio', number>;

function cpuOf(processes: Processes): Record<keyof Processes, number> {
  return {
    bench: cpuSeconds(processes.bench),
    gateway: cpuSeconds(processes.gateway),
    documents: cpuSeconds(processes.documents),
    minio: cpuSeconds(processes.minio),
  };
}

interface Path {
  name: string;
  upload(size: number, n: number): Promise<string>;
  download(id: string, size: number): Promise<void>;
}

/** The median of some numbers. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** MiB/s of one transfer of `size` bytes that took `ms`. */
const rate = (size: number, ms: number): number => size / MIB / (ms / 1000);

function viaHttp(name: string, base: string, uploadPath: string, token: string): Path {
  const auth = { authorization: `Bearer ${token}` };
  const contentPath = (id: string): string =>
    uploadPath === '/api/files' ? `/api/files/${id}/content` : `/internal/files/${id}/content`;
  return {
    name,
    async upload(size, n) {
      const answer = await postStream(
        `${base}${uploadPath}?name=bench-${n}.pdf`,
        generatedContent(size),
        size,
        {
          ...auth,
          'content-type': 'application/octet-stream',
        },
      );
      if (answer.status !== 201) {
        throw new Error(`${name}: upload answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      }
      return (answer.body as { id: string }).id;
    },
    async download(id, size) {
      const answer = await getHashed(`${base}${contentPath(id)}`, auth);
      if (answer.status !== 200 || answer.size !== size) {
        throw new Error(`${name}: download answered ${answer.status} with ${answer.size} bytes`);
      }
    },
  };
}

function viaMinio(system: TestSystem): Path {
  const { endPoint, port, accessKey, secretKey } = system.infra.minio;
  const client = new Minio.Client({ endPoint, port, accessKey, secretKey, useSSL: false });
  return {
    name: 'straight to MinIO (minio client)',
    async upload(size, n) {
      if (!(await client.bucketExists(DIRECT_BUCKET))) {
        await client.makeBucket(DIRECT_BUCKET);
      }
      const key = `direct-${n}`;
      await client.putObject(DIRECT_BUCKET, key, generatedContent(size), size);
      return key;
    },
    async download(key, size) {
      const hashed = await hashStream(await client.getObject(DIRECT_BUCKET, key));
      if (hashed.size !== size) {
        throw new Error(`MinIO: ${hashed.size} bytes of ${size}`);
      }
    },
  };
}

interface Measured {
  up: number;
  down: number;
  /** CPU seconds per GiB moved, per process, for uploads and downloads. */
  upCpu: Record<keyof Processes, number>;
  downCpu: Record<keyof Processes, number>;
}

function perGib(
  before: Record<keyof Processes, number>,
  after: Record<keyof Processes, number>,
  bytes: number,
): Record<keyof Processes, number> {
  const per = (key: keyof Processes): number => (after[key] - before[key]) / (bytes / GIB);
  return { bench: per('bench'), gateway: per('gateway'), documents: per('documents'), minio: per('minio') };
}

function sum(
  a: Record<keyof Processes, number>,
  b: Record<keyof Processes, number>,
): Record<keyof Processes, number> {
  return {
    bench: a.bench + b.bench,
    gateway: a.gateway + b.gateway,
    documents: a.documents + b.documents,
    minio: a.minio + b.minio,
  };
}

const ZERO = { bench: 0, gateway: 0, documents: 0, minio: 0 };

async function measure(path: Path, size: number, first: number, processes: Processes): Promise<Measured> {
  const up: number[] = [];
  const down: number[] = [];
  let upCpu = ZERO;
  let downCpu = ZERO;
  for (let i = 0; i < REPEATS; i++) {
    let cpu = cpuOf(processes);
    let t = performance.now();
    const id = await path.upload(size, first + i);
    up.push(rate(size, performance.now() - t));
    upCpu = sum(upCpu, perGib(cpu, cpuOf(processes), size * REPEATS));
    cpu = cpuOf(processes);
    t = performance.now();
    await path.download(id, size);
    down.push(rate(size, performance.now() - t));
    downCpu = sum(downCpu, perGib(cpu, cpuOf(processes), size * REPEATS));
  }
  const result = { up: median(up), down: median(down), upCpu, downCpu };
  out(`${path.name}, ${size / MIB} MiB: upload ${fmt(result.up)} MiB/s, download ${fmt(result.down)} MiB/s`);
  return result;
}

async function main(): Promise<void> {
  const bench = await startBenchSystem('content', {}, { MAX_UPLOAD_BYTES: String(3 * GIB) });
  try {
    const { system } = bench;
    const token = await login(system.gatewayUrl, demoUser.ivan.email, DEMO_PASSWORD);
    const gateway = viaHttp('through the gateway (/api/files)', system.gatewayUrl, '/api/files', token);
    const documents = viaHttp(
      'straight to documents (no gateway)',
      system.serviceUrl('documents'),
      '/internal/files',
      token,
    );
    const minio = viaMinio(system);
    const minioProcess = bench.infra.processes.find((p) => p.name === 'minio');
    const pidOf = (pid: number | undefined, name: string): number => {
      if (pid === undefined) {
        throw new Error(`no process id of ${name}`);
      }
      return pid;
    };
    const processes: Processes = {
      bench: process.pid,
      gateway: pidOf(system.process('gateway').pid, 'gateway'),
      documents: pidOf(system.process('documents').pid, 'documents'),
      minio: pidOf(minioProcess?.pid, 'minio'),
    };
    // Warm every path (code loaded, connections made) before measuring.
    for (const path of [gateway, documents, minio]) {
      await path.download(await path.upload(16 * MIB, 0), 16 * MIB);
    }

    const rows: string[] = [];
    const goals: string[] = [];
    const cpuRows: string[] = [];
    const cpuRow = (label: string, c: Record<keyof Processes, number>): string =>
      `| ${label} | ${fmt(c.bench, 2)} | ${fmt(c.gateway, 2)} | ${fmt(c.documents, 2)} | ${fmt(c.minio, 2)} | ${fmt(c.bench + c.gateway + c.documents + c.minio, 2)} |`;
    let n = 1;
    for (const size of SIZES) {
      // Interleaved per size, so a slower moment of the machine does not fall on one path only.
      const viaGateway = await measure(gateway, size, n, processes);
      const direct = await measure(minio, size, n, processes);
      const viaDocuments = await measure(documents, size, n, processes);
      n += REPEATS;
      const label = `${size / MIB} MiB`;
      cpuRows.push(
        cpuRow(`upload ${label} through the gateway`, viaGateway.upCpu),
        cpuRow(`upload ${label} straight to documents`, viaDocuments.upCpu),
        cpuRow(`upload ${label} straight to MinIO`, direct.upCpu),
        cpuRow(`download ${label} through the gateway`, viaGateway.downCpu),
        cpuRow(`download ${label} straight to documents`, viaDocuments.downCpu),
        cpuRow(`download ${label} straight to MinIO`, direct.downCpu),
      );
      rows.push(
        `| upload ${label} | ${fmt(viaGateway.up)} | ${fmt(viaDocuments.up)} | ${fmt(direct.up)} | ${fmt((viaGateway.up / direct.up) * 100, 0)} % |`,
        `| download ${label} | ${fmt(viaGateway.down)} | ${fmt(viaDocuments.down)} | ${fmt(direct.down)} | ${fmt((viaGateway.down / direct.down) * 100, 0)} % |`,
      );
      goals.push(
        `| upload ${label} through the gateway ≥ 80 % of straight to MinIO | ${fmt((viaGateway.up / direct.up) * 100, 0)} % | ${viaGateway.up / direct.up >= 0.8 ? 'met' : '**missed**'} |`,
        `| download ${label} through the gateway ≥ 80 % of straight to MinIO | ${fmt((viaGateway.down / direct.down) * 100, 0)} % | ${viaGateway.down / direct.down >= 0.8 ? 'met' : '**missed**'} |`,
      );
    }

    const sampler = new MemorySampler(system, ['gateway', 'documents']).start();
    const started = performance.now();
    const id = await gateway.upload(LARGE, n);
    const largeUp = rate(LARGE, performance.now() - started);
    const downStarted = performance.now();
    await gateway.download(id, LARGE);
    const largeDown = rate(LARGE, performance.now() - downStarted);
    const memory = sampler.stop();
    const mib = (bytes: number): string => fmt(bytes / MIB);
    for (const service of ['gateway', 'documents']) {
      const m = memory[service];
      if (!m) {
        throw new Error(`no samples of ${service}`);
      }
      goals.push(
        `| ${service} RSS growth during the ${LARGE / GIB} GiB upload and download ≤ 50 MiB | ${mib(m.growth)} MiB (${mib(m.first)} → ${mib(m.peak)}) | ${m.growth <= 50 * MIB ? 'met' : '**missed**'} |`,
      );
    }

    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    const lines = [
      `Run: \`npm run bench:content\` (${REPEATS} transfers per size and path, median), ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpu}, Node ${process.version}.`,
      'One run against the real system started by the bench (MinIO, FerretDB, NATS, the services as processes), all on this machine. Content generated as it is sent and hashed (SHA-256) as it arrives, by the benchmark, the same on every path; documents stores uploads in 8 MiB parts (UPLOAD_PART_BYTES), the minio client straight to MinIO in 64 MiB parts (its default, the size being given); MiB/s.',
      '',
      '| transfer | through the gateway | straight to documents | straight to MinIO | gateway / MinIO |',
      '|---|---|---|---|---|',
      ...rows,
      `| upload ${LARGE / MIB} MiB (memory run) | ${fmt(largeUp)} | | | |`,
      `| download ${LARGE / MIB} MiB (memory run) | ${fmt(largeDown)} | | | |`,
      '',
      '| goal | measured | |',
      '|---|---|---|',
      ...goals,
      '',
      'CPU seconds per GiB moved, by process (user + system time from /proc/<pid>/stat; the bench generates, sends, receives and hashes):',
      '',
      '| transfer | bench | gateway | documents | MinIO | all |',
      '|---|---|---|---|---|---|',
      ...cpuRows,
    ];
    await writeSection('content', 'Documents: file content throughput and memory', lines);
  } finally {
    await bench.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    `Benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
