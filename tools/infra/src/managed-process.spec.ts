import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProcessSpec } from './managed-process';
import { ManagedProcess, reapStaleProcesses } from './managed-process';
import { waitFor } from './wait';

const FOREVER = 'setInterval(() => {}, 1000);';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve({ code: child.exitCode, signal: child.signalCode });
      return;
    }
    child.once('exit', (code, signal) => {
      resolve({ code, signal });
    });
  });
}

describe('ManagedProcess', () => {
  let dir: string;
  const started: ManagedProcess[] = [];

  const spec = (name: string, script: string, extra: Partial<ProcessSpec> = {}): ProcessSpec => ({
    name,
    command: process.execPath,
    args: ['-e', script],
    logFile: join(dir, 'logs', `${name}.log`),
    runDir: join(dir, 'run'),
    ...extra,
  });

  const start = (s: ProcessSpec): ManagedProcess => {
    const proc = ManagedProcess.start(s);
    started.push(proc);
    return proc;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'orbita-managed-process-'));
  });

  afterEach(async () => {
    for (const proc of started.splice(0)) {
      proc.kill('SIGKILL');
      await proc.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('captures the exit code and removes its pid file', async () => {
    const proc = start(spec('quits', 'process.exit(3)'));
    await expect(proc.exited).resolves.toBe(3);
    expect(proc.isAlive()).toBe(false);
    expect(existsSync(join(dir, 'run', 'quits.pid'))).toBe(false);
  });

  it('reports 0 for a clean exit', async () => {
    const proc = start(spec('clean', ''));
    await expect(proc.exited).resolves.toBe(0);
  });

  it('records its pid and signature in the pid file while it runs', async () => {
    const proc = start(spec('runner', FOREVER, { signature: 'my-signature' }));
    expect(proc.name).toBe('runner');
    expect(proc.pid).toEqual(expect.any(Number));
    expect(proc.isAlive()).toBe(true);
    expect(readFileSync(join(dir, 'run', 'runner.pid'), 'utf8')).toBe(`${proc.pid}\nmy-signature\n`);
    await proc.stop();
  });

  it('stops the process, leaving no pid file and no process behind', async () => {
    const proc = start(spec('server', FOREVER));
    const pid = proc.pid!;
    expect(isRunning(pid)).toBe(true);
    await proc.stop();
    expect(proc.isAlive()).toBe(false);
    await expect(proc.exited).resolves.toBeNull();
    expect(isRunning(pid)).toBe(false);
    expect(existsSync(join(dir, 'run', 'server.pid'))).toBe(false);
  });

  it('kills a process that ignores SIGTERM once the timeout is over', async () => {
    const proc = start(
      spec(
        'stubborn',
        `process.on('SIGTERM', () => console.log('ignored')); console.log('ready'); ${FOREVER}`,
      ),
    );
    await waitFor('child ready', () => Promise.resolve(proc.tail().includes('ready')), 10_000);
    await proc.stop(200);
    expect(proc.isAlive()).toBe(false);
    expect(isRunning(proc.pid!)).toBe(false);
    expect(proc.tail()).toContain('ignored');
  });

  it('does nothing when stopping a process that has already exited', async () => {
    const proc = start(spec('gone', 'process.exit(0)'));
    await proc.exited;
    await expect(proc.stop()).resolves.toBeUndefined();
  });

  it('appends stdout and stderr to its log file', async () => {
    const proc = start(spec('talker', "console.log('to stdout'); console.error('to stderr');"));
    await proc.exited;
    const log = readFileSync(join(dir, 'logs', 'talker.log'), 'utf8');
    expect(log).toContain('to stdout');
    expect(log).toContain('to stderr');
    expect(proc.tail()).toContain('to stderr');
  });

  it('passes the environment and working directory given', async () => {
    const proc = start(
      spec('env', "console.log(process.env.ORBITA_SPEC_VALUE + '@' + process.cwd())", {
        env: { ORBITA_SPEC_VALUE: 'hello' },
        cwd: dir,
      }),
    );
    await proc.exited;
    expect(proc.tail()).toContain(`hello@${dir}`);
  });

  it('resolves exited with null when the program cannot be started', async () => {
    const proc = start({ ...spec('missing', ''), command: join(dir, 'no-such-program') });
    await expect(proc.exited).resolves.toBeNull();
    expect(proc.isAlive()).toBe(false);
    expect(existsSync(join(dir, 'run', 'missing.pid'))).toBe(false);
  });
});

describe('reapStaleProcesses', () => {
  let runDir: string;
  const children: ChildProcess[] = [];

  /** A process of "an earlier run": detached in its own group, as ManagedProcess starts them. */
  const spawnForever = (): ChildProcess => {
    const child = spawn(process.execPath, ['-e', FOREVER], { detached: true, stdio: 'ignore' });
    children.push(child);
    return child;
  };

  beforeEach(() => {
    runDir = mkdtempSync(join(tmpdir(), 'orbita-reap-'));
  });

  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null && child.pid) {
        process.kill(child.pid, 'SIGKILL');
      }
      await exitOf(child);
    }
    rmSync(runDir, { recursive: true, force: true });
  });

  it('answers nothing for a run folder that does not exist', async () => {
    await expect(reapStaleProcesses(join(runDir, 'missing'))).resolves.toEqual([]);
  });

  it('kills a live process whose command line matches its pid file', async () => {
    const leftover = spawnForever();
    writeFileSync(join(runDir, 'nats.pid'), `${leftover.pid}\n${process.execPath}\n`);

    await expect(reapStaleProcesses(runDir)).resolves.toEqual(['nats']);
    await expect(exitOf(leftover)).resolves.toEqual({ code: null, signal: 'SIGKILL' });
    expect(existsSync(join(runDir, 'nats.pid'))).toBe(false);
  });

  it('matches the signature at the end of a command-line argument', async () => {
    const leftover = spawnForever();
    writeFileSync(join(runDir, 'svc.pid'), `${leftover.pid}\n${FOREVER.slice(-12)}\n`);
    await expect(reapStaleProcesses(runDir)).resolves.toEqual(['svc']);
    await expect(exitOf(leftover)).resolves.toMatchObject({ signal: 'SIGKILL' });
  });

  it('leaves alone a live process whose command line does not match, and drops stale pid files', async () => {
    const bystander = spawnForever();
    const finished = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await exitOf(finished);
    writeFileSync(join(runDir, 'reused.pid'), `${bystander.pid}\nminio\n`);
    writeFileSync(join(runDir, 'dead.pid'), `${finished.pid}\n${process.execPath}\n`);
    writeFileSync(join(runDir, 'junk.pid'), 'not a pid\n');
    writeFileSync(join(runDir, 'nosig.pid'), `${bystander.pid}\n`);
    writeFileSync(join(runDir, 'notes.txt'), 'not a pid file');

    await expect(reapStaleProcesses(runDir)).resolves.toEqual([]);
    expect(isRunning(bystander.pid!)).toBe(true);
    for (const file of ['reused.pid', 'dead.pid', 'junk.pid', 'nosig.pid']) {
      expect(existsSync(join(runDir, file))).toBe(false);
    }
    expect(existsSync(join(runDir, 'notes.txt'))).toBe(true);
  });

  it('stops what a ManagedProcess of an earlier run left behind', async () => {
    const proc = ManagedProcess.start({
      name: 'leftover',
      command: process.execPath,
      args: ['-e', FOREVER],
      logFile: join(runDir, 'leftover.log'),
      runDir,
    });
    await expect(reapStaleProcesses(runDir)).resolves.toEqual(['leftover']);
    await expect(proc.exited).resolves.toBeNull();
    expect(isRunning(proc.pid!)).toBe(false);
  });
});
