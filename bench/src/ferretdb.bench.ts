/**
 * FerretDB query cost against collection size (npm run bench:ferretdb): the query shapes our
 * repositories use, at growing collection sizes, on the FerretDB we ran before the pushdown patch
 * (ferretdb-baseline: serialize-writes patch only) and on the one we build now (both patches), in
 * one run on this machine. Writes the figures to docs/BENCHMARKS.md (between the ferretdb markers)
 * and prints them. BENCH_FERRETDB_SIZES (default 1000,10000,50000,100000) sets the sizes.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { format, resolveConfig } from 'prettier';
import { ManagedProcess, freePort, isListening, repoRoot, toolsBinDir, waitFor } from '@orbita/infra';

const SIZES = (process.env['BENCH_FERRETDB_SIZES'] ?? '1000,10000,50000,100000').split(',').map(Number);
/** Each measurement repeats its query for this long (at least MIN_RUNS times), after one warm-up run. */
const BUDGET_MS = Number(process.env['BENCH_FERRETDB_MS'] ?? 1500);
const MIN_RUNS = 3;
const ASSIGNEES = 40;
const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

interface TaskDoc {
  _id: string;
  orgId: string;
  assigneeId: string;
  status: string;
  title: string;
  v: number;
}

/** Ids like our ULIDs: 26 characters of [0-9A-Z], in creation order. */
const idOf = (i: number): string => `01J${i.toString(36).toUpperCase().padStart(23, '0')}`;

function taskOf(i: number): TaskDoc {
  return {
    _id: idOf(i),
    orgId: `org${i % 7}`,
    assigneeId: `user${i % ASSIGNEES}`,
    status: i % 3 === 0 ? 'done' : 'open',
    // a realistic document size (~300 bytes), which the unpatched server decodes for every row
    title: `Task ${i}: ${'review the attached contract and approve or reject it '.repeat(4)}`,
    v: 0,
  };
}

interface Server {
  name: string;
  binary: string;
  version: string;
}

interface Timing {
  median: number;
  runs: number;
}

/** Median latency (ms) of op, repeated for BUDGET_MS. */
async function measure(op: (i: number) => Promise<unknown>): Promise<Timing> {
  await op(0);
  const times: number[] = [];
  const until = performance.now() + BUDGET_MS;
  for (let i = 1; times.length < MIN_RUNS || performance.now() < until; i++) {
    const t = performance.now();
    await op(i);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)] ?? 0, runs: times.length };
}

const MEASUREMENTS = [
  'find({assigneeId}).sort({_id: -1}).limit(21)',
  'findOne({_id, orgId})',
  'updateOne({_id, orgId}, {$inc})',
] as const;
type Measurement = (typeof MEASUREMENTS)[number];

/** Starts one server on a fresh folder, fills it size by size, and measures at each size. */
async function run(server: Server, dataDir: string): Promise<Map<number, Map<Measurement, Timing>>> {
  const dir = join(dataDir, server.name);
  const sqliteDir = join(dir, 'sqlite');
  mkdirSync(sqliteDir, { recursive: true });
  const port = await freePort();
  const proc = ManagedProcess.start({
    name: server.name,
    command: server.binary,
    args: [
      '--handler=sqlite',
      `--sqlite-url=file:${sqliteDir}/`,
      `--state-dir=${dir}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=warn',
    ],
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'] },
    cwd: dir,
    logFile: join(dir, 'ferretdb.log'),
    runDir: join(dir, 'run'),
  });
  const results = new Map<number, Map<Measurement, Timing>>();
  let connection: mongoose.Connection | null = null;
  try {
    await waitFor(
      server.name,
      () => isListening(port),
      60_000,
      () => proc.isAlive(),
    );
    connection = await mongoose
      .createConnection(`mongodb://127.0.0.1:${port}/`, { dbName: 'bench' })
      .asPromise();
    const native = connection.db;
    if (!native) {
      throw new Error('no database handle');
    }
    const tasks = native.collection<TaskDoc>('tasks');
    // the index of services/tasks: find({assigneeId}).sort({_id: -1}) pages
    await tasks.createIndexes([{ key: { assigneeId: 1, _id: -1 } }]);

    let stored = 0;
    for (const size of SIZES) {
      for (; stored < size; stored += 1000) {
        const batch = Array.from({ length: Math.min(1000, size - stored) }, (_, k) => taskOf(stored + k));
        await tasks.insertMany(batch, { ordered: true });
      }
      stored = size;
      const pick = (i: number): TaskDoc => taskOf((i * 7919) % size);
      const timings = new Map<Measurement, Timing>();
      timings.set(
        MEASUREMENTS[0],
        await measure(async (i) => {
          const page = await tasks
            .find({ assigneeId: `user${i % ASSIGNEES}` })
            .sort({ _id: -1 })
            .limit(21)
            .toArray();
          if (page.length !== 21) {
            throw new Error(`expected a page of 21, got ${page.length}`);
          }
        }),
      );
      timings.set(
        MEASUREMENTS[1],
        await measure(async (i) => {
          const t = pick(i);
          if (!(await tasks.findOne({ _id: t._id, orgId: t.orgId }))) {
            throw new Error(`task ${t._id} not found`);
          }
        }),
      );
      timings.set(
        MEASUREMENTS[2],
        await measure(async (i) => {
          const t = pick(i);
          const res = await tasks.updateOne({ _id: t._id, orgId: t.orgId }, { $inc: { v: 1 } });
          if (res.modifiedCount !== 1) {
            throw new Error(`task ${t._id} not updated`);
          }
        }),
      );
      results.set(size, timings);
      out(
        `${server.name} at ${size}: ${MEASUREMENTS.map((m) => `${m} ${timings.get(m)?.median.toFixed(2)} ms`).join(', ')}`,
      );
    }
  } finally {
    await connection?.close();
    await proc.stop();
  }
  return results;
}

async function main(): Promise<void> {
  const bin = toolsBinDir();
  const servers: Server[] = ['ferretdb-baseline', 'ferretdb'].map((name) => ({
    name,
    binary: join(bin, name),
    version: readFileSync(join(bin, `${name}.version`), 'utf8').trim(),
  }));
  const dataDir = join(repoRoot, '.data', 'bench-ferretdb');
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });

  const [before, after] = [
    await run(servers[0] as Server, dataDir),
    await run(servers[1] as Server, dataDir),
  ];
  rmSync(dataDir, { recursive: true, force: true });

  const ms = (t: Timing | undefined): string => (t ? t.median.toFixed(2) : '–');
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    '<!-- ferretdb:begin -->',
    '',
    `Run: \`npm run bench:ferretdb\`, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpu}, Node ${process.version}.`,
    `Before: \`${servers[0]?.version}\` (the build without the pushdown patch); after: \`${servers[1]?.version}\`. ` +
      `Both in this run, each on a fresh SQLite folder, driven over the wire with the mongodb driver; ` +
      `${ASSIGNEES} assignees, so one assignee has 1/${ASSIGNEES} of the documents; ` +
      `index \`{assigneeId: 1, _id: -1}\`; median latency in ms of repeated queries (≥ ${MIN_RUNS}, ${BUDGET_MS} ms each).`,
    '',
    `| query | documents | before | after | before / after |`,
    `| --- | --- | --- | --- | --- |`,
    ...MEASUREMENTS.flatMap((m) =>
      SIZES.map((size) => {
        const b = before.get(size)?.get(m);
        const a = after.get(size)?.get(m);
        const ratio = a && b ? `${(b.median / a.median).toFixed(0)}×` : '–';
        return `| \`${m}\` | ${size.toLocaleString('en-US')} | ${ms(b)} | ${ms(a)} | ${ratio} |`;
      }),
    ),
    '',
    'Before, `findOne` and `updateOne` read and decode documents in Go until the first match (half the collection on average), ' +
      '`find` reads them all and sorts them; after, each reads its rows through the index (`explain`: filter, sort and limit pushed down).',
    '',
    '<!-- ferretdb:end -->',
  ];
  out(lines.join('\n'));

  const file = join(repoRoot, 'docs', 'BENCHMARKS.md');
  const doc = readFileSync(file, 'utf8');
  const section =
    '\n## FerretDB: query cost against collection size\n\n<!-- ferretdb:begin -->\n<!-- ferretdb:end -->\n';
  const withMarkers = doc.includes('<!-- ferretdb:begin -->') ? doc : doc.trimEnd() + '\n' + section;
  const updated = withMarkers.replace(
    /<!-- ferretdb:begin -->[\s\S]*<!-- ferretdb:end -->/,
    lines.join('\n'),
  );
  const options = (await resolveConfig(file)) ?? {};
  writeFileSync(file, await format(updated, { ...options, filepath: file }));
  out(`\nWritten to ${file}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
