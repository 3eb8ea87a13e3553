import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ManagedProcess } from './managed-process';
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

export function endpointsFor(ports: InfraPorts): InfraEndpoints {
  return {
    natsUrl: `nats://127.0.0.1:${ports.nats}`,
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
  const ensurePortFree = async (port: number, what: string): Promise<void> => {
    if (await isListening(port)) {
      throw new Error(
        `Port ${port} (${what}) is already in use by another program. Stop it, or choose other ports.`,
      );
    }
  };

  try {
    const waits: Promise<void>[] = [];
    if (options.components.includes('nats')) {
      await ensurePortFree(ports.nats, 'NATS');
      const proc = start('nats', binary('nats-server'), [
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
          () => httpOk(`http://127.0.0.1:${ports.natsMonitor}/healthz?js-enabled-only=true`),
          timeout,
          () => proc.isAlive(),
        ),
      );
    }
    if (options.components.includes('mongo')) {
      await ensurePortFree(ports.mongo, 'FerretDB');
      const sqliteDir = join(dataDir, 'ferretdb', 'sqlite');
      mkdirSync(sqliteDir, { recursive: true });
      const proc = start('ferretdb', binary('ferretdb'), [
        '--handler=sqlite',
        `--sqlite-url=file:${sqliteDir}/`,
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
      await ensurePortFree(ports.minio, 'MinIO');
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
      await ensurePortFree(ports.smtp, 'SMTP sink');
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
    if (failures.length > 0) {
      const logs = processes
        .filter((p) => !p.isAlive() || failures.length > 0)
        .map((p) => `--- ${p.name} ---\n${p.tail(15)}`);
      throw new Error(`${failures.map((f) => String(f.reason)).join('; ')}\n${logs.join('\n')}`);
    }
    return new RunningInfra(endpointsFor(ports), processes);
  } catch (err) {
    await new RunningInfra(endpointsFor(ports), processes).stop();
    throw err;
  }
}
