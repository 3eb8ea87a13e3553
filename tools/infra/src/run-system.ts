import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LocalPorts } from '@orbita/contracts';
import type { InfraComponent, InfraPorts, RunningInfra } from './local-infra';
import { endpointsFor, startInfra } from './local-infra';
import { ManagedProcess, reapStaleProcesses } from './managed-process';
import { startWatchdog } from './watchdog-launcher';
import { repoRoot, serviceEntry } from './paths';
import { httpOk, waitFor } from './wait';

/**
 * `npm start`: runs the whole system on its embedded defaults. Starts the infrastructure (unless
 * NATS_URL / MONGO_URL / MINIO_ENDPOINT / SMTP_HOST point at existing servers), loads the demo data,
 * starts the five services, prints the URL and demo logins, and on Ctrl-C stops everything it
 * started (services first, then infrastructure). Anything a killed earlier run left behind is
 * stopped first. With `--infra-only` it runs just the infrastructure (to run services by hand).
 */
const SERVICES = ['identity', 'tasks', 'documents', 'notifications', 'gateway'] as const;
type Service = (typeof SERVICES)[number];

const PARENT_CHECK_MS = 1_000;
/** The seed connects to the database and NATS; far longer than it ever takes. */
const SEED_TIMEOUT_MS = 120_000;

const execFileAsync = promisify(execFile);
const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};
// With the terminal or npm gone, what is printed has nowhere to go; stopping must not fail on it.
process.stdout.on('error', () => undefined);

/** A random secret made once per data folder and kept (0600), for settings every service must share. */
function localSecret(file: string): string {
  if (existsSync(file)) {
    return readFileSync(file, 'utf8').trim();
  }
  const value = randomBytes(32).toString('base64url');
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return value;
}

function port(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

async function main(): Promise<void> {
  const dataDir = process.env['ORBITA_DATA_DIR'] ?? join(repoRoot, '.data', 'dev');
  const runDir = join(dataDir, 'run');
  const logDir = join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const reaped = await reapStaleProcesses(runDir);
  if (reaped.length > 0) {
    out(`Stopped what an earlier run left running: ${reaped.join(', ')}`);
  }

  const ports: InfraPorts = {
    nats: port('ORBITA_NATS_PORT', LocalPorts.nats),
    natsMonitor: port('ORBITA_NATS_MONITOR_PORT', LocalPorts.natsMonitor),
    mongo: port('ORBITA_MONGO_PORT', LocalPorts.mongo),
    minio: port('ORBITA_MINIO_PORT', LocalPorts.minio),
    minioConsole: port('ORBITA_MINIO_CONSOLE_PORT', LocalPorts.minioConsole),
    smtp: port('ORBITA_SMTP_PORT', LocalPorts.smtp),
    mailApi: port('ORBITA_MAIL_UI_PORT', LocalPorts.mailApi),
  };
  const servicePorts: Record<Service, number> = {
    identity: port('ORBITA_IDENTITY_PORT', LocalPorts.identity),
    tasks: port('ORBITA_TASKS_PORT', LocalPorts.tasks),
    documents: port('ORBITA_DOCUMENTS_PORT', LocalPorts.documents),
    notifications: port('ORBITA_NOTIFICATIONS_PORT', LocalPorts.notifications),
    gateway: port('ORBITA_GATEWAY_PORT', LocalPorts.gateway),
  };
  const external: Record<InfraComponent, string | undefined> = {
    nats: process.env['NATS_URL'],
    mongo: process.env['MONGO_URL'],
    minio: process.env['MINIO_ENDPOINT'],
    smtp: process.env['SMTP_HOST'],
  };
  const components = (Object.keys(external) as InfraComponent[]).filter((c) => !external[c]);

  let infra: RunningInfra | null = null;
  const services = new Map<Service, ManagedProcess>();
  let stopping = false;

  const stopAll = async (code: number): Promise<never> => {
    if (!stopping) {
      stopping = true;
      out('\nStopping…');
      await Promise.all([...services.values()].map((proc) => proc.stop(15_000)));
      await infra?.stop();
      out('Stopped. Nothing is left running.');
    }
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => void stopAll(0));
  }
  // `kill <pid of npm start>` ends npm without passing the signal on: once the command that
  // started this runner is gone (the runner is handed to another parent), stop as on Ctrl-C.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) {
      void stopAll(0);
    }
  }, PARENT_CHECK_MS).unref();

  try {
    // Should this runner be killed outright, the watchdog stops what it started.
    startWatchdog(runDir);
    if (components.length > 0) {
      out(`Starting ${components.join(', ')} (data in ${dataDir})…`);
      infra = await startInfra({ dataDir, ports, components });
    }
    const local = endpointsFor(ports);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NATS_URL: external.nats ?? local.natsUrl,
      MONGO_URL: external.mongo ?? local.mongoUrl,
      MINIO_ENDPOINT: external.minio ?? local.minio.endPoint,
      MINIO_PORT: process.env['MINIO_PORT'] ?? String(local.minio.port),
      MINIO_ACCESS_KEY: process.env['MINIO_ACCESS_KEY'] ?? local.minio.accessKey,
      MINIO_SECRET_KEY: process.env['MINIO_SECRET_KEY'] ?? local.minio.secretKey,
      SMTP_HOST: external.smtp ?? local.smtp.host,
      SMTP_PORT: process.env['SMTP_PORT'] ?? String(local.smtp.port),
      DOCUMENTS_HTTP_URL: `http://127.0.0.1:${servicePorts.documents}`,
      PUBLIC_URL: process.env['PUBLIC_URL'] ?? `http://127.0.0.1:${servicePorts.gateway}`,
      MAIL_SEALING_KEY: process.env['MAIL_SEALING_KEY'] ?? localSecret(join(dataDir, 'mail-sealing.key')),
      RECEIPT_SIGNING_KEY:
        process.env['RECEIPT_SIGNING_KEY'] ?? localSecret(join(dataDir, 'receipt-signing.key')),
    };
    // Our NATS has a user per service (permissions from the contracts); an outside one gets
    // whatever NATS_USER/NATS_PASSWORD say, for every service alike.
    const natsUser = (service: Service): NodeJS.ProcessEnv => {
      const credentials = infra?.endpoints.natsCredentials;
      const password = credentials?.[service];
      return external.nats || !password ? {} : { NATS_USER: service, NATS_PASSWORD: password };
    };

    if (process.argv.includes('--infra-only')) {
      out(
        `Infrastructure is running: NATS ${local.natsUrl}, MongoDB ${local.mongoUrl}, MinIO :${ports.minio}, SMTP :${ports.smtp}.`,
      );
      out('Press Ctrl-C to stop it.');
      return;
    }

    out('Loading the demo data…');
    const seeded = await execFileAsync(
      process.execPath,
      // The restaurant chain of S2 too: the demo runs both customers' processes.
      [join(repoRoot, 'services', 'identity', 'dist', 'seed', 'seed-demo.js'), '--restaurant-chain'],
      {
        env: {
          ...env,
          ...natsUser('identity'),
          MONGO_DB: process.env['IDENTITY_MONGO_DB'] ?? 'orbita_identity',
        },
        cwd: repoRoot,
        timeout: SEED_TIMEOUT_MS,
      },
    ).catch((err: unknown) => {
      const { stderr, killed } = err as { stderr?: string; killed?: boolean };
      const why = killed ? `it did not finish within ${SEED_TIMEOUT_MS / 1000} s` : 'it failed';
      throw new Error(`Loading the demo data: ${why}\n${(stderr ?? '').split('\n').slice(-15).join('\n')}`);
    });
    const demo = JSON.parse(seeded.stdout.trim().split('\n').pop() ?? '{}') as {
      password: string;
      users: { email: string; note: string }[];
    };

    out('Starting the services…');
    for (const service of SERVICES) {
      const entry = serviceEntry(service);
      services.set(
        service,
        ManagedProcess.start({
          name: service,
          command: process.execPath,
          args: [entry],
          signature: entry,
          env: {
            ...env,
            ...natsUser(service),
            HTTP_PORT: String(servicePorts[service]),
            // The demo's schedules (S1.6, S1.8) and the contracts they act on: tasks data, loaded by tasks.
            ...(service === 'tasks' ? { DEMO_SCHEDULES: 'true' } : {}),
          },
          cwd: repoRoot,
          logFile: join(logDir, `${service}.log`),
          runDir,
        }),
      );
    }
    await Promise.all(
      [...services].map(([service, proc]) =>
        waitFor(
          service,
          () => httpOk(`http://127.0.0.1:${servicePorts[service]}/health/ready`),
          60_000,
          () => proc.isAlive(),
        ).catch((err: unknown) => {
          throw new Error(
            `${err instanceof Error ? err.message : String(err)} (log: ${proc.spec.logFile})\n${proc.tail(20)}`,
          );
        }),
      ),
    );
    for (const [service, proc] of services) {
      void proc.exited.then((code) => {
        if (!stopping) {
          out(`\n${service} exited (code ${String(code)}); see ${proc.spec.logFile}. Ctrl-C stops the rest.`);
        }
      });
    }

    const url = env['PUBLIC_URL'] ?? '';
    out('');
    out('Orbita is running.');
    out(`  Web app:      ${url}/`);
    out(`  API:          ${url}/api`);
    out(`  API docs:     ${url}/api/docs`);
    out(`  Readiness:    ${url}/health/ready`);
    if (components.includes('smtp')) {
      out(`  Sent e-mail:  http://127.0.0.1:${ports.mailApi}`);
    }
    if (components.includes('nats')) {
      out(
        `  Events:       ${local.natsUrl} as NATS user "integrations" (password in ${join(dataDir, 'nats', 'credentials.json')})`,
      );
    }
    out(`  Logs:         ${logDir}`);
    out('');
    out(`Demo logins (password for all: ${demo.password}):`);
    // The chain's 130 restaurant managers follow one pattern: the first stands for them all.
    const managers = demo.users.filter((user) => /^manager\.r\d{3}@/.test(user.email));
    for (const user of demo.users.filter((u) => !managers.includes(u) || u === managers[0])) {
      out(`  ${user.email.padEnd(26)} ${user.note}`);
    }
    if (managers.length > 1) {
      out(
        `  … ${managers.length} restaurant managers, manager.r001 to manager.r${String(managers.length).padStart(3, '0')}@vkusno.example`,
      );
    }
    out('');
    out('Try it:');
    out(`  curl -s -X POST ${url}/api/auth/login -H 'content-type: application/json' \\`);
    out(`       -d '{"email":"ivan@ecotrans.example","password":"${demo.password}"}'`);
    out('');
    out('Press Ctrl-C to stop everything.');
  } catch (err) {
    process.stderr.write(`\nCould not start: ${err instanceof Error ? err.message : String(err)}\n`);
    await stopAll(1);
  }
}

void main();
