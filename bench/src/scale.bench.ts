/**
 * Scale benchmark (npm run bench): what a request costs as stored data grows, on the embedded
 * FerretDB, measured in one run against the real system (NATS JetStream, FerretDB, the five
 * services as processes). Writes the figures to docs/BENCHMARKS.md (between the scale markers):
 * - POST /api/tasks and a scoped GET /api/tasks/:id with 1,000 and with 100,000 tasks stored;
 * - the assignee's inbox (GET /api/tasks?scope=assigned) with 100,000 stored and 1,000 open for them;
 * - POST /api/tasks with 8 clients against raw insertOne into the same FerretDB, same run;
 * - the database commands and NATS requests each endpoint causes, system-wide.
 */
import mongoose from 'mongoose';
import type { Db } from 'mongodb';
import type { NotificationPage } from '@orbita/contracts';
import { DEMO_COMPANY_ID, DEMO_OPERATIONS_ID, DEMO_PASSWORD, demoUser } from '@orbita/demo';
import { UlidGenerator } from '@orbita/platform';
import { eventually, login } from '@orbita/testing';
import type { Stats } from './measure';
import {
  STATS_HEADER,
  commandsExecuted,
  expectOk,
  fmt,
  load,
  natsRequests,
  out,
  row,
  runLine,
  startBenchSystem,
  writeSection,
} from './measure';

const SMALL = Number(process.env['BENCH_SCALE_SMALL'] ?? 1_000);
const LARGE = Number(process.env['BENCH_SCALE_LARGE'] ?? 100_000);
const INBOX = 1_000;
const BATCH = 1_000;
const ids = new UlidGenerator();

/** Why the 8-client goal is missed on this machine, measured with per-process CPU (ADR 012). */
const EIGHT_CLIENTS_MISSED =
  "The 8-client goal is missed: on two cores the machine is CPU bound, and one task costs about 20 ms of CPU across six processes (three FerretDB commands, of which the outbox's clearing update alone is about 2.6 ms in FerretDB, which runs an update as read, change and rewrite; the gateway, tasks, notifications, NATS and the benchmark's own client), against about 1.4 ms for a raw insert (docs/adr/012).";

/** The due time of undated tasks (task.schema.ts, NO_DUE): they sort after every dated one. */
const NO_DUE = new Date('2286-11-20T00:00:00.000Z');

/**
 * Stand-alone tasks as the tasks service stores them (task.schema.ts: kind 'task', run key
 * `task:<id>`, unique); Dina's and Boris's mostly, Anna's inbox apart.
 */
function storedTask(assigneeId: string, n: number): Record<string, unknown> {
  const now = new Date();
  const id = ids.newId();
  return {
    _id: id,
    kind: 'task',
    orgId: DEMO_OPERATIONS_ID,
    orgPath: [DEMO_COMPANY_ID, DEMO_OPERATIONS_ID],
    title: `Seeded task ${n}`,
    description: null,
    status: 'open',
    assigneeId,
    candidateIds: [],
    createdBy: demoUser.ivan.id,
    participants: [demoUser.ivan.id, assigneeId],
    dueAt: null,
    dueSort: NO_DUE,
    instanceId: null,
    instanceNumber: null,
    runId: null,
    runKey: `task:${id}`,
    stepId: null,
    stepName: null,
    templateKey: null,
    templateVersion: null,
    clientOrgId: null,
    party: 'company',
    outcomes: [],
    returnTo: [],
    document: null,
    outcome: null,
    comment: null,
    data: null,
    completedBy: null,
    completedAt: null,
    revision: 0,
    createdAt: now,
    updatedAt: now,
  };
}

async function seed(db: Db, from: number, to: number, assigneeOf: (n: number) => string): Promise<string[]> {
  const seeded: string[] = [];
  for (let start = from; start < to; start += BATCH) {
    const docs = Array.from({ length: Math.min(BATCH, to - start) }, (_, i) =>
      storedTask(assigneeOf(start + i), start + i),
    );
    await db.collection('tasks').insertMany(docs, { ordered: false });
    seeded.push(...docs.map((doc) => String(doc['_id'])));
  }
  return seeded;
}

async function main(): Promise<void> {
  // The relay's sweep is the crash backstop; the bench does not crash, and the sweep's reads would
  // blur the command counts.
  const bench = await startBenchSystem('scale', {}, { OUTBOX_SWEEP_MS: '600000' });
  const { system } = bench;
  const mongo = await mongoose.createConnection(system.infra.mongoUrl).asPromise();
  try {
    const client = mongo.getClient();
    const tasksDb = client.db(system.database('tasks'));
    const rawDb = client.db(`${system.id}_raw`);
    const gateway = system.gatewayUrl;
    const ivanToken = await login(gateway, demoUser.ivan.email, DEMO_PASSWORD);
    const annaToken = await login(gateway, demoUser.anna.email, DEMO_PASSWORD);
    const as = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
    const createTask = (): Promise<void> =>
      fetch(`${gateway}/api/tasks`, {
        method: 'POST',
        headers: as(ivanToken),
        body: JSON.stringify({ title: 'Benchmark task', assigneeId: demoUser.dina.id }),
      }).then(expectOk);
    const getTask =
      (pool: string[]) =>
      (_w: number, i: number): Promise<void> =>
        fetch(`${gateway}/api/tasks/${pool[(i * 7919) % pool.length] ?? ''}`, {
          headers: as(ivanToken),
        }).then(expectOk);
    const inbox = (): Promise<void> =>
      fetch(`${gateway}/api/tasks?scope=assigned&limit=20`, { headers: as(annaToken) }).then(expectOk);

    // One task first, so tasks holds Dina in its copy of identity's people before measuring.
    await createTask();
    const otherAssignee = (n: number): string => (n % 2 === 0 ? demoUser.dina.id : demoUser.boris.id);

    out(`Seeding ${SMALL} tasks…`);
    const small = await seed(tasksDb, 0, SMALL, otherAssignee);
    const results: Record<string, Stats> = {};
    results['post-small'] = await load(1, createTask);
    results['get-small'] = await load(1, getTask(small));

    out(`Seeding to ${LARGE} tasks (${INBOX} of them Anna's)…`);
    const started = performance.now();
    const every = Math.floor((LARGE - SMALL) / INBOX);
    const large = await seed(tasksDb, SMALL, LARGE, (n) =>
      (n - SMALL) % every === 0 ? demoUser.anna.id : otherAssignee(n),
    );
    out(`Seeded in ${fmt((performance.now() - started) / 1000, 0)} s`);
    const stored = await tasksDb.collection('tasks').countDocuments();
    const annas = await tasksDb.collection('tasks').countDocuments({ assigneeId: demoUser.anna.id });
    results['post-large'] = await load(1, createTask);
    results['get-large'] = await load(1, getTask(large));
    results['inbox'] = await load(1, inbox);

    // 8 clients: through the whole system, and raw inserts into the same FerretDB.
    results['post-8'] = await load(8, createTask);
    let raw = 0;
    results['raw-8'] = await load(8, async () => {
      await rawDb.collection('tasks').insertOne(storedTask(demoUser.dina.id, raw++));
    });
    results['raw-1'] = await load(1, async () => {
      await rawDb.collection('tasks').insertOne(storedTask(demoUser.dina.id, raw++));
    });

    // What each endpoint costs the whole system: commands FerretDB ran and NATS requests sent,
    // per request, less what the system does meanwhile on its own (measured over as long, idle).
    const services = (['gateway', 'identity', 'tasks', 'documents', 'notifications'] as const).map((s) =>
      system.serviceUrl(s),
    );
    const settle = async (): Promise<{ commands: number; requests: number }> => {
      let last = { commands: -1, requests: -1 };
      return eventually(
        async () => {
          await new Promise((resolve) => setTimeout(resolve, 500));
          const now = { commands: await commandsExecuted(rawDb), requests: await natsRequests(services) };
          const steady = now.commands === last.commands && now.requests === last.requests;
          last = now;
          if (!steady) {
            throw new Error('still working');
          }
          return now;
        },
        { timeoutMs: 30_000 },
      );
    };
    const N = 100;
    const cost = async (
      op: (i: number) => Promise<void>,
    ): Promise<{ commands: number; requests: number }> => {
      const before = await settle();
      const t = performance.now();
      for (let i = 0; i < N; i++) {
        await op(i);
      }
      const after = await settle();
      const idleBefore = await settle();
      await new Promise((resolve) => setTimeout(resolve, performance.now() - t));
      const idleAfter = await settle();
      return {
        commands: (after.commands - before.commands - (idleAfter.commands - idleBefore.commands)) / N,
        requests: (after.requests - before.requests - (idleAfter.requests - idleBefore.requests)) / N,
      };
    };
    const withAnna = (path: string) => (): Promise<void> =>
      fetch(`${gateway}${path}`, { headers: as(annaToken) }).then(expectOk);
    const endpoints: [string, (i: number) => Promise<void>][] = [
      ['POST /api/tasks (with the assignee’s notification)', createTask],
      ['GET /api/tasks/:id', (i) => getTask(large)(0, i)],
      ['GET /api/tasks?scope=assigned', inbox],
      ['GET /api/notifications', withAnna('/api/notifications?limit=20')],
      ['GET /api/me', withAnna('/api/me')],
      ['GET /api/users/:id', withAnna(`/api/users/${demoUser.anna.id}`)],
    ];
    const costs: string[] = [];
    for (const [name, op] of endpoints) {
      const c = await cost(op);
      costs.push(`| ${name} | ${fmt(Math.max(0, c.commands), 2)} | ${fmt(Math.max(0, c.requests), 2)} |`);
    }
    const dina = await fetch(`${gateway}/api/notifications?limit=1`, {
      headers: as(await login(gateway, demoUser.dina.email, DEMO_PASSWORD)),
    });
    const notified = ((await dina.json()) as NotificationPage).unreadCount;

    const r = (k: string): Stats => {
      const s = results[k];
      if (!s) {
        throw new Error(`missing ${k}`);
      }
      return s;
    };
    const ratio = (a: number, b: number): string => fmt(a / b, 2);
    const goal = (ok: boolean): string => (ok ? 'met' : '**missed**');
    const postRate = r('post-large').perSecond / r('post-small').perSecond;
    const postP99 = r('post-large').p99 / r('post-small').p99;
    const getRate = r('get-large').perSecond / r('get-small').perSecond;
    const getP99 = r('get-large').p99 / r('get-small').p99;
    const share = r('post-8').perSecond / r('raw-8').perSecond;
    const lines = [
      runLine('npm run bench'),
      `One run against the real system started by the bench; tasks stored directly into tasks' database between the stages (${stored.toLocaleString('en-US')} at the end, ${annas.toLocaleString('en-US')} of them open for Anna); latencies in ms.`,
      '',
      ...STATS_HEADER,
      row(`POST /api/tasks, 1 client, ${SMALL.toLocaleString('en-US')} stored`, r('post-small')),
      row(`POST /api/tasks, 1 client, ${LARGE.toLocaleString('en-US')} stored`, r('post-large')),
      row(`GET /api/tasks/:id (scoped), 1 client, ${SMALL.toLocaleString('en-US')} stored`, r('get-small')),
      row(`GET /api/tasks/:id (scoped), 1 client, ${LARGE.toLocaleString('en-US')} stored`, r('get-large')),
      row(
        `GET /api/tasks?scope=assigned (Anna: ${INBOX} open of ${LARGE.toLocaleString('en-US')}), 1 client`,
        r('inbox'),
      ),
      row('POST /api/tasks, 8 clients', r('post-8')),
      row('raw insertOne into the same FerretDB, 8 clients', r('raw-8')),
      row('raw insertOne into the same FerretDB, 1 client', r('raw-1')),
      '',
      '| goal | measured | |',
      '|---|---|---|',
      `| POST /api/tasks rate at ${LARGE.toLocaleString('en-US')} ≥ 0.8 × the rate at ${SMALL.toLocaleString('en-US')} | ${ratio(r('post-large').perSecond, r('post-small').perSecond)} | ${goal(postRate >= 0.8)} |`,
      `| POST /api/tasks p99 at ${LARGE.toLocaleString('en-US')} ≤ 1.5 × the p99 at ${SMALL.toLocaleString('en-US')} | ${fmt(postP99, 2)} | ${goal(postP99 <= 1.5)} |`,
      `| GET /api/tasks/:id rate at ${LARGE.toLocaleString('en-US')} ≥ 0.8 × the rate at ${SMALL.toLocaleString('en-US')} | ${fmt(getRate, 2)} | ${goal(getRate >= 0.8)} |`,
      `| GET /api/tasks/:id p99 at ${LARGE.toLocaleString('en-US')} ≤ 1.5 × the p99 at ${SMALL.toLocaleString('en-US')} | ${fmt(getP99, 2)} | ${goal(getP99 <= 1.5)} |`,
      `| inbox p99 ≤ 50 ms | ${fmt(r('inbox').p99, 1)} ms | ${goal(r('inbox').p99 <= 50)} |`,
      `| POST /api/tasks with 8 clients ≥ 25 % of raw insertOne (8 clients) | ${fmt(share * 100, 0)} % | ${goal(share >= 0.25)} |`,
      '',
      ...(share >= 0.25 ? [] : [EIGHT_CLIENTS_MISSED, '']),
      `Cost per request, system-wide (FerretDB's serverStatus command counts and the services' NATS request counts, ${N} requests each, less what the system did meanwhile on its own). Goal for POST /api/tasks: at most 4 database commands.`,
      '',
      '| endpoint | database commands | NATS requests |',
      '|---|---|---|',
      ...costs,
      '',
      `Every task created reached its assignee's inbox: Dina has ${notified.toLocaleString('en-US')} unread notifications.`,
    ];
    await writeSection('scale', 'Scale: cost against stored data, hops per request', lines);
  } finally {
    await mongo.close();
    await bench.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    `Benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
