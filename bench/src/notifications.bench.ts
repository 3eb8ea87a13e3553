/**
 * Notifications benchmark (npm run bench:notifications): the live inbox on the real system (NATS
 * JetStream, FerretDB, the five services as processes), measured in one run. Writes the figures to
 * docs/BENCHMARKS.md (between the notifications markers):
 * - event → browser: a `tasks.task.created` event published into JetStream at 50 a second, each
 *   for one of 200 signed-in people with an open Server-Sent Events stream each, until the
 *   notification reaches that person's stream (notifications stores it, pushes it on NATS, the
 *   gateway writes it out); p50 and p99 over BENCH_SECONDS, after BENCH_WARMUP_SECONDS at the same rate;
 * - an acknowledgement order to 5,000 people (`tasks.step.started`): until every notification is
 *   stored and pushed;
 * - the gateway's resident memory per open SSE connection (1,000 connections against 200).
 * BENCH_TRACE=<file> also writes each event's publish time and latency as CSV.
 */
import { writeFileSync } from 'node:fs';
import type { NatsConnection } from 'nats';
import type { EventContract, EventEnvelope } from '@orbita/contracts';
import { IdentityEvents, LIVE_SUBJECT_PREFIX, ProcessEvents, TasksEvents } from '@orbita/contracts';
import { DEMO_COMPANY_ID, DEMO_OPERATIONS_ID, DEMO_PASSWORD, demoUser } from '@orbita/demo';
import { UlidGenerator } from '@orbita/platform';
import { SseStream, eventually, login } from '@orbita/testing';
import {
  SECONDS,
  STATS_HEADER,
  fmt,
  out,
  row,
  runLine,
  startBenchSystem,
  stats,
  writeSection,
} from './measure';

const USERS = Number(process.env['BENCH_USERS'] ?? 200);
const RATE = Number(process.env['BENCH_EVENTS_PER_SECOND'] ?? 50);
const RECIPIENTS = Number(process.env['BENCH_RECIPIENTS'] ?? 5_000);
/**
 * Events at the same rate before the measured ones, not counted: the first seconds after start
 * are those of cold code and caches (the JIT, the mail templates, the people read once), which a
 * running installation has long left behind.
 */
const WARMUP_SECONDS = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 10);
/** Connections per person for the memory figure (the gateway's default cap is 5). */
const PER_USER = 5;
const ids = new UlidGenerator();

function envelope<D>(
  contract: EventContract,
  subject: { type: string; id: string },
  data: D,
): EventEnvelope<D> {
  return {
    id: ids.newId(),
    type: contract.type,
    version: contract.version,
    occurredAt: new Date().toISOString(),
    correlationId: ids.newId(),
    causationId: null,
    actor: null,
    orgId: DEMO_OPERATIONS_ID,
    subject,
    data,
  };
}

async function publish(nc: NatsConnection, contract: EventContract, event: EventEnvelope): Promise<void> {
  await nc.jetstream().publish(contract.subject, JSON.stringify(event), { msgID: event.id });
}

async function gatewayRss(gatewayUrl: string): Promise<number> {
  const text = await (await fetch(`${gatewayUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('process_resident_memory_bytes '));
  return Number(line?.split(' ')[1] ?? NaN);
}

async function main(): Promise<void> {
  const bench = await startBenchSystem('notifications');
  const { system } = bench;
  const streams: SseStream[] = [];
  try {
    const nc = await system.connectNats();
    const conn = await system.connectDatabase('identity');
    const identityDb = conn.db;
    if (!identityDb) {
      throw new Error('No identity database');
    }
    // People who can sign in: copies of Dina with her password, so each has a session of their own.
    const dina = await identityDb.collection('users').findOne({ _id: demoUser.dina.id as never });
    if (!dina) {
      throw new Error('The demo data has no Dina');
    }
    const people = Array.from({ length: USERS }, (_, n) => ({
      ...dina,
      _id: ids.newId() as never,
      email: `bench-live-${n}@ecotrans.example`,
      displayName: `Получатель ${n}`,
      roleAssignments: [],
    }));
    await identityDb.collection('users').insertMany(people, { ordered: false });
    out(`Signing in ${USERS} people…`);
    const tokens: string[] = [];
    for (const person of people) {
      tokens.push(await login(system.gatewayUrl, person.email, DEMO_PASSWORD));
    }
    const rssBefore = await gatewayRss(system.gatewayUrl);

    // One stream per person; latencies by the id of the task the event created.
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    /** Each event's publish time (ms since the first) and latency, for BENCH_TRACE. */
    const trace: [number, number][] = [];
    for (const [n, token] of tokens.entries()) {
      const stream = await SseStream.open(system.gatewayUrl, token);
      stream.onEvent((event) => {
        if (event.event !== 'notification') {
          return;
        }
        const { notification } = JSON.parse(event.data) as { notification: { subject: { id: string } } };
        const sent = sentAt.get(notification.subject.id);
        if (sent !== undefined) {
          latencies.push(performance.now() - sent);
          trace.push([sent, performance.now() - sent]);
        }
      });
      streams.push(stream);
      if (!stream.response.ok) {
        throw new Error(`Stream ${n} refused: HTTP ${stream.response.status}`);
      }
    }
    await eventually(() => {
      if (!streams.every((s) => s.events.some((e) => e.event === 'ready'))) {
        throw new Error('Streams not ready');
      }
    });
    const rss200 = await gatewayRss(system.gatewayUrl);

    // As identity would have told notifications when these people became active (the benchmark wrote
    // them into identity's database directly): the people copy knows them before the load starts.
    for (const person of people) {
      const userId = String(person._id);
      await publish(
        nc,
        IdentityEvents.userActivated,
        envelope(
          IdentityEvents.userActivated,
          { type: 'user', id: userId },
          {
            userId,
            orgId: String(dina['orgId']),
            seat: 'full',
          },
        ),
      );
    }
    const notificationsDb = await system.connectDatabase('notifications');
    await eventually(
      async () => {
        const known = await notificationsDb
          .collection('people')
          .countDocuments({ _id: { $in: people.map((p) => p._id) } });
        if (known < USERS) {
          throw new Error(`notifications knows ${known} of ${USERS}`);
        }
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    await notificationsDb.close();

    out(
      `Publishing ${RATE} events a second for ${WARMUP_SECONDS} s (warm-up) and ${SECONDS} s (measured) to ${USERS} connected people…`,
    );
    const warmUp = RATE * WARMUP_SECONDS;
    const total = RATE * SECONDS;
    const warmUpStarted = performance.now();
    const started = warmUpStarted + WARMUP_SECONDS * 1000;
    for (let i = 0; i < warmUp + total; i++) {
      const due = warmUpStarted + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) {
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
      const taskId = ids.newId();
      const assigneeId = String(people[i % USERS]?._id);
      if (i >= warmUp) {
        sentAt.set(taskId, performance.now());
      }
      await publish(
        nc,
        TasksEvents.taskCreated,
        envelope(
          TasksEvents.taskCreated,
          { type: 'task', id: taskId },
          {
            taskId,
            title: `Задача ${i}`,
            assigneeId,
            createdBy: demoUser.ivan.id,
            dueAt: null,
          },
        ),
      );
    }
    const publishedMs = performance.now() - started;
    await eventually(
      () => {
        if (latencies.length < total) {
          throw new Error(`${latencies.length} of ${total} arrived`);
        }
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    ).catch(() => undefined);
    const live = stats(latencies, publishedMs);
    const traceFile = process.env['BENCH_TRACE'];
    if (traceFile) {
      // For profiling the tail: when in the run the slow ones were published.
      const lines = trace
        .sort((a, b) => a[0] - b[0])
        .map(([at, ms]) => `${Math.round(at - started)},${ms.toFixed(1)}`);
      writeFileSync(traceFile, `publishedMs,latencyMs\n${lines.join('\n')}\n`);
    }

    // Memory: four more connections for each person (1,000 in all).
    for (const token of tokens) {
      for (let k = 1; k < PER_USER; k++) {
        streams.push(await SseStream.open(system.gatewayUrl, token));
      }
    }
    await eventually(() => {
      if (!streams.every((s) => s.events.some((e) => e.event === 'ready'))) {
        throw new Error('Streams not ready');
      }
    });
    const rssAll = await gatewayRss(system.gatewayUrl);
    const perConnection = (rssAll - rss200) / (streams.length - USERS);

    // An acknowledgement order to RECIPIENTS people: the card first (its start), then the step.
    out(`An acknowledgement order to ${RECIPIENTS} people…`);
    const instanceId = ids.newId();
    const recipients = Array.from({ length: RECIPIENTS }, () => ids.newId());
    let pushed = 0;
    const sub = nc.subscribe(`${LIVE_SUBJECT_PREFIX}.>`);
    void (async () => {
      for await (const msg of sub) {
        if (msg.string().includes(instanceId)) {
          pushed++;
        }
      }
    })();
    const instanceSubject = { type: 'process-instance', id: instanceId };
    const base = { instanceId, templateKey: 'bench-order', templateVersion: 1, revision: 1 };
    const orderStart = performance.now();
    await publish(
      nc,
      ProcessEvents.instanceStarted,
      envelope(ProcessEvents.instanceStarted, instanceSubject, {
        ...base,
        number: 'Б-1',
        title: 'Приказ о порядке вывоза',
        requesterId: demoUser.admin.id,
        requesterOrgId: DEMO_COMPANY_ID,
        clientOrgId: null,
        form: {},
      }),
    );
    await publish(
      nc,
      ProcessEvents.stepStarted,
      envelope(ProcessEvents.stepStarted, instanceSubject, {
        ...base,
        runId: ids.newId(),
        stepId: 'acknowledge',
        stepType: 'acknowledgement',
        party: 'company',
        assigneeIds: recipients,
        candidateIds: [],
        dueAt: null,
        document: { documentId: ids.newId(), version: 1, sha256: '0'.repeat(64), title: 'Приказ' },
      }),
    );
    const notificationsConn = await system.connectDatabase('notifications');
    let stored = 0;
    const fanOut = await eventually(
      async () => {
        stored = await notificationsConn.collection('notifications').countDocuments({
          'subject.id': instanceId,
        });
        if (stored < RECIPIENTS || pushed < RECIPIENTS) {
          throw new Error(`${stored} stored, ${pushed} pushed`);
        }
        return (performance.now() - orderStart) / 1000;
      },
      { timeoutMs: 120_000, intervalMs: 200 },
    ).catch(() => Number.POSITIVE_INFINITY);
    sub.unsubscribe();
    await notificationsConn.close();
    await conn.close();
    await nc.close();

    const goal = (met: boolean): string => (met ? 'met' : '**missed**');
    const lines = [
      runLine('npm run bench:notifications'),
      '',
      ...STATS_HEADER,
      row(`event → browser (SSE), ${USERS} connected, ${RATE} events/s, ms`, live),
      '',
      '| goal | measured | |',
      '|---|---|---|',
      `| event → browser p99 ≤ 200 ms | ${fmt(live.p99, 1)} ms (p50 ${fmt(live.p50, 1)} ms, ${live.count} of ${total} arrived) | ${goal(live.p99 <= 200 && live.count === total)} |`,
      `| acknowledgement order to ${RECIPIENTS}: all stored and pushed ≤ 15 s | ${Number.isFinite(fanOut) ? `${fmt(fanOut, 2)} s` : `not done after 120 s: ${stored} stored, ${pushed} pushed`} | ${goal(fanOut <= 15)} |`,
      `| gateway memory per open SSE connection | ${fmt(perConnection / 1024, 1)} KiB (resident: ${fmt(rssBefore / 2 ** 20, 0)} MiB before any stream, ${fmt(rss200 / 2 ** 20, 0)} MiB with ${USERS}, ${fmt(rssAll / 2 ** 20, 0)} MiB with ${streams.length}) | no goal set |`,
      '',
      `The events are published into JetStream as the tasks service would (\`tasks.task.created\`, each for one of ${USERS} people signed in with a stream each); the latency runs from the publish until the notification is read from that person's stream, measured over ${SECONDS} s after ${WARMUP_SECONDS} s of the same load not counted (cold code and caches), so it covers the notifications service's consumer, its store and unread count, the push on NATS and the gateway. Each of these people has an address, so the e-mail channel sends one e-mail per event to the SMTP sink (Mailpit) at the same time, on the same two cores; notifications learnt the people from \`identity.user.activated\` events before the load. The order is a \`tasks.step.started\` of an acknowledgement step naming ${RECIPIENTS} people (the tasks service's own cost of the order is in the processes section).`,
    ];
    for (const line of lines) {
      out(line);
    }
    await writeSection('notifications', 'Notifications: live delivery and fan-out', lines);
  } finally {
    for (const stream of streams) {
      stream.close();
    }
    await bench.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    `Benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
