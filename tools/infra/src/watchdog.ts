import { existsSync, readdirSync } from 'node:fs';
import { reapStaleProcesses } from './managed-process';

/**
 * Started (detached) by the runner next to what it starts: when the runner dies without stopping
 * them (kill -9, a crashed terminal), this kills everything recorded in the run folder's pid files
 * and exits. It also exits on its own once the run folder has no pid files left (a clean stop).
 * Usage: node watchdog.js <runner pid> <run folder>
 */
const [, , pidArg = '', runDirArg = ''] = process.argv;
const runnerPid = Number(pidArg);
const runDir = runDirArg;
if (!Number.isInteger(runnerPid) || runnerPid <= 0 || runDir === '') {
  process.stderr.write('usage: watchdog <runner pid> <run folder>\n');
  process.exit(2);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function pidFilesLeft(): boolean {
  return existsSync(runDir) && readdirSync(runDir).some((f) => f.endsWith('.pid'));
}

let seenChildren = false;
const timer = setInterval(() => {
  const left = pidFilesLeft();
  seenChildren ||= left;
  if (!alive(runnerPid)) {
    clearInterval(timer);
    void reapStaleProcesses(runDir).finally(() => process.exit(0));
  } else if (seenChildren && !left) {
    clearInterval(timer);
    process.exit(0);
  }
}, 1_000);
