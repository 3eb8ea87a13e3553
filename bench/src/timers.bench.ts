/**
 * Durable timers (npm run bench:timers, ADR 019): two tasks-service processes fire timers from one
 * database — 10,000 due in the same minute must each fire within 60 s of its due time, exactly
 * once; and the cost of firing does not grow with the timers fired before (1,000 against 100,000).
 * The timers are the real kind `wait` without an instance: the real worker claims, runs the wait
 * handler (which finds no instance and does nothing) and marks them fired, so what is measured is
 * the claim and the marking, the part that grows with the collection if anything does. Writes the
 * figures to docs/BENCHMARKS.md (between the timers markers) and prints them.
 */
import type { Collection } from 'mongodb';
import mongoose from 'mongoose';
import { waitFor } from '@orbita/infra';
import { startBenchSystem, writeSection } from './measure';

const DUE = Number(process.env['BENCH_TIMERS_DUE'] ?? 10_000);
const FIRED_BEFORE = [1_000, 100_000];
/** Timers due at once in each cost measurement. */
const PROBE = 1_000;
const MINUTE_MS = 60_000;

interface TimerDoc {
  _id: string;
  kind: string;
  subject: { runId: string };
  status: 'pending' | 'fired';
  dueAt: Date;
  scheduledFor: Date;
  leaseOwner: string | null;
  attempts: number;
  firedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

function timer(id: string, dueAt: Date, status: TimerDoc['status'] = 'pending'): TimerDoc {
  const now = new Date();
  return {
    _id: id,
    kind: 'wait',
    subject: { runId: id },
    status,
    dueAt,
    scheduledFor: dueAt,
    leaseOwner: null,
    attempts: status === 'fired' ? 1 : 0,
    firedAt: status === 'fired' ? now : null,
    createdAt: now,
    updatedAt: now,
  };
}

async function insertAll(timers: Collection<TimerDoc>, docs: TimerDoc[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 1_000) {
    await timers.insertMany(docs.slice(i, i + 1_000), { ordered: false });
  }
}

async function untilFired(timers: Collection<TimerDoc>, prefix: string, count: number): Promise<void> {
  await waitFor(
    `${count} timers ${prefix}* fired`,
    async () =>
      (await timers.countDocuments({ _id: { $gte: prefix, $lt: `${prefix}~` }, status: 'fired' })) === count,
    10 * MINUTE_MS,
  );
}

async function main(): Promise<void> {
  const bench = await startBenchSystem('timers');
  const { system } = bench;
  const connection = await mongoose
    .createConnection(system.infra.mongoUrl, { dbName: system.database('tasks') })
    .asPromise();
  try {
    // The second instance of the tasks service, on the same database and NATS; stopped with the system.
    await system.startReplica('tasks', { LOG_LEVEL: 'warn', QUERY_LOG_FILE: '-' });
    const timers = connection.collection<TimerDoc>('timers');
    const lines: string[] = [];

    // 0. A batch fired and not measured: the services' first firings (JIT, pools, caches) are not the cost.
    const warmDue = new Date(Date.now() + 3_000);
    await insertAll(
      timers,
      Array.from({ length: PROBE }, (_, i) => timer(`warm-${String(i).padStart(6, '0')}`, warmDue)),
    );
    await untilFired(timers, 'warm-', PROBE);

    // 1. The cost of firing PROBE due timers with 1,000 and then 100,000 fired ones in the collection.
    const costRows: string[] = [];
    const firedNow = await timers.countDocuments({ status: 'fired' });
    let firedSoFar = firedNow;
    for (const target of FIRED_BEFORE) {
      if (firedSoFar < target) {
        const past = new Date(Date.now() - MINUTE_MS);
        const filler = Array.from({ length: target - firedSoFar }, (_, i) =>
          timer(`old-${target}-${String(i).padStart(6, '0')}`, past, 'fired'),
        );
        await insertAll(timers, filler);
        firedSoFar = target;
      }
      const prefix = `probe-${target}-`;
      const dueAt = new Date(Date.now() + 3_000);
      await insertAll(
        timers,
        Array.from({ length: PROBE }, (_, i) => timer(`${prefix}${String(i).padStart(6, '0')}`, dueAt)),
      );
      await untilFired(timers, prefix, PROBE);
      const probe = await timers.find({ _id: { $gte: prefix, $lt: `${prefix}~` } }).toArray();
      const first = Math.min(...probe.map((t) => t.firedAt?.getTime() ?? Infinity));
      const last = Math.max(...probe.map((t) => t.firedAt?.getTime() ?? 0));
      const span = Math.max(last - dueAt.getTime(), 0);
      costRows.push(
        `| ${firedSoFar.toLocaleString('en')} | ${PROBE.toLocaleString('en')} | ${(span / 1000).toFixed(2)} s (first at +${((first - dueAt.getTime()) / 1000).toFixed(2)} s) | ${(((last - first) / PROBE) * 2).toFixed(2)} ms of a worker |`,
      );
      firedSoFar += PROBE;
    }
    // 2. DUE timers due within the same minute, starting 20 s from now (over the 100,000 fired).
    const start = Date.now() + 20_000;
    const due = Array.from({ length: DUE }, (_, i) =>
      timer(`due-${String(i).padStart(6, '0')}`, new Date(start + Math.floor((i * MINUTE_MS) / DUE))),
    );
    await insertAll(timers, due);
    await untilFired(timers, 'due-', DUE);
    const fired = await timers.find({ _id: { $gte: 'due-', $lt: 'due-~' } }).toArray();
    const lateness = fired
      .map((t) => (t.firedAt?.getTime() ?? Infinity) - t.scheduledFor.getTime())
      .sort((a, b) => a - b);
    const byOwner = new Map<string, number>();
    for (const t of fired) {
      byOwner.set(t.leaseOwner ?? '?', (byOwner.get(t.leaseOwner ?? '?') ?? 0) + 1);
    }
    const claimedTwice = fired.filter((t) => t.attempts !== 1).length;
    const pct = (p: number): number =>
      lateness[Math.min(lateness.length - 1, Math.floor(p * lateness.length))] ?? 0;
    lines.push(
      `Run: \`npm run bench:timers\`, ${new Date().toISOString().slice(0, 10)}, the real system with two tasks-service processes on one FerretDB; the worker ticks every second and fires at most 200 timers a tick.`,
      '',
      `${DUE.toLocaleString('en')} timers due within one minute: all fired, ${claimedTwice} claimed more than once, ` +
        `split ${[...byOwner.values()].join(' / ')} between the two instances; ` +
        `lateness (fired − due) p50 ${(pct(0.5) / 1000).toFixed(1)} s, p99 ${(pct(0.99) / 1000).toFixed(1)} s, ` +
        `max ${((lateness.at(-1) ?? 0) / 1000).toFixed(1)} s (${(lateness.at(-1) ?? 0) <= MINUTE_MS ? 'within' : 'NOT within'} 60 s).`,
      '',
      '| timers fired before | timers due at once | time to fire them all | per timer |',
      '| --- | --- | --- | --- |',
      ...costRows,
    );

    lines.push(
      '',
      'The worker reads only `{status: pending, dueAt ≤ now}` through the `(status, dueAt)` index, so fired timers are not read again; "per timer" is the time between the first and the last firing of the batch divided by its timers, times the two workers firing in parallel. A first batch of 1,000 is fired unmeasured (it is the "1,000 fired before"), so neither row pays for the services’ warm-up.',
    );
    await writeSection(
      'timers',
      'Durable timers: due in one minute, and the cost against timers fired',
      lines,
    );
  } finally {
    await connection.close();
    await bench.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
