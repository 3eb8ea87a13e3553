import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as Minio from 'minio';
import mongoose from 'mongoose';
import type { NatsConnection } from 'nats';
import { connect } from 'nats';
import { inboxPrefixOf } from '@orbita/contracts';
import type { InfraEndpoints, RunningInfra } from '@orbita/infra';
import {
  ManagedProcess,
  NATS_ADMIN_USER,
  freeInfraPorts,
  freePort,
  httpOk,
  repoRoot,
  serviceEntry,
  startInfra,
  startWatchdog,
  waitFor,
} from '@orbita/infra';
import { queryLogDir, sharedInfra } from './shared-infra';

export type ServiceName = 'identity' | 'tasks' | 'documents' | 'notifications' | 'gateway';
export const ALL_SERVICES: readonly ServiceName[] = [
  'identity',
  'tasks',
  'documents',
  'notifications',
  'gateway',
];

const execFileAsync = promisify(execFile);

export interface StartSystemOptions {
  services?: readonly ServiceName[];
  /** Extra environment per service (e.g. a failpoint). */
  env?: Partial<Record<ServiceName, NodeJS.ProcessEnv>>;
  /** Load the demo org and users into identity before it starts. */
  seedDemo?: boolean;
  /** Also seed the restaurant chain of S2 (its 134 full seats need a licence given in identity's env). */
  seedRestaurantChain?: boolean;
}

/**
 * The system under test: its own NATS server (JetStream) and the services as real processes built
 * from this checkout, on free ports, with databases and a bucket no other test file uses. Shared
 * FerretDB, MinIO and the SMTP sink come from the global setup.
 */
/** How a test moves a service's clock: forward by an amount, or to an instant. */
export type ClockMove = { advanceMs: number } | { to: Date };

/** A second (third…) instance of a service, started by TestSystem.startReplica. */
export interface Replica {
  readonly service: ServiceName;
  /** e.g. `tasks-2`; its log is logs/<name>.log in the system's folder. */
  readonly name: string;
  readonly url: string;
  readonly process: ManagedProcess;
  moveClock(move: ClockMove): Promise<Date>;
  /** Kills it the hard way (no shutdown hooks run) and waits until it is gone. */
  kill(): Promise<void>;
}

async function moveClockAt(url: string, name: string, move: ClockMove): Promise<Date> {
  const body = 'to' in move ? { to: move.to.toISOString() } : move;
  const response = await fetch(`${url}/test/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(`Moving the clock of ${name} failed: ${response.status} ${await response.text()}`);
  }
  return new Date(((await response.json()) as { now: string }).now);
}

export class TestSystem {
  /** Every system started in this test file, so a failed beforeAll cannot leave processes behind. */
  private static readonly running = new Set<TestSystem>();
  private readonly processes = new Map<ServiceName, ManagedProcess>();
  private readonly replicas: Replica[] = [];
  /** Shared by identity (which seals mail requests) and notifications (which opens them). */
  readonly mailSealingKey = randomBytes(24).toString('base64url');
  readonly receiptSigningKey = randomBytes(24).toString('base64url');

  private constructor(
    readonly id: string,
    readonly dataDir: string,
    readonly infra: InfraEndpoints,
    private readonly nats: RunningInfra,
    readonly ports: Record<ServiceName, number>,
  ) {}

  static async start(options: StartSystemOptions = {}): Promise<TestSystem> {
    const shared = sharedInfra();
    const id = `t${randomBytes(4).toString('hex')}`;
    const dataDir = join(shared.dataDir, `system-${id}`);
    mkdirSync(dataDir, { recursive: true });
    startWatchdog(join(dataDir, 'run'));
    const nats = await startInfra({ dataDir, ports: await freeInfraPorts(), components: ['nats'] });
    const ports = {} as Record<ServiceName, number>;
    for (const service of ALL_SERVICES) {
      ports[service] = await freePort();
    }
    const system = new TestSystem(
      id,
      dataDir,
      {
        ...shared.endpoints,
        natsUrl: nats.endpoints.natsUrl,
        natsCredentials: nats.endpoints.natsCredentials,
      },
      nats,
      ports,
    );
    TestSystem.running.add(system);
    try {
      if (options.seedDemo) {
        await system.seedDemo(options.env?.identity, {
          restaurantChain: options.seedRestaurantChain ?? false,
        });
      }
      await Promise.all(
        (options.services ?? ALL_SERVICES).map((service) =>
          system.startService(service, options.env?.[service]),
        ),
      );
    } catch (err) {
      await system.stop();
      throw err;
    }
    return system;
  }

  get gatewayUrl(): string {
    return `http://127.0.0.1:${this.ports.gateway}`;
  }

  serviceUrl(service: ServiceName): string {
    return `http://127.0.0.1:${this.ports[service]}`;
  }

  /** The password of a NATS user of this system (a service, `integrations` or `admin`). */
  natsPassword(user: string): string {
    const password = this.infra.natsCredentials?.[user];
    if (!password) {
      throw new Error(`No NATS user ${user}`);
    }
    return password;
  }

  /**
   * A NATS connection as one of the system's users: `admin` (the default) to observe streams or
   * stand in for a service, a service's name to act as that service, `integrations` as an outside
   * system would.
   */
  connectNats(user: string = NATS_ADMIN_USER): Promise<NatsConnection> {
    return connect({
      servers: this.infra.natsUrl,
      user,
      pass: this.natsPassword(user),
      inboxPrefix: inboxPrefixOf(user),
      name: `test-${user}`,
    });
  }

  /** The bucket documents of this system keeps file contents in. */
  get documentsBucket(): string {
    return `${this.id}-documents`;
  }

  /** A MinIO client of this system's object storage, to look at what documents stored. */
  objectStorage(): Minio.Client {
    const { endPoint, port, accessKey, secretKey } = this.infra.minio;
    return new Minio.Client({ endPoint, port, accessKey, secretKey, useSSL: false });
  }

  /** A connection to the database a service of this system owns; the caller closes it. */
  connectDatabase(service: ServiceName): Promise<mongoose.Connection> {
    return mongoose.createConnection(this.infra.mongoUrl, { dbName: this.database(service) }).asPromise();
  }

  /** The database a service of this system owns. */
  database(service: ServiceName): string {
    return `${this.id}_${service}`;
  }

  serviceEnv(service: ServiceName, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    const { infra } = this;
    return {
      PATH: process.env['PATH'],
      HOME: process.env['HOME'],
      NODE_ENV: 'test',
      LOG_LEVEL: process.env['ORBITA_TEST_LOG_LEVEL'] ?? 'info',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(this.ports[service]),
      NATS_URL: infra.natsUrl,
      NATS_USER: service,
      NATS_PASSWORD: this.natsPassword(service),
      NATS_REQUEST_TIMEOUT_MS: '5000',
      MONGO_URL: infra.mongoUrl,
      MONGO_DB: this.database(service),
      MINIO_ENDPOINT: infra.minio.endPoint,
      MINIO_PORT: String(infra.minio.port),
      MINIO_ACCESS_KEY: infra.minio.accessKey,
      MINIO_SECRET_KEY: infra.minio.secretKey,
      MINIO_BUCKET: this.documentsBucket,
      SMTP_HOST: infra.smtp.host,
      SMTP_PORT: String(infra.smtp.port),
      DOCUMENTS_HTTP_URL: this.serviceUrl('documents'),
      PUBLIC_URL: this.gatewayUrl,
      OUTBOX_SWEEP_MS: '500',
      MAIL_SEALING_KEY: this.mailSealingKey,
      RECEIPT_SIGNING_KEY: this.receiptSigningKey,
      // The clock can be moved (moveClock); nothing else behaves differently.
      TEST_MODE: 'true',
      QUERY_LOG_FILE: join(queryLogDir(sharedInfra().dataDir), `${this.id}-${service}.jsonl`),
      ...extra,
    };
  }

  /** Starts (or restarts) one service and waits until it reports ready. */
  async startService(service: ServiceName, extraEnv: NodeJS.ProcessEnv = {}): Promise<ManagedProcess> {
    const existing = this.processes.get(service);
    if (existing?.isAlive()) {
      throw new Error(`${service} is already running`);
    }
    const proc = this.launch(service, service, this.serviceEnv(service, extraEnv));
    this.processes.set(service, proc);
    await this.untilReady(service, proc, this.serviceUrl(service));
    return proc;
  }

  /**
   * Starts one more instance of a service, on its own port and clock but the same database and
   * NATS as the first (as a second replica in production), and waits until it reports ready. Its
   * clock starts where the first instance's is, so timers look due to both alike.
   */
  async startReplica(service: ServiceName, extraEnv: NodeJS.ProcessEnv = {}): Promise<Replica> {
    const name = `${service}-${this.replicas.filter((r) => r.service === service).length + 2}`;
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const proc = this.launch(
      service,
      name,
      this.serviceEnv(service, {
        QUERY_LOG_FILE: join(queryLogDir(sharedInfra().dataDir), `${this.id}-${name}.jsonl`),
        ...extraEnv,
        HTTP_PORT: String(port),
      }),
    );
    const replica: Replica = {
      service,
      name,
      url,
      process: proc,
      moveClock: (move) => moveClockAt(url, name, move),
      kill: async () => {
        proc.kill('SIGKILL');
        await proc.exited;
      },
    };
    this.replicas.push(replica);
    await this.untilReady(name, proc, url);
    if (this.processes.get(service)?.isAlive()) {
      // A clock only moves forward: an unmoved first instance is behind the replica by a moment.
      const first = await this.moveClock(service, { advanceMs: 0 });
      if (first > (await replica.moveClock({ advanceMs: 0 }))) {
        await replica.moveClock({ to: first });
      }
    }
    return replica;
  }

  private launch(service: ServiceName, name: string, env: NodeJS.ProcessEnv): ManagedProcess {
    const entry = serviceEntry(service);
    return ManagedProcess.start({
      name,
      command: process.execPath,
      args: [entry],
      signature: entry,
      env,
      cwd: repoRoot,
      logFile: join(this.dataDir, 'logs', `${name}.log`),
      runDir: join(this.dataDir, 'run'),
    });
  }

  private async untilReady(name: string, proc: ManagedProcess, url: string): Promise<void> {
    try {
      await waitFor(
        `${name} readiness`,
        () => httpOk(`${url}/health/ready`),
        30_000,
        () => proc.isAlive(),
      );
    } catch (err) {
      throw new Error(
        `${err instanceof Error ? err.message : String(err)}\n--- ${name} log ---\n${proc.tail(40)}`,
      );
    }
  }

  process(service: ServiceName): ManagedProcess {
    const proc = this.processes.get(service);
    if (!proc) {
      throw new Error(`${service} was not started`);
    }
    return proc;
  }

  /**
   * The resident memory of a running service's process, in bytes (VmRSS of /proc/<pid>/status;
   * Linux only), for tests that a transfer keeps memory flat.
   */
  residentBytes(service: ServiceName): number {
    const pid = this.process(service).pid;
    if (pid === undefined) {
      throw new Error(`${service} has no process id`);
    }
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
    if (kib === undefined) {
      throw new Error(`No VmRSS in /proc/${pid}/status`);
    }
    return Number(kib) * 1024;
  }

  /** Kills a service the hard way (no shutdown hooks run) and waits until it is gone. */
  async kill(service: ServiceName): Promise<void> {
    const proc = this.process(service);
    proc.kill('SIGKILL');
    await proc.exited;
  }

  /** The log of a service so far, for assertions on what it logged. */
  log(service: ServiceName): string {
    return this.process(service).tail(100_000);
  }

  /**
   * Loads the demo data. The seed is identity code and installs the licence when none is stored, so
   * it runs with identity's own extra environment (e.g. LICENCE_FILE, LICENCE_PUBLIC_KEY), as
   * `npm start` runs it; without that, the demo licence would be installed before identity starts
   * and win over the configured one. A failpoint is meant for the service, not for the seed.
   */
  async seedDemo(
    identityEnv: NodeJS.ProcessEnv = {},
    what: { restaurantChain?: boolean } = {},
  ): Promise<void> {
    const env = { ...identityEnv };
    delete env['FAILPOINT'];
    await execFileAsync(
      process.execPath,
      [
        join(repoRoot, 'services', 'identity', 'dist', 'seed', 'seed-demo.js'),
        ...(what.restaurantChain ? ['--restaurant-chain'] : []),
      ],
      {
        env: this.serviceEnv('identity', env),
        cwd: repoRoot,
      },
    );
  }

  /**
   * Moves a service's clock forward (its SLAs, expiries and schedules see the moved time at once),
   * by `advanceMs` or to an instant; answers the service's new now.
   */
  moveClock(service: ServiceName, move: ClockMove): Promise<Date> {
    return moveClockAt(this.serviceUrl(service), service, move);
  }

  /** Stops every system still running (the jest setup calls it after each file). */
  static async stopAll(): Promise<void> {
    await Promise.all([...TestSystem.running].map((system) => system.stop()));
  }

  async stop(): Promise<void> {
    TestSystem.running.delete(this);
    // Services first, so none of them logs the loss of NATS as an error.
    await Promise.all(
      [...this.processes.values(), ...this.replicas.map((r) => r.process)].map((proc) => proc.stop(10_000)),
    );
    await this.nats.stop();
  }
}
