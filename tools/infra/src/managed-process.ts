import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** stdout and stderr go here (appended). */
  logFile: string;
  /** Folder of pid files, so a later run can stop what an earlier one left behind. */
  runDir: string;
  /** What identifies the process in /proc/<pid>/cmdline (default: the command). */
  signature?: string;
}

/**
 * A child process of ours in its own process group (so a Ctrl-C in the terminal reaches only the
 * runner, which then stops services before the infrastructure), with a pid file for clean-up.
 */
export class ManagedProcess {
  readonly exited: Promise<number | null>;
  private exitCode: number | null | undefined = undefined;
  private readonly child: ChildProcess;
  private readonly pidFile: string;

  private constructor(readonly spec: ProcessSpec) {
    mkdirSync(dirname(spec.logFile), { recursive: true });
    mkdirSync(spec.runDir, { recursive: true });
    const log = openSync(spec.logFile, 'a');
    this.child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      stdio: ['ignore', log, log],
      detached: true,
    });
    closeSync(log);
    this.pidFile = join(spec.runDir, `${spec.name}.pid`);
    if (this.child.pid) {
      writeFileSync(this.pidFile, `${this.child.pid}\n${spec.signature ?? spec.command}\n`);
    }
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? null : 0);
        rmSync(this.pidFile, { force: true });
        resolve(this.exitCode);
      });
      this.child.once('error', () => {
        this.exitCode = null;
        rmSync(this.pidFile, { force: true });
        resolve(null);
      });
    });
  }

  static start(spec: ProcessSpec): ManagedProcess {
    return new ManagedProcess(spec);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get name(): string {
    return this.spec.name;
  }

  isAlive(): boolean {
    return this.exitCode === undefined;
  }

  /** Signals the whole process group, so children the process started go too. */
  kill(signal: NodeJS.Signals): void {
    if (this.isAlive() && this.child.pid) {
      try {
        process.kill(-this.child.pid, signal);
      } catch {
        try {
          process.kill(this.child.pid, signal);
        } catch {
          // Already gone.
        }
      }
    }
  }

  /** SIGTERM, then SIGKILL if it is still there after the timeout. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.isAlive()) {
      return;
    }
    this.kill('SIGTERM');
    const timer = setTimeout(() => {
      this.kill('SIGKILL');
    }, timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** The last lines of the log, for error messages. */
  tail(lines = 30): string {
    try {
      return readFileSync(this.spec.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }
}

/**
 * Stops processes an earlier run left behind (its runner was killed, or the machine was handed
 * back as it was). Only a live pid whose command line still names the recorded program is killed.
 */
export async function reapStaleProcesses(runDir: string): Promise<string[]> {
  if (!existsSync(runDir)) {
    return [];
  }
  const reaped: string[] = [];
  for (const file of readdirSync(runDir).filter((f) => f.endsWith('.pid'))) {
    const path = join(runDir, file);
    const [pidText = '', command = ''] = readFileSync(path, 'utf8').split('\n');
    const pid = Number(pidText);
    if (Number.isInteger(pid) && pid > 0 && isOurs(pid, command)) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Gone meanwhile.
        }
      }
      reaped.push(file.replace(/\.pid$/, ''));
    }
    rmSync(path, { force: true });
  }
  // Give the kernel a moment to release the ports.
  if (reaped.length > 0) {
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return reaped;
}

function isOurs(pid: number, command: string): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return command !== '' && cmdline.some((part) => part === command || part.endsWith(command));
  } catch {
    return false;
  }
}
