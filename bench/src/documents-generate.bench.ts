/**
 * Generation benchmark (npm run bench:generate): 1,000 invoices generated from the template pack
 * through the gateway (numbered, rendered to PDF by headless Chromium, stored in MinIO), with the
 * RSS of the documents service and its browser sampled throughout. Goal (issue "documents"): at
 * least 10 per second on this machine, RSS bounded (a pool of pages, not a browser per document).
 * Writes the figures to docs/BENCHMARKS.md (between the generate markers).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { DEMO_PASSWORD, DEMO_RADUGA_ID, demoUser } from '@orbita/demo';
import { login } from '@orbita/testing';
import { fmt, out, runLine, startBenchSystem, stats, writeSection } from './measure';

/** Why the rate goal is missed on this machine (docs/adr/013). */
const RATE_MISSED =
  "The rate goal is missed: on two cores rendering is CPU bound. Chromium's printing of one invoice costs about 0.2 s of CPU even on a page that keeps its fonts loaded (only the title and the body are replaced, docs/adr/013), and each generation also costs the gateway, documents, FerretDB (about ten commands: the number, the document, the version, the outbox) and MinIO their share; with two pages in the pool both cores are busy. More cores (or a renderer apart, behind the same PdfRenderer seam) raise it; the memory is bounded by RENDER_POOL_SIZE, not by the number of documents.";

const COUNT = Number(process.env['BENCH_GENERATE_COUNT'] ?? 1_000);
const CLIENTS = Number(process.env['BENCH_GENERATE_CLIENTS'] ?? 4);

/** The process and every descendant (the browser and its helpers): their RSS summed, in MB. */
function treeRssMb(root: number): number {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(pid, Number(fields[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  const tree = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (!tree.has(pid) && tree.has(parent)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  let kb = 0;
  for (const pid of tree) {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      kb += Number(match?.[1] ?? 0);
    } catch {
      // Gone meanwhile.
    }
  }
  return kb / 1024;
}

function invoice(i: number): Record<string, unknown> {
  return {
    items: [
      {
        name: `Вывоз твёрдых коммунальных отходов, рейс ${i + 1}`,
        quantity: 12,
        unit: 'рейс',
        price: 10287.5,
      },
      { name: 'Аренда контейнера 8 м³', quantity: 1, unit: 'мес.', price: 3500 },
    ],
    vat: { rate: 20, included: false },
  };
}

async function main(): Promise<void> {
  const bench = await startBenchSystem('generate');
  try {
    const { system } = bench;
    const token = await login(system.gatewayUrl, demoUser.anna.email, DEMO_PASSWORD);
    const documentsPid = system.process('documents').pid ?? 0;
    const generate = async (key: string, i: number): Promise<void> => {
      const response = await fetch(`${system.gatewayUrl}/api/documents/generate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          templateKey: 'invoice',
          counterpartyOrgId: DEMO_RADUGA_ID,
          idempotencyKey: key,
          data: invoice(i),
        }),
      });
      const body = (await response.json()) as { state?: string };
      if (response.status !== 201 || body.state !== 'ready') {
        throw new Error(`HTTP ${response.status}: ${JSON.stringify(body)}`);
      }
    };
    // Warm-up: the browser starts, the template compiles.
    for (let i = 0; i < 5; i++) {
      await generate(`warm-${i}`, i);
    }
    const rssBefore = treeRssMb(documentsPid);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, treeRssMb(documentsPid));
    }, 250);
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        for (let i = next++; i < COUNT; i = next++) {
          const t = performance.now();
          await generate(`bench-${i}`, i);
          latencies.push(performance.now() - t);
        }
      }),
    );
    const elapsed = performance.now() - started;
    clearInterval(sampler);
    const s = stats(latencies, elapsed);
    const rssAfter = treeRssMb(documentsPid);
    const met = s.perSecond >= 10;
    await writeSection('generate', 'Documents: generating invoices', [
      runLine('npm run bench:generate'),
      '',
      `${COUNT} invoices (template \`invoice\`, two lines, VAT) generated through the gateway by ${CLIENTS} clients: each numbered, rendered to PDF by headless Chromium (a pool of pages in one browser), stored in MinIO as version 1.`,
      '',
      '| measurement | value | goal |',
      '|---|---|---|',
      `| invoices per second | ${fmt(s.perSecond)} | ≥ 10 ${met ? '(met)' : '(missed)'} |`,
      `| latency p50 / p95 / p99 (ms) | ${fmt(s.p50, 0)} / ${fmt(s.p95, 0)} / ${fmt(s.p99, 0)} | |`,
      `| RSS of documents + its browser: before / peak / after (MB) | ${fmt(rssBefore, 0)} / ${fmt(rssPeak, 0)} / ${fmt(rssAfter, 0)} | bounded |`,
      ...(met ? [] : ['', RATE_MISSED]),
    ]);
  } finally {
    await bench.stop();
  }
}

main().catch((err: unknown) => {
  out(String(err instanceof Error ? (err.stack ?? err.message) : err));
  process.exitCode = 1;
});
