import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freeInfraPorts, reapStaleProcesses, repoRoot, startInfra, startWatchdog } from '@orbita/infra';
import type { RunningInfra } from '@orbita/infra';
import { publishSharedInfra } from './shared-infra';

declare global {
  var __ORBITA_INFRA__: RunningInfra | undefined;
}

/**
 * Jest global setup of the integration project: builds the services (incrementally), then starts
 * FerretDB, MinIO and the SMTP sink on free ports with this run's own data folder. NATS is started
 * per test file by startTestSystem, so JetStream streams never leak between files.
 */
export default async function globalSetup(): Promise<void> {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', 'tsconfig.build.json'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  const testRoot = join(repoRoot, '.data', 'test');
  await cleanEarlierRuns(testRoot);
  const dataDir = join(testRoot, `run-${process.pid}`);
  mkdirSync(dataDir, { recursive: true });
  // If jest is killed outright, the watchdogs stop what this run started.
  startWatchdog(join(dataDir, 'run'));
  const infra = await startInfra({
    dataDir,
    ports: await freeInfraPorts(),
    components: ['mongo', 'minio', 'smtp'],
  });
  globalThis.__ORBITA_INFRA__ = infra;
  publishSharedInfra({ endpoints: infra.endpoints, dataDir });
}

/** Stops what an interrupted earlier run left running and removes its data. */
async function cleanEarlierRuns(testRoot: string): Promise<void> {
  if (!existsSync(testRoot)) {
    return;
  }
  for (const run of readdirSync(testRoot).filter((name) => name.startsWith('run-'))) {
    // A run whose jest process still lives is someone else's concurrent run: leave it alone.
    const pid = Number(run.slice('run-'.length));
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
      continue;
    }
    const runDir = join(testRoot, run);
    await reapStaleProcesses(join(runDir, 'run'));
    for (const system of readdirSync(runDir).filter((name) => name.startsWith('system-'))) {
      await reapStaleProcesses(join(runDir, system, 'run'));
    }
    rmSync(runDir, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
