import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { ContextHeader } from '@orbita/contracts';
import { AccessTokenVerifier } from '../auth/access-token';
import { BusServer } from '../bus/bus-server';
import type { ConfigOf, ConfigShape } from '../config/config';
import { describeConfig, loadConfig } from '../config/config';
import type { HttpConfigValues, NatsConfigValues } from '../config/platform-config';
import { natsSettingsFrom } from '../config/platform-config';
import { RequestContext, localeFromAcceptLanguage } from '../context/request-context';
import { ErrorFilter } from '../errors/error.filter';
import { answerClientError } from '../http/client-error';
import { registerJsonBodyParser } from '../http/json-body-parser';
import type { Logger } from '../logging/logger';
import { NestPinoLogger, createRootLogger } from '../logging/logger';
import { collectProcessMetrics, httpRequestDuration } from '../metrics/metrics';

export interface ServiceBootstrapOptions {
  service: string;
  module: DynamicModule;
  config: HttpConfigValues & NatsConfigValues;
  /**
   * Which proxies may tell the client's address (X-Forwarded-For), as Fastify's trustProxy: false
   * (none; the default) or their addresses/CIDRs. Only the edge needs it.
   */
  trustProxy?: false | string[];
  /** Largest JSON body accepted (streamed uploads do not count). */
  bodyLimitBytes?: number;
  /** Extra HTTP setup before listening (OpenAPI, security headers, raw body routes). */
  configure?: (app: NestFastifyApplication, logger: Logger) => Promise<void> | void;
  /** Log what the service runs with (secrets masked). */
  describeConfig?: Record<string, unknown>;
}

const CORRELATION_ID_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * Starts a service the same way everywhere: Fastify HTTP (health, metrics, API), the NATS transport
 * with the app's global filters (inheritAppConfig), JSON logs with correlation ids, and a graceful
 * shutdown on SIGTERM/SIGINT. The NATS listener starts only after the app is fully initialised.
 */
export async function bootstrapService(options: ServiceBootstrapOptions): Promise<INestApplication> {
  const { config } = options;
  const root = createRootLogger(options.service, config.LOG_LEVEL);
  process.on('unhandledRejection', (err) => {
    root.error({ err }, 'Unhandled promise rejection');
  });
  collectProcessMetrics();

  const bodyLimit = options.bodyLimitBytes ?? 1024 * 1024;
  const adapter = new FastifyAdapter({
    bodyLimit,
    trustProxy: options.trustProxy ?? false,
    return503OnClosing: true,
    genReqId: () => randomUUID(),
    // Requests Node cannot even parse are answered in our error shape too, not Fastify's.
    clientErrorHandler: answerClientError,
  });
  const fastify = adapter.getInstance();
  registerJsonBodyParser(fastify, bodyLimit);
  fastify.addHook('onRequest', (request, reply, done) => {
    const incoming = request.headers[ContextHeader.CorrelationId];
    const correlationId =
      typeof incoming === 'string' && CORRELATION_ID_PATTERN.test(incoming) ? incoming : request.id;
    void reply.header(ContextHeader.CorrelationId, correlationId);
    RequestContext.run(
      { correlationId, locale: localeFromAcceptLanguage(request.headers['accept-language']) },
      done,
    );
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    httpRequestDuration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    // Probes and scrapes would drown the access log.
    const level = route.startsWith('/health') || route === '/metrics' ? 'debug' : 'info';
    root[level](
      { method: request.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'HTTP request',
    );
    done();
  });

  const app = await NestFactory.create<NestFastifyApplication>(options.module, adapter, {
    logger: new NestPinoLogger(root),
    abortOnError: false,
    // Bodies are parsed by registerJsonBodyParser; Nest's own parsers would take Fastify's.
    bodyParser: false,
  });
  app.useGlobalFilters(new ErrorFilter());
  await options.configure?.(app, root);
  const bus = new BusServer(natsSettingsFrom(config, options.service), config.SHUTDOWN_GRACE_MS);
  app.connectMicroservice({ strategy: bus }, { inheritAppConfig: true });

  await app.init();
  bus.useTokenVerifier(app.get(AccessTokenVerifier));
  await app.startAllMicroservices();
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  root.info({ config: options.describeConfig, port: config.HTTP_PORT }, `${options.service} is up`);

  // Graceful shutdown: stop taking work, finish what is in flight, close connections, exit 0.
  // A shutdown that hangs must not keep a dying process around for ever.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        root.warn(`Shutdown took longer than ${config.SHUTDOWN_GRACE_MS} ms, exiting`);
        process.exit(1);
      }, config.SHUTDOWN_GRACE_MS + 2_000).unref();
      app.close().then(
        () => process.exit(0),
        (err: unknown) => {
          root.error({ err }, 'Shutdown failed');
          process.exit(1);
        },
      );
    });
  }
  return app;
}

export interface RunServiceOptions<S extends ConfigShape> extends Omit<
  ServiceBootstrapOptions,
  'module' | 'config' | 'describeConfig' | 'configure' | 'trustProxy'
> {
  configShape: S;
  module: (config: ConfigOf<S>) => DynamicModule;
  configure?: (app: NestFastifyApplication, config: ConfigOf<S>, logger: Logger) => Promise<void> | void;
  trustProxy?: (config: ConfigOf<S>) => false | string[];
}

/**
 * A service's main: validates its config (failing fast with every problem listed), starts it
 * with bootstrapService, and exits non-zero with the reason if it cannot start.
 */
export function runService<S extends ConfigShape>(options: RunServiceOptions<S>): void {
  const start = async (): Promise<void> => {
    const config = loadConfig(options.configShape);
    const values = config as ConfigOf<S> & HttpConfigValues & NatsConfigValues;
    const { configShape, module, configure, trustProxy, ...rest } = options;
    await bootstrapService({
      ...rest,
      module: module(config),
      config: values,
      describeConfig: describeConfig(configShape, config),
      ...(configure ? { configure: (app, logger) => configure(app, config, logger) } : {}),
      ...(trustProxy ? { trustProxy: trustProxy(config) } : {}),
    });
  };
  start().catch((err: unknown) => {
    process.stderr.write(
      `${options.service} failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  });
}
