import { z } from 'zod';
import type { NatsSettings } from '../bus/nats-connection';
import type { PlatformOptions } from '../bus/platform-options';
import { LocalPorts } from '@orbita/contracts';
import { env, secret } from './config';

export const httpConfig = (defaultPort: number) => ({
  HTTP_HOST: env.string('127.0.0.1', 'Address the HTTP server (health, metrics, API) binds to'),
  HTTP_PORT: env.port(defaultPort, 'Port of the HTTP server'),
  LOG_LEVEL: env.logLevel(),
  SHUTDOWN_GRACE_MS: env.int(10_000, 'How long a graceful shutdown may take before the process exits'),
  TEST_MODE: env.bool(
    false,
    "Test harness only: the service's clock can be set and moved (POST /test/clock); never in production",
  ),
});

/** Settings of a service that publishes events through the outbox and consumes them. */
export const eventsConfig = {
  OUTBOX_SWEEP_MS: env.int(5_000, 'How often unpublished events (left by a crash) are looked for', 100),
  EVENT_MAX_ATTEMPTS: env.int(
    8,
    'How often an event is tried before it is parked in the dead-letter store for an admin',
    1,
  ),
  EVENT_RETRY_BASE_MS: env.int(1_000, 'Delay before an event is tried again; it doubles, up to a minute', 10),
  FAILPOINT: env.string('-', 'Test-only fault injection point; never set in production ("-" for none)'),
};

export const natsConfig = {
  NATS_URL: env.string(`nats://127.0.0.1:${LocalPorts.nats}`, 'NATS server URL(s), comma-separated'),
  NATS_USER: env.string('-', 'NATS user name ("-" for none)'),
  NATS_PASSWORD: secret(env.string('-', 'NATS password ("-" for none)')),
  NATS_REQUEST_TIMEOUT_MS: env.int(5_000, 'How long a NATS request waits for its answer', 100),
};

export const mongoConfig = (defaultDb: string) => ({
  MONGO_URL: secret(env.string(`mongodb://127.0.0.1:${LocalPorts.mongo}`, 'MongoDB connection string')),
  MONGO_DB: env.string(defaultDb, 'Database owned by this service'),
  QUERY_LOG_FILE: env.string(
    '-',
    'Test harness only: appends the shape of every query to this file, for the index-coverage check ("-" for none)',
  ),
});

export const mailSealingConfig = {
  MAIL_SEALING_KEY: secret(
    z
      .string()
      .min(16, 'must be at least 16 characters')
      .default('orbita-local-development-mail-key')
      .describe(
        'Encrypts e-mail requests in the MAIL stream (they carry invitation and reset links); the same value in identity and notifications',
      ),
  ),
};

export const minioConfig = {
  MINIO_ENDPOINT: env.string('127.0.0.1', 'S3/MinIO host name'),
  MINIO_PORT: env.port(LocalPorts.minio, 'S3/MinIO port'),
  MINIO_USE_SSL: env.bool(false, 'Use HTTPS to reach S3/MinIO'),
  MINIO_ACCESS_KEY: secret(env.string('orbita', 'S3/MinIO access key')),
  MINIO_SECRET_KEY: secret(env.string('orbita-secret', 'S3/MinIO secret key')),
  MINIO_REGION: env.string('us-east-1', 'S3 region'),
};

type Values<S extends Record<string, z.ZodType>> = { [K in keyof S]: z.output<S[K]> };

export type HttpConfigValues = Values<ReturnType<typeof httpConfig>>;
export type NatsConfigValues = Values<typeof natsConfig>;
export type MongoConfigValues = Values<ReturnType<typeof mongoConfig>>;
export type MinioConfigValues = Values<typeof minioConfig>;
export type EventsConfigValues = Values<typeof eventsConfig>;

export function natsSettingsFrom(config: NatsConfigValues, service: string): NatsSettings {
  return { servers: config.NATS_URL, user: config.NATS_USER, password: config.NATS_PASSWORD, name: service };
}

type ServiceConfigValues = HttpConfigValues &
  NatsConfigValues &
  Partial<MongoConfigValues> &
  Partial<EventsConfigValues>;

/**
 * What the platform module of a service runs with, read from its config the same way for every
 * service: a database when the config has one, events when it has their settings.
 */
export function platformOptionsFrom(service: string, config: ServiceConfigValues): PlatformOptions {
  const options: PlatformOptions = {
    service,
    nats: natsSettingsFrom(config, service),
    requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
    testMode: config.TEST_MODE,
  };
  if (config.MONGO_URL !== undefined && config.MONGO_DB !== undefined) {
    options.mongo = {
      url: config.MONGO_URL,
      db: config.MONGO_DB,
      queryLogFile:
        config.QUERY_LOG_FILE && config.QUERY_LOG_FILE !== '-' ? config.QUERY_LOG_FILE : undefined,
    };
  }
  if (config.OUTBOX_SWEEP_MS !== undefined) {
    options.events = {
      relaySweepMs: config.OUTBOX_SWEEP_MS,
      maxAttempts: config.EVENT_MAX_ATTEMPTS ?? 8,
      retryBaseMs: config.EVENT_RETRY_BASE_MS ?? 1_000,
      failpoint: config.FAILPOINT === undefined || config.FAILPOINT === '-' ? undefined : config.FAILPOINT,
    };
  }
  return options;
}
