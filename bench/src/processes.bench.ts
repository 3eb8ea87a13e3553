/**
 * Process engine benchmark (npm run bench:processes): what a process costs, on the embedded
 * FerretDB, measured in one run against the real system (NATS JetStream, FerretDB, the five
 * services as processes). Writes the figures to docs/BENCHMARKS.md (between the processes markers):
 * - single-step processes started and completed end to end through the gateway with 8 clients,
 *   against raw insertOne into the same FerretDB with 8 clients, same run;
 * - the database commands and NATS requests one such process causes, system-wide;
 * - an acknowledgement order to 5,000 recipients: from the request to every work item stored;
 * - the inbox (GET /api/inbox?view=mine) with 100,000 done and 1,000 open work items stored.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import mongoose from 'mongoose';
import type { Db } from 'mongodb';
import type { DocumentView, InstanceView, Page, WorkItemView } from '@orbita/contracts';
import { DEMO_COMPANY_ID, DEMO_OPERATIONS_ID, DEMO_PASSWORD, demoUser } from '@orbita/demo';
import { repoRoot } from '@orbita/infra';
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

const RECIPIENTS = Number(process.env['BENCH_RECIPIENTS'] ?? 5_000);
const DONE_ITEMS = Number(process.env['BENCH_DONE_ITEMS'] ?? 100_000);
const OPEN_ITEMS = 1_000;
const BATCH = 1_000;
const COST_N = 50;
const NO_DUE = new Date('2286-11-20T00:00:00.000Z');
const ids = new UlidGenerator();
const name = (ru: string, en: string): { ru: string; en: string } => ({ ru, en });

/** Why the goals are missed on this machine (measured: per-process CPU, commands, the services' logs). */
const MISSED = [
  "**Why goals are missed.** Single-step processes: the machine is CPU bound (2 cores, shared with other runs), and one process costs about 300–400 ms of CPU against about 4–6 ms for a raw insert: FerretDB about 100–130 ms for about 20 commands (the instance written three times, each write followed by the relay clearing its outbox, the work item inserted, completed and its outbox cleared, four system entries of the feed, each event handler loading the instance again), tasks about 80–100 ms, the gateway about 70–80 ms, NATS about 20 ms. The 8-client rate is therefore about 1 % of raw insertOne (goal 5 %, missed about 4–5 ×), p99 about 4–8 × the goal, and the commands about 2.5 × the goal of 8. Getting there means fewer writes per transition (the feed written in the transition itself, the outbox cleared by the next write instead of its own, the work item set in the same use case as the transition), which ADR 016's design allows but this change does not do yet.",
  '',
  "**The acknowledgement order to 5,000** meets the goal since `identity.directory.members` pages by id (2,000 people a reply, well within NATS's 1 MB): its first run found one reply for 5,000 (1.6 MB) over the limit, so the order never started. The request answers once the recipients are resolved and written into the instance (about 2.6 s); the work items follow from the step's event in batches of 500.",
  '',
  '**Inbox**: the sort is pushed into SQL (above), so the read stays index-served at 101,000 stored; the p99 is within a few ms of the goal and moves with the load of other runs on the machine (p50 about 20 ms). Before this run it was not: undated items sorted with 9999-12-31, a 15-digit millisecond time, so FerretDB (ADR 010) sorted every open item of the person in Go (about 550 ms with 1,000 open); NO_DUE is now 2286-11-20.',
];

/** One step: the requester handles it (so each client completes its own work). */
const SINGLE_STEP = {
  key: 'bench-single-step',
  name: name('Заявка из одного шага', 'Single-step request'),
  category: 'bench',
  starters: { staff: true },
  title: { cat: ['Бенчмарк: ', { var: 'form.subject' }] },
  startForm: {
    schema: {
      type: 'object',
      required: ['subject'],
      properties: { subject: { type: 'string', minLength: 1, maxLength: 200 } },
    },
  },
  steps: [
    {
      id: 'handle',
      type: 'userTask',
      name: name('Обработать', 'Handle'),
      assignee: { rule: 'requester' },
      next: 'end',
    },
  ],
};

/** An order every dispatcher of the company acknowledges. */
const ORDER = {
  key: 'bench-order',
  name: name('Приказ всем диспетчерам', 'Order to every dispatcher'),
  category: 'bench',
  starters: { staff: true },
  title: { cat: ['Приказ: ', { var: 'form.subject' }] },
  startForm: {
    schema: {
      type: 'object',
      required: ['subject', 'documentId'],
      properties: {
        subject: { type: 'string', minLength: 1, maxLength: 200 },
        documentId: { type: 'string', minLength: 1, maxLength: 64 },
      },
    },
  },
  steps: [
    {
      id: 'acknowledge',
      type: 'acknowledgement',
      name: name('Ознакомиться с приказом', 'Acknowledge the order'),
      recipients: [{ rule: 'members', org: 'company', roleId: 'dispatcher' }],
      document: { from: 'form', field: 'documentId' },
      wait: 'all',
      next: 'end',
    },
  ],
};

/** A dispatcher as identity stores people (seeded directly: the directory reads these fields). */
function storedUser(n: number): Record<string, unknown> {
  const now = new Date();
  return {
    _id: ids.newId(),
    orgId: DEMO_OPERATIONS_ID,
    orgPath: [DEMO_COMPANY_ID, DEMO_OPERATIONS_ID],
    email: `bench-dispatcher-${n}@ecotrans.example`,
    displayName: `Диспетчер ${n}`,
    passwordHash: null,
    seat: 'full',
    external: false,
    roleAssignments: [{ roleId: 'dispatcher', orgId: DEMO_OPERATIONS_ID }],
    accessVersion: 0,
    status: 'active',
    locale: 'ru',
    invitationExpiresAt: null,
    passwordChangedAt: null,
    deactivatedAt: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** A work item as the engine stores it (task.schema.ts), open or done, for `assigneeId`. */
function storedItem(assigneeId: string, n: number, status: 'open' | 'done'): Record<string, unknown> {
  const now = new Date();
  const runId = ids.newId();
  // Some dated (overdue or due soon), most undated, as an inbox holds them.
  const dueAt = n % 5 === 0 ? new Date(now.getTime() + ((n % 20) - 10) * 86_400_000) : null;
  return {
    _id: ids.newId(),
    kind: 'userTask',
    orgId: DEMO_OPERATIONS_ID,
    orgPath: [DEMO_COMPANY_ID, DEMO_OPERATIONS_ID],
    title: `Обработать: seeded request ${n}`,
    description: null,
    status,
    assigneeId,
    candidateIds: [],
    createdBy: demoUser.ivan.id,
    participants: [assigneeId],
    dueAt,
    dueSort: dueAt ?? NO_DUE,
    instanceId: ids.newId(),
    instanceNumber: `BENCH-${n}`,
    runId,
    runKey: `${runId}:${assigneeId}`,
    stepId: 'handle',
    stepName: name('Обработать', 'Handle'),
    templateKey: 'example-simple',
    templateVersion: 1,
    clientOrgId: null,
    party: 'company',
    outcomes: [{ id: 'done', name: name('Выполнено', 'Done'), requireComment: false }],
    returnTo: [],
    document: null,
    outcome: status === 'done' ? 'done' : null,
    comment: null,
    data: null,
    completedBy: status === 'done' ? assigneeId : null,
    completedAt: status === 'done' ? now : null,
    revision: status === 'done' ? 1 : 0,
    createdAt: now,
    updatedAt: now,
  };
}

async function seedItems(db: Db, count: number, make: (n: number) => Record<string, unknown>): Promise<void> {
  for (let start = 0; start < count; start += BATCH) {
    const docs = Array.from({ length: Math.min(BATCH, count - start) }, (_, i) => make(start + i));
    await db.collection('tasks').insertMany(docs, { ordered: false });
  }
}

/** Every process the bench started (its pid files: infrastructure and services), by name. */
function benchProcesses(dir: string): Map<string, number> {
  const found = new Map<string, number>();
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) {
        walk(path);
      } else if (entry.name.endsWith('.pid')) {
        const pid = Number(readFileSync(path, 'utf8').split('\n')[0]);
        if (Number.isInteger(pid) && pid > 0) {
          found.set(entry.name.slice(0, -'.pid'.length), pid);
        }
      }
    }
  };
  walk(dir);
  return found;
}

/** CPU time (ms) of each named process with its descendants, from /proc (Linux). */
function cpuMs(roots: Map<string, number>): Map<string, number> {
  const ticks = new Map<number, { ppid: number; cpu: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // After the name: state(3) ppid(4) … utime(14) stime(15), counted from field 3.
      ticks.set(Number(entry), { ppid: Number(fields[1]), cpu: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process ended meanwhile.
    }
  }
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of ticks) {
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const total = (pid: number): number =>
    (ticks.get(pid)?.cpu ?? 0) + (children.get(pid) ?? []).reduce((sum, c) => sum + total(c), 0);
  const result = new Map<string, number>();
  for (const [processName, pid] of roots) {
    result.set(processName, total(pid) * 10); // USER_HZ is 100 on Linux
  }
  return result;
}

async function main(): Promise<void> {
  // The relay's sweep is the crash backstop; the bench does not crash, and the sweep's reads would
  // blur the command counts.
  const bench = await startBenchSystem('processes', {}, { OUTBOX_SWEEP_MS: '600000' });
  const { system } = bench;
  const mongo = await mongoose.createConnection(system.infra.mongoUrl).asPromise();
  try {
    const client = mongo.getClient();
    const tasksDb = client.db(system.database('tasks'));
    const identityDb = client.db(system.database('identity'));
    const rawDb = client.db(`${system.id}_raw`);
    const gateway = system.gatewayUrl;
    const [adminToken, ivanToken, dinaToken] = await Promise.all([
      login(gateway, demoUser.admin.email, DEMO_PASSWORD),
      login(gateway, demoUser.ivan.email, DEMO_PASSWORD),
      login(gateway, demoUser.dina.email, DEMO_PASSWORD),
    ]);
    const as = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
    const call = async <T>(token: string, method: string, path: string, body?: unknown): Promise<T> => {
      const response = await fetch(`${gateway}${path}`, {
        method,
        ...(body === undefined
          ? { headers: { authorization: `Bearer ${token}` } }
          : { headers: as(token), body: JSON.stringify(body) }),
      });
      if (!response.ok) {
        throw new Error(`${method} ${path}: HTTP ${response.status}: ${await response.text()}`);
      }
      return (await response.json()) as T;
    };
    const publishTemplate = async (definition: { key: string }): Promise<void> => {
      const uploaded = await call<{ version: number }>(adminToken, 'POST', '/api/process-templates', {
        text: JSON.stringify(definition),
        format: 'json',
      });
      await call(
        adminToken,
        'POST',
        `/api/process-templates/${definition.key}/versions/${uploaded.version}/publish`,
      );
    };
    const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
    const startRequest = async (token: string, templateKey: string, form: unknown): Promise<InstanceView> => {
      const response = await fetch(`${gateway}/api/requests`, {
        method: 'POST',
        headers: { ...as(token), 'idempotency-key': randomUUID() },
        body: JSON.stringify({ templateKey, form }),
      });
      if (response.status !== 201) {
        throw new Error(`POST /api/requests: HTTP ${response.status}: ${await response.text()}`);
      }
      return (await response.json()) as InstanceView;
    };

    await publishTemplate(SINGLE_STEP);
    await publishTemplate(ORDER);

    /** One single-step process, from the request to its end: start, the work item, complete, completed. */
    const singleStep = async (): Promise<void> => {
      const started = await startRequest(ivanToken, SINGLE_STEP.key, { subject: 'Benchmark' });
      let item: WorkItemView | undefined;
      for (let tries = 0; !item; tries++) {
        const inbox = await call<Page<WorkItemView>>(
          ivanToken,
          'GET',
          `/api/inbox?view=mine&templateKey=${SINGLE_STEP.key}&limit=100`,
        );
        item = inbox.items.find((t) => t.instanceId === started.id);
        if (!item) {
          if (tries > 2_000) {
            throw new Error(`No work item for ${started.id}`);
          }
          await sleep(2);
        }
      }
      await call(ivanToken, 'POST', `/api/work-items/${item.id}/complete`, {
        outcome: 'done',
        revision: item.revision,
      });
      for (let tries = 0; ; tries++) {
        const now = await call<InstanceView>(ivanToken, 'GET', `/api/requests/${started.id}`);
        if (now.status === 'completed') {
          return;
        }
        if (tries > 2_000) {
          throw new Error(`${started.id} is still ${now.status}`);
        }
        await sleep(2);
      }
    };

    // A few first, so every cache (templates, people, org directory) is warm before measuring.
    for (let i = 0; i < 3; i++) {
      await singleStep();
    }

    const results: Record<string, Stats> = {};
    const r = (k: string): Stats => {
      const s = results[k];
      if (!s) {
        throw new Error(`missing ${k}`);
      }
      return s;
    };
    let raw = 0;
    results['raw-8'] = await load(8, async () => {
      await rawDb.collection('tasks').insertOne(storedItem(demoUser.dina.id, raw++, 'open'));
    });
    const processes = benchProcesses(join(repoRoot, '.data', 'bench-processes'));
    const cpuBefore = cpuMs(processes);
    const selfBefore = process.cpuUsage();
    results['process-8'] = await load(8, singleStep);
    const self = process.cpuUsage(selfBefore);
    const cpuAfter = cpuMs(processes);
    const cpuPerInstance = [...processes.keys()]
      .map((p): [string, number] => [
        p,
        ((cpuAfter.get(p) ?? 0) - (cpuBefore.get(p) ?? 0)) / r('process-8').count,
      ])
      .concat([['the benchmark (its HTTP clients)', (self.user + self.system) / 1000 / r('process-8').count]])
      .filter(([, ms]) => ms >= 0.05)
      .sort((a, b) => b[1] - a[1]);
    const cpuTotal = cpuPerInstance.reduce((sum, [, ms]) => sum + ms, 0);

    // What one process costs the whole system: commands FerretDB ran and NATS requests sent, less
    // what the system does meanwhile on its own (measured over as long, idle).
    const services = (['gateway', 'identity', 'tasks', 'documents', 'notifications'] as const).map((s) =>
      system.serviceUrl(s),
    );
    const settle = async (): Promise<{ commands: number; requests: number }> => {
      let last = { commands: -1, requests: -1 };
      return eventually(
        async () => {
          await sleep(500);
          const now = { commands: await commandsExecuted(rawDb), requests: await natsRequests(services) };
          const steady = now.commands === last.commands && now.requests === last.requests;
          last = now;
          if (!steady) {
            throw new Error('still working');
          }
          return now;
        },
        { timeoutMs: 60_000 },
      );
    };
    const before = await settle();
    const t = performance.now();
    for (let i = 0; i < COST_N; i++) {
      await singleStep();
    }
    const after = await settle();
    const idleBefore = await settle();
    await sleep(performance.now() - t);
    const idleAfter = await settle();
    // The client's own polls (inbox, request) are counted too: say how many it sent.
    const perInstance = {
      commands: (after.commands - before.commands - (idleAfter.commands - idleBefore.commands)) / COST_N,
      requests: (after.requests - before.requests - (idleAfter.requests - idleBefore.requests)) / COST_N,
    };
    // The same, without the client's polling: the fixed calls of a process (start, one inbox
    // read, complete, one read of the request) after each step had time to settle.
    const quietBefore = await settle();
    for (let i = 0; i < 10; i++) {
      const started = await startRequest(ivanToken, SINGLE_STEP.key, { subject: 'Quiet' });
      await sleep(300);
      const inbox = await call<Page<WorkItemView>>(
        ivanToken,
        'GET',
        `/api/inbox?view=mine&templateKey=${SINGLE_STEP.key}&limit=100`,
      );
      const item = inbox.items.find((w) => w.instanceId === started.id);
      if (!item) {
        throw new Error(`No work item for ${started.id} after 300 ms`);
      }
      await call(ivanToken, 'POST', `/api/work-items/${item.id}/complete`, {
        outcome: 'done',
        revision: item.revision,
      });
      await sleep(300);
      const ended = await call<InstanceView>(ivanToken, 'GET', `/api/requests/${started.id}`);
      if (ended.status !== 'completed') {
        throw new Error(`${started.id} is still ${ended.status} after 300 ms`);
      }
    }
    const quietAfter = await settle();
    const quiet = {
      commands: (quietAfter.commands - quietBefore.commands) / 10,
      requests: (quietAfter.requests - quietBefore.requests) / 10,
    };
    // What the four API calls alone cost (the reads a client makes in any case), to tell the engine's part.
    const sample = await startRequest(ivanToken, SINGLE_STEP.key, { subject: 'Reads' });
    const readsStart = await settle();
    for (let i = 0; i < 10; i++) {
      await call(ivanToken, 'GET', `/api/inbox?view=mine&templateKey=${SINGLE_STEP.key}&limit=100`);
      await call(ivanToken, 'GET', `/api/requests/${sample.id}`);
    }
    const readsEnd = await settle();
    const reads = {
      commands: (readsEnd.commands - readsStart.commands) / 10,
      requests: (readsEnd.requests - readsStart.requests) / 10,
    };

    // An acknowledgement order to RECIPIENTS dispatchers, seeded directly into identity's people.
    const dispatchers = await identityDb.collection('users').countDocuments({
      'roleAssignments.roleId': 'dispatcher',
      status: 'active',
    });
    const toSeed = Math.max(0, RECIPIENTS - dispatchers);
    out(`Seeding ${toSeed} dispatchers (${dispatchers} there already)…`);
    for (let start = 0; start < toSeed; start += BATCH) {
      const docs = Array.from({ length: Math.min(BATCH, toSeed - start) }, (_, i) => storedUser(start + i));
      await identityDb.collection('users').insertMany(docs, { ordered: false });
    }
    const document = await call<DocumentView>(adminToken, 'POST', '/api/documents', {
      title: 'Приказ о порядке вывоза',
      type: 'order',
      counterpartyOrgId: DEMO_COMPANY_ID,
    });
    const pdf = new TextEncoder().encode('%PDF-1.4\n% Приказ, редакция 1\n%%EOF\n');
    const uploaded = await fetch(
      `${gateway}/api/documents/${document.id}/versions?name=${encodeURIComponent('Приказ.pdf')}`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/octet-stream' },
        body: pdf,
      },
    );
    await expectOk(uploaded);
    await call(adminToken, 'POST', `/api/documents/${document.id}/publish`, {});
    await settle();
    const orderStarted = performance.now();
    // The engine resolves the recipients before it answers: the gateway may give up first (504),
    // while tasks goes on; the instance is then found in tasks' database.
    const answer = await fetch(`${gateway}/api/requests`, {
      method: 'POST',
      headers: { ...as(adminToken), 'idempotency-key': randomUUID() },
      body: JSON.stringify({
        templateKey: ORDER.key,
        form: { subject: 'Порядок вывоза', documentId: document.id },
      }),
    });
    const answeredMs = performance.now() - orderStarted;
    const answeredStatus = answer.status;
    let order: { id: string; runId: string } | undefined;
    if (answer.status === 201) {
      const view = (await answer.json()) as InstanceView;
      order = { id: view.id, runId: view.current[0]?.runId ?? '' };
    } else {
      out(`POST /api/requests (order): HTTP ${answer.status}: ${await answer.text()}`);
    }
    for (let waited = 0; !order?.runId && waited < 60_000; waited = performance.now() - orderStarted) {
      const instance = await tasksDb
        .collection('process_instances')
        .findOne({ templateKey: ORDER.key }, { projection: { current: 1 } });
      const run = (instance?.['current'] as { runId?: string }[] | undefined)?.[0]?.runId;
      if (instance && run) {
        order = { id: String(instance['_id']), runId: run };
      } else {
        await sleep(50);
      }
    }
    let storedMs = Number.POSITIVE_INFINITY;
    let publishedMs = 0;
    let stored = 0;
    if (!order?.runId) {
      out('The order was not stored within 60 s; the services logged:');
      for (const service of ['tasks', 'identity'] as const) {
        out(
          system
            .log(service)
            .split('\n')
            .filter((l) => /warn|error|fail/i.test(l))
            .slice(-10)
            .join('\n'),
        );
      }
    }
    for (const runId = order?.runId ?? ''; runId;) {
      if (!publishedMs) {
        const instance = await tasksDb
          .collection('process_instances')
          .findOne({ _id: (order?.id ?? '') as never }, { projection: { outbox: 1 } });
        if (instance && !(instance['outbox'] as unknown[] | undefined)?.length) {
          publishedMs = performance.now() - orderStarted;
        }
      }
      stored = await tasksDb.collection('tasks').countDocuments({ runId, status: 'open' });
      if (stored >= RECIPIENTS && publishedMs) {
        storedMs = performance.now() - orderStarted;
        break;
      }
      if (performance.now() - orderStarted > 120_000) {
        break;
      }
      await sleep(20);
    }
    out(`Order: answered in ${fmt(answeredMs, 0)} ms, ${stored} items in ${fmt(storedMs, 0)} ms`);

    // The inbox with DONE_ITEMS done (among four people, the measured one included) and
    // OPEN_ITEMS open for Dina.
    out(`Seeding ${DONE_ITEMS} done and ${OPEN_ITEMS} open work items…`);
    const people = [demoUser.dina.id, demoUser.boris.id, demoUser.ivan.id, demoUser.anna.id];
    await seedItems(tasksDb, DONE_ITEMS, (n) => storedItem(people[n % people.length] ?? '', n, 'done'));
    await seedItems(tasksDb, OPEN_ITEMS, (n) => storedItem(demoUser.dina.id, n, 'open'));
    const dinaOpen = await tasksDb
      .collection('tasks')
      .countDocuments({ assigneeId: demoUser.dina.id, status: 'open' });
    const dinaAll = await tasksDb.collection('tasks').countDocuments({ assigneeId: demoUser.dina.id });
    const allItems = await tasksDb.collection('tasks').countDocuments();
    const explained = await tasksDb.command({
      explain: {
        find: 'tasks',
        filter: { assigneeId: demoUser.dina.id, status: 'open' },
        sort: { dueSort: 1, _id: 1 },
        limit: 21,
      },
    });
    const pushdown = ['filterPushdown', 'sortPushdown', 'limitPushdown']
      .map((k) => `${k}: ${String(explained[k])}`)
      .join(', ');
    results['inbox'] = await load(1, () =>
      fetch(`${gateway}/api/inbox?view=mine&limit=20`, { headers: as(dinaToken) }).then(expectOk),
    );

    const goal = (ok: boolean): string => (ok ? 'met' : '**missed**');
    const n = (v: number): string => v.toLocaleString('en-US');
    const share = r('process-8').perSecond / r('raw-8').perSecond;
    const p99 = r('process-8').p99;
    const orderSeconds = storedMs / 1000;
    const lines = [
      runLine('npm run bench:processes'),
      `One run against the real system started by the bench, the relay's sweep off (OUTBOX_SWEEP_MS=600000); templates uploaded and published by the admin through the gateway; latencies in ms.`,
      '',
      ...STATS_HEADER,
      row('single-step process, start → completed (8 clients, Ivan)', r('process-8')),
      row('raw insertOne into the same FerretDB, 8 clients', r('raw-8')),
      row(
        `GET /api/inbox?view=mine&limit=20 (Dina: ${n(dinaOpen)} open of ${n(dinaAll)} hers, ${n(allItems)} stored), 1 client`,
        r('inbox'),
      ),
      '',
      'A single-step process is, per client: POST /api/requests (with an Idempotency-Key), GET /api/inbox until the work item is there (2 ms between polls), POST /api/work-items/:id/complete, GET /api/requests/:id until it is completed.',
      '',
      '| goal | measured | |',
      '|---|---|---|',
      `| single-step processes with 8 clients ≥ 5 % of raw insertOne (8 clients) | ${fmt(r('process-8').perSecond, 1)} per second, ${fmt(share * 100, 1)} % | ${goal(share >= 0.05)} |`,
      `| single-step process p99 (start → completed) ≤ 350 ms | ${fmt(p99, 0)} ms | ${goal(p99 <= 350)} |`,
      `| database commands per process ≤ 8 (system-wide, with the relay's and the client's polls) | ${fmt(perInstance.commands, 1)} | ${goal(perInstance.commands <= 8)} |`,
      `| acknowledgement order to ${n(RECIPIENTS)}: every work item stored and step.started published ≤ 10 s | ${Number.isFinite(orderSeconds) ? `${fmt(orderSeconds, 2)} s` : `not done: ${n(stored)} items after 120 s`} | ${goal(orderSeconds <= 10)} |`,
      `| inbox p99 ≤ 50 ms (${n(DONE_ITEMS)} done, ${n(OPEN_ITEMS)} open) | ${fmt(r('inbox').p99, 1)} ms | ${goal(r('inbox').p99 <= 50)} |`,
      '',
      `Cost per single-step process, system-wide (FerretDB's serverStatus command counts and the services' NATS request counts, ${COST_N} processes one after another, less what the system did meanwhile on its own):`,
      '',
      '| measured as | database commands | NATS requests |',
      '|---|---|---|',
      `| as the 8 clients run it (polling every 2 ms) | ${fmt(perInstance.commands, 1)} | ${fmt(perInstance.requests, 1)} |`,
      `| without polling (each call after 300 ms: start, one inbox read, complete, one read of the request) | ${fmt(quiet.commands, 1)} | ${fmt(quiet.requests, 1)} |`,
      `| of which the two reads (GET /api/inbox, GET /api/requests/:id) | ${fmt(reads.commands, 1)} | ${fmt(reads.requests, 1)} |`,
      '',
      `CPU per single-step process during the 8-client run (utime + stime from /proc, with children; ${fmt(cpuTotal, 1)} ms in all, against ${fmt(1000 / r('process-8').perSecond, 1)} ms of wall time per process on 2 cores, i.e. ${fmt((2 * 1000) / r('process-8').perSecond, 1)} ms of CPU available):`,
      '',
      '| process | CPU ms per process |',
      '|---|---|',
      ...cpuPerInstance.map(([p, ms]) => `| ${p} | ${fmt(ms, 2)} |`),
      '',
      ...MISSED,
      '',
      `FerretDB's explain of the inbox query (find({assigneeId, status: 'open'}).sort({dueSort: 1, _id: 1}).limit(21)): ${pushdown}.`,
      '',
      `Acknowledgement order: ${n(RECIPIENTS)} active dispatchers (${n(toSeed)} seeded directly into identity's users, ${n(dispatchers)} of the demo), template rule \`{ rule: members, org: company, roleId: dispatcher }\`, a published document; POST /api/requests answered HTTP ${answeredStatus} after ${fmt(answeredMs, 0)} ms (the engine resolves the recipients and writes them into the instance before answering); ${order ? `step.started published (the instance's outbox empty) at ${fmt(publishedMs / 1000, 2)} s, ${n(stored)} work items stored ${Number.isFinite(orderSeconds) ? `at ${fmt(orderSeconds, 2)} s` : 'after 120 s'}` : 'no instance was stored within 60 s'}.`,
    ];
    await writeSection('processes', 'Processes: the engine end to end', lines);
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
