import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import type { Server } from 'node:net';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './paths';
import { freePort, isListening } from './ports';
import { waitFor } from './wait';

const RUNNER = join(repoRoot, 'tools', 'infra', 'dist', 'run-system.js');

/** Alive and not a zombie (an orphan's exit is reaped only when the machine's init does so). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return existsSync(`/proc/${pid}`);
  }
}

/**
 * `npm start` is npm → runner. Killing npm (`kill <pid>`, a closed terminal) does not pass the
 * signal on, so the runner must notice by itself that the command that started it is gone.
 */
describe('the run command (run-system)', () => {
  let dataDir: string;
  let parent: ChildProcess | undefined;
  let runnerPid: number | undefined;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'orbita-run-system-'));
  });

  afterEach(() => {
    if (runnerPid !== undefined && isRunning(runnerPid)) {
      process.kill(runnerPid, 'SIGINT');
    }
    parent?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stops what it started when the command that started it is killed outright', async () => {
    const natsPort = await freePort();
    // A stand-in for npm: starts the runner, says its pid, and is then killed without a word.
    parent = spawn(
      process.execPath,
      [
        '-e',
        `const r = require('node:child_process').spawn(process.execPath, [${JSON.stringify(RUNNER)}, '--infra-only'], { stdio: 'ignore' });
         console.log(r.pid); setInterval(() => {}, 1000);`,
      ],
      {
        env: {
          ...process.env,
          ORBITA_DATA_DIR: dataDir,
          ORBITA_NATS_PORT: String(natsPort),
          ORBITA_NATS_MONITOR_PORT: String(await freePort()),
          // Only NATS is started here: the other servers count as external.
          MONGO_URL: 'mongodb://127.0.0.1:1/unused',
          MINIO_ENDPOINT: '127.0.0.1',
          SMTP_HOST: '127.0.0.1',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    runnerPid = await new Promise<number>((resolve, reject) => {
      parent?.stdout?.once('data', (chunk: Buffer) => {
        resolve(Number(chunk.toString().trim()));
      });
      parent?.once('exit', () => {
        reject(new Error('the stand-in for npm exited'));
      });
    });
    await waitFor('NATS started by the runner', () => isListening(natsPort), 30_000);

    parent.kill('SIGKILL');

    await waitFor('NATS stopped', async () => !(await isListening(natsPort)), 20_000);
    await waitFor('the runner exited', () => Promise.resolve(!isRunning(runnerPid ?? 0)), 20_000);
  });

  it('stops with the reason when a port of a server it starts is taken, instead of hanging', async () => {
    // Another program (another NATS, say) holds the monitoring port; the client port is free.
    const taken: Server = createServer();
    const monitorPort = await freePort();
    await new Promise<void>((resolve) => taken.listen(monitorPort, '127.0.0.1', resolve));
    try {
      const runner = spawn(process.execPath, [RUNNER], {
        env: {
          ...process.env,
          ORBITA_DATA_DIR: dataDir,
          ORBITA_NATS_PORT: String(await freePort()),
          ORBITA_NATS_MONITOR_PORT: String(monitorPort),
          MONGO_URL: 'mongodb://127.0.0.1:1/unused',
          MINIO_ENDPOINT: '127.0.0.1',
          SMTP_HOST: '127.0.0.1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      runnerPid = runner.pid;
      let output = '';
      runner.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      runner.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => runner.once('exit', resolve));
      expect(code).toBe(1);
      expect(output).toContain(`Port ${monitorPort} (NATS monitoring) is already in use`);
      expect(output).not.toContain('Loading the demo data');
    } finally {
      await new Promise<void>((resolve) =>
        taken.close(() => {
          resolve();
        }),
      );
    }
  });
});
