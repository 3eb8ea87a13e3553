import type { DynamicModule, INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { NatsConnection } from 'nats';
import { connect } from 'nats';
import { inboxPrefixOf } from '@orbita/contracts';
import type { RunningInfra } from '@orbita/infra';
import { NATS_ADMIN_USER, freeInfraPorts, startInfra } from '@orbita/infra';
import type { ConfigOf, ConfigShape, MovableClock, QueryLogEntry } from '@orbita/platform';
import { CLOCK, NestPinoLogger, createRootLogger, loadConfig } from '@orbita/platform';
import { readQueryLog } from './query-coverage';
import { queryLogDir, sharedInfra } from './shared-infra';

export interface MediumOptions<S extends ConfigShape> {
  /** The NATS user and log name the service runs as. */
  service: string;
  configShape: S;
  /** The service's root module for its config (its AppModule.register). */
  module: (config: ConfigOf<S>) => DynamicModule;
  /** Settings beyond the harness's (database, NATS, test mode). */
  env?: Record<string, string>;
}

/**
 * A service's use cases in this test process (Immich's "medium" tests): its real module against
 * the real FerretDB of the run and a NATS server of the test file's own, without HTTP and without
 * the bus listener, so a test calls its services directly and reads the database to see what
 * happened. Peers it asks over NATS are absent unless the test stands in for them (`nats`).
 */
export class MediumTest {
  private constructor(
    readonly app: INestApplicationContext,
    /** An admin connection to the test's NATS: to read streams or stand in for a peer service. */
    readonly nats: NatsConnection,
    readonly database: string,
    /** The shapes of the queries the service sent (QUERY_LOG_FILE), one JSON line each. */
    readonly queryLogFile: string,
    private readonly infra: RunningInfra,
  ) {}

  static async start<S extends ConfigShape>(options: MediumOptions<S>): Promise<MediumTest> {
    const shared = sharedInfra();
    const id = `m${randomBytes(4).toString('hex')}`;
    const dataDir = join(shared.dataDir, `medium-${id}`);
    mkdirSync(dataDir, { recursive: true });
    const infra = await startInfra({ dataDir, ports: await freeInfraPorts(), components: ['nats'] });
    const credentials = infra.endpoints.natsCredentials ?? {};
    const database = `${id}_${options.service}`;
    const queryLogFile = join(queryLogDir(shared.dataDir), `${id}-${options.service}.jsonl`);
    try {
      const config = loadConfig(options.configShape, {
        NATS_URL: infra.endpoints.natsUrl,
        NATS_USER: options.service,
        NATS_PASSWORD: credentials[options.service] ?? '-',
        MONGO_URL: shared.endpoints.mongoUrl,
        MONGO_DB: database,
        TEST_MODE: 'true',
        OUTBOX_SWEEP_MS: '200',
        QUERY_LOG_FILE: queryLogFile,
        LOG_LEVEL: process.env['ORBITA_TEST_LOG_LEVEL'] ?? 'warn',
        ...options.env,
      });
      const logLevel = (config as { LOG_LEVEL?: string }).LOG_LEVEL ?? 'warn';
      const app = await NestFactory.createApplicationContext(options.module(config), {
        logger: new NestPinoLogger(createRootLogger(options.service, logLevel as 'warn', 2)),
        abortOnError: false,
      });
      await app.init();
      const nats = await connect({
        servers: infra.endpoints.natsUrl,
        user: NATS_ADMIN_USER,
        pass: credentials[NATS_ADMIN_USER] ?? '',
        inboxPrefix: inboxPrefixOf(NATS_ADMIN_USER),
      });
      return new MediumTest(app, nats, database, queryLogFile, infra);
    } catch (err) {
      await infra.stop();
      throw err;
    }
  }

  get<T>(type: Type<T>): T {
    return this.app.get(type, { strict: false });
  }

  /** The service's clock (test mode: it can be moved). */
  get clock(): MovableClock {
    return this.app.get<MovableClock>(CLOCK, { strict: false });
  }

  /** The queries sent so far from code whose place matches (e.g. "OutboxRelay.publishPending"). */
  queriesFrom(place: string): QueryLogEntry[] {
    return readQueryLog(this.queryLogFile)
      .filter((entry): entry is QueryLogEntry => entry.kind === 'query')
      .filter((entry) => entry.place.includes(place));
  }

  async stop(): Promise<void> {
    await this.nats.close().catch(() => undefined);
    await this.app.close();
    await this.infra.stop();
  }
}
