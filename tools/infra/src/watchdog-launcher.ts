import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * Starts the watchdog for this process and its run folder: if this process is killed outright,
 * the watchdog stops what it started (see watchdog.ts).
 */
export function startWatchdog(runDir: string): void {
  const child = spawn(process.execPath, [join(__dirname, 'watchdog.js'), String(process.pid), runDir], {
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
}
