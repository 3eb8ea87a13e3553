import { rmSync } from 'node:fs';
import { formatUncovered, readQueryLogs, uncoveredQueries } from './query-coverage';
import { queryLogDir, sharedInfra } from './shared-infra';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__ORBITA_INFRA__?.stop();
  const dataDir = sharedInfra().dataDir;
  // Every query the suites sent must be served by a declared index (see query-coverage.ts).
  const entries = readQueryLogs(queryLogDir(dataDir));
  const uncovered = uncoveredQueries(entries);
  if (process.env['ORBITA_KEEP_TEST_DATA'] !== 'true') {
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (uncovered.length > 0) {
    throw new Error(
      `${uncovered.length} query shape(s) of the tests are served by no declared index (add one, or reshape the query):\n${formatUncovered(uncovered)}`,
    );
  }
  process.stdout.write(
    `Index coverage: ${entries.filter((e) => e.kind === 'query').length} queries of the tests, every one served by a declared index.\n`,
  );
}
