import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ManagedProcess } from './managed-process';
import type { NatsCredentials } from './nats-auth';
import { loadOrCreateNatsCredentials, renderNatsAuthorization } from './nats-auth';
import { toolsBinDir } from './paths';
import { freePort, isListening } from './ports';
import { httpOk, waitFor } from './wait';

export type InfraComponent = 'nats' | 'mongo' | 'minio' | 'smtp';

export interface InfraPorts {
  nats: number;
  natsMonitor: number;
  mongo: number;
  minio: number;
  minioConsole: number;
  smtp: number;
  mailApi: number;
}

export interface InfraEndpoints {
  natsUrl: string;
  /** The NATS users' passwords, when the NATS server is ours (null for an outside one). */
  natsCredentials: NatsCredentials | null;
  mongoUrl: string;
  minio: { endPoint: string; port: number; accessKey: string; secretKey: string };
  smtp: { host: string; port: number };
  /** Mailpit's HTTP API, for tests that read the mail that was sent. */
  mailApiUrl: string;
}

export interface InfraOptions {
  /** Where the servers keep their data and logs. */
  dataDir: string;
  ports: InfraPorts;
  components: readonly InfraComponent[];
  binDir?: string;
  startTimeoutMs?: number;
}

export const MINIO_ACCESS_KEY = 'orbita';
export const MINIO_SECRET_KEY = 'orbita-secret';

export async function freeInfraPorts(): Promise<InfraPorts> {
  return {
    nats: await freePort(),
    natsMonitor: await freePort(),
    mongo: await freePort(),
    minio: await freePort(),
    minioConsole: await freePort(),
    smtp: await freePort(),
    mailApi: await freePort(),
  };
}

export function endpointsFor(
  ports: InfraPorts,
  natsCredentials: NatsCredentials | null = null,
): InfraEndpoints {
  return {
    natsUrl: `nats://127.0.0.1:${ports.nats}`,
    natsCredentials,
    mongoUrl: `mongodb://127.0.0.1:${ports.mongo}`,
    minio: {
      endPoint: '127.0.0.1',
      port: ports.minio,
      accessKey: MINIO_ACCESS_KEY,
      secretKey: MINIO_SECRET_KEY,
    },
    smtp: { host: '127.0.0.1', port: ports.smtp },
    mailApiUrl: `http://127.0.0.1:${ports.mailApi}`,
  };
}

export class RunningInfra {
  constructor(
    readonly endpoints: InfraEndpoints,
    readonly processes: ManagedProcess[],
  ) {}

  /** Stops every server, the last started first. */
  async stop(): Promise<void> {
    for (const proc of [...this.processes].reverse()) {
      await proc.stop();
    }
  }
}

async function natsServesPort(monitorPort: number, clientPort: number): Promise<boolean> {
  const response = await fetch(`http://127.0.0.1:${monitorPort}/varz`, {
    signal: AbortSignal.timeout(2_000),
  });
  const varz = (await response.json()) as { port?: unknown };
  return varz.port === clientPort;
}

/**
 * Starts the project's own instances of the infrastructure servers (built by tools/infra/install.sh)
 * on the given ports, each with its data under `dataDir`, and waits until each answers.
 */
export async function startInfra(options: InfraOptions): Promise<RunningInfra> {
  const bin = options.binDir ?? toolsBinDir();
  const timeout = options.startTimeoutMs ?? 60_000;
  const { ports, dataDir } = options;
  const runDir = join(dataDir, 'run');
  const logDir = join(dataDir, 'logs');
  const processes: ManagedProcess[] = [];
  const binary = (name: string): string => {
    const path = join(bin, name);
    if (!existsSync(path)) {
      throw new Error(
        `${path} is missing: run tools/infra/install.sh (npm start and npm test do it for you)`,
      );
    }
    return path;
  };
  const start = (
    name: string,
    command: string,
    args: string[],
    env: NodeJS.ProcessEnv = {},
  ): ManagedProcess => {
    const dir = join(dataDir, name);
    mkdirSync(dir, { recursive: true });
    const proc = ManagedProcess.start({
      name,
      command,
      args,
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...env },
      cwd: dir,
      logFile: join(logDir, `${name}.log`),
      runDir,
    });
    processes.push(proc);
    return proc;
  };
  // Every port a server binds, not only its main one: a server that cannot bind its second port
  // dies, while another program answering there would pass its readiness check.
  const ensurePortsFree = async (entries: [number, string][]): Promise<void> => {
    for (const [port, what] of entries) {
      if (await isListening(port)) {
        throw new Error(
          `Port ${port} (${what}) is already in use by another program. Stop it, or choose other ports.`,
        );
      }
    }
  };

  let natsCredentials: NatsCredentials | null = null;
  try {
    const waits: Promise<void>[] = [];
    if (options.components.includes('nats')) {
      await ensurePortsFree([
        [ports.nats, 'NATS'],
        [ports.natsMonitor, 'NATS monitoring'],
      ]);
      const natsDir = join(dataDir, 'nats');
      mkdirSync(natsDir, { recursive: true });
      natsCredentials = loadOrCreateNatsCredentials(join(natsDir, 'credentials.json'));
      const configFile = join(natsDir, 'nats.conf');
      writeFileSync(configFile, renderNatsAuthorization(natsCredentials), { mode: 0o600 });
      const proc = start('nats', binary('nats-server'), [
        '-c',
        configFile,
        '-a',
        '127.0.0.1',
        '-p',
        String(ports.nats),
        '-m',
        String(ports.natsMonitor),
        '-js',
        '-sd',
        join(dataDir, 'nats'),
        '-n',
        'orbita-local',
      ]);
      waits.push(
        waitFor(
          'NATS',
          // Ready, and ours: the server answering on the monitoring port serves our client port.
          async () =>
            (await httpOk(`http://127.0.0.1:${ports.natsMonitor}/healthz?js-enabled-only=true`)) &&
            (await natsServesPort(ports.natsMonitor, ports.nats)),
          timeout,
          () => proc.isAlive(),
        ),
      );
    }
    if (options.components.includes('mongo')) {
      await ensurePortsFree([[ports.mongo, 'FerretDB']]);
      const sqliteDir = join(dataDir, 'ferretdb', 'sqlite');
      mkdirSync(sqliteDir, { recursive: true });
      const proc = start('ferretdb', binary('ferretdb'), [
        '--handler=sqlite',
        // WAL with synchronous=NORMAL: a commit no longer waits for an fsync of its own (the WAL is
        // synced at checkpoints). A crash of any process loses nothing; only a power cut can lose
        // the last commits, never consistency. Production runs MongoDB (ADR 010).
        `--sqlite-url=file:${sqliteDir}/?_pragma=synchronous(normal)`,
        `--state-dir=${join(dataDir, 'ferretdb')}`,
        `--listen-addr=127.0.0.1:${ports.mongo}`,
        '--debug-addr=-',
        '--telemetry=disable',
        '--log-level=warn',
        '--log-format=json',
      ]);
      waits.push(
        waitFor(
          'FerretDB',
          () => isListening(ports.mongo),
          timeout,
          () => proc.isAlive(),
        ),
      );
    }
    if (options.components.includes('minio')) {
      await ensurePortsFree([
        [ports.minio, 'MinIO'],
        [ports.minioConsole, 'MinIO console'],
      ]);
      const proc = start(
        'minio',
        binary('minio'),
        [
          'server',
          join(dataDir, 'minio', 'data'),
          '--address',
          `127.0.0.1:${ports.minio}`,
          '--console-address',
          `127.0.0.1:${ports.minioConsole}`,
          '--quiet',
        ],
        {
          MINIO_ROOT_USER: MINIO_ACCESS_KEY,
          MINIO_ROOT_PASSWORD: MINIO_SECRET_KEY,
          MINIO_BROWSER: 'off',
          MINIO_UPDATE: 'off',
        },
      );
      waits.push(
        waitFor(
          'MinIO',
          () => httpOk(`http://127.0.0.1:${ports.minio}/minio/health/ready`),
          timeout,
          () => proc.isAlive(),
        ),
      );
    }
    if (options.components.includes('smtp')) {
      await ensurePortsFree([
        [ports.smtp, 'SMTP sink'],
        [ports.mailApi, 'Mailpit web UI'],
      ]);
      const proc = start('mailpit', binary('mailpit'), [
        '--smtp',
        `127.0.0.1:${ports.smtp}`,
        '--listen',
        `127.0.0.1:${ports.mailApi}`,
        '--database',
        join(dataDir, 'mailpit', 'mailpit.db'),
        '--smtp-auth-accept-any',
        '--smtp-auth-allow-insecure',
        '--disable-version-check',
        '--max',
        '5000',
      ]);
      waits.push(
        waitFor(
          'Mailpit',
          () => httpOk(`http://127.0.0.1:${ports.mailApi}/api/v1/info`),
          timeout,
          () => proc.isAlive(),
        ),
      );
    }
    const results = await Promise.allSettled(waits);
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    // A server that died after another program answered its readiness check is a failure too.
    const dead = processes.filter((p) => !p.isAlive());
    if (failures.length > 0 || dead.length > 0) {
      const reasons = [
        ...failures.map((f) => String(f.reason)),
        ...dead.map((p) => `${p.name} exited while starting`),
      ];
      const logs = (dead.length > 0 ? dead : processes).map((p) => `--- ${p.name} ---\n${p.tail(15)}`);
      throw new Error(`${reasons.join('; ')}\n${logs.join('\n')}`);
    }
    return new RunningInfra(endpointsFor(ports, natsCredentials), processes);
  } catch (err) {
    await new RunningInfra(endpointsFor(ports, natsCredentials), processes).stop();
    throw err;
  }
}
