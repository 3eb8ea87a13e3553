import type {
  BeforeApplicationShutdown,
  Type,
  DynamicModule,
  OnApplicationShutdown,
  OnModuleInit,
  Provider,
} from '@nestjs/common';
import { Global, Inject, Injectable, Logger, Module, Optional } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { deadLetterRequestsOf } from '@orbita/contracts';
import type { Connection } from 'mongoose';
import type { NatsConnection } from 'nats';
import { AccessTokenVerifier } from './auth/access-token';
import { JwksKeyStore } from './auth/jwks-key-store';
import { BusClient } from './bus/bus-client';
import { connectNats } from './bus/nats-connection';
import type { PlatformOptions } from './bus/platform-options';
import { CLOCK, ID_GENERATOR, MONGO_CONNECTION, NATS_CONNECTION, PLATFORM_OPTIONS } from './bus/tokens';
import { deadLetterController } from './events/dead-letters/dead-letter.controller';
import { DeadLetterRepository } from './events/dead-letters/dead-letter.repository';
import { DeadLetterService } from './events/dead-letters/dead-letter.service';
import { EventConsumer } from './events/event-consumer';
import { EventFactory } from './events/event-factory';
import { EventPublisher } from './events/event-publisher';
import { EventTail } from './events/event-tail';
import { OutboxRelay } from './events/outbox';
import { HealthController, HealthRegistry } from './health/health';
import { MetricsController } from './metrics/metrics.controller';
import { MongoHealthCheck, connectMongo } from './mongo/mongo-connection';
import { MovableClock, SystemClock } from './time/clock';
import { TestClockController } from './time/test-clock.controller';
import { UlidGenerator } from './time/id-generator';

/**
 * Owns the process-wide connections and closes them last, in order: stop consuming events, let the
 * relay finish, drain NATS, close the database.
 */
@Injectable()
class PlatformLifecycle implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Platform');

  constructor(
    private readonly health: HealthRegistry,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Optional() @Inject(MONGO_CONNECTION) private readonly mongo: Connection | null,
    // Explicit tokens: a union type is emitted as Object, which Nest cannot resolve (they were null).
    @Optional() @Inject(EventConsumer) private readonly consumer: EventConsumer | null,
    @Optional() @Inject(OutboxRelay) private readonly relay: OutboxRelay | null,
  ) {}

  onModuleInit(): void {
    const nc = this.nc;
    this.health.register({
      name: 'nats',
      async check() {
        if (nc.isClosed()) {
          throw new Error('connection closed');
        }
        await nc.flush();
      },
    });
    if (this.mongo) {
      this.health.register(new MongoHealthCheck(this.mongo));
    }
  }

  beforeApplicationShutdown(signal?: string): void {
    this.logger.log(`Shutting down${signal ? ` on ${signal}` : ''}`);
    this.health.markShuttingDown();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
    await this.relay?.stop();
    await this.nc.drain().catch(() => undefined);
    await this.mongo?.close().catch(() => undefined);
    this.logger.log('Connections closed');
  }
}

@Global()
@Module({})
export class PlatformModule {
  static forService(options: PlatformOptions): DynamicModule {
    const providers: Provider[] = [
      { provide: PLATFORM_OPTIONS, useValue: options },
      { provide: NATS_CONNECTION, useFactory: () => connectNats(options.nats) },
      { provide: CLOCK, useValue: options.testMode ? new MovableClock() : new SystemClock() },
      { provide: ID_GENERATOR, useClass: UlidGenerator },
      HealthRegistry,
      BusClient,
      JwksKeyStore,
      AccessTokenVerifier,
      EventTail,
      PlatformLifecycle,
    ];
    const exported: (string | symbol | Provider)[] = [
      PLATFORM_OPTIONS,
      NATS_CONNECTION,
      CLOCK,
      ID_GENERATOR,
      HealthRegistry,
      BusClient,
      JwksKeyStore,
      AccessTokenVerifier,
      EventTail,
    ];
    const mongo = options.mongo;
    if (mongo) {
      providers.push({
        provide: MONGO_CONNECTION,
        useFactory: () =>
          connectMongo(
            mongo.url,
            mongo.db,
            mongo.queryLogFile ? { file: mongo.queryLogFile, service: options.service } : undefined,
          ),
      });
      exported.push(MONGO_CONNECTION);
    }
    const controllers: Type[] = [
      HealthController,
      MetricsController,
      ...(options.testMode ? [TestClockController] : []),
    ];
    if (options.events) {
      providers.push(EventFactory, EventPublisher, OutboxRelay, EventConsumer);
      exported.push(EventFactory, EventPublisher, OutboxRelay);
      // Events a consumer could not handle are parked in the service's own database.
      if (options.mongo) {
        providers.push(DeadLetterRepository);
        // Answered by the service itself; a one-off process of it (the seed) consumes nothing.
        if (options.events.consume !== false && deadLetterRequestsOf(options.service)) {
          providers.push(DeadLetterService);
          controllers.push(deadLetterController(options.service));
        }
      }
    }
    return {
      module: PlatformModule,
      imports: [DiscoveryModule],
      controllers,
      providers,
      exports: exported,
    };
  }
}
