import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { PlatformModule, natsSettingsFrom } from '@orbita/platform';
import type { TasksConfig } from './config';
import { TasksModule } from './tasks/tasks.module';

@Module({})
export class AppModule {
  static register(config: TasksConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          service: 'tasks',
          nats: natsSettingsFrom(config, 'tasks'),
          requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
          mongo: { url: config.MONGO_URL, db: config.MONGO_DB },
          events: {
            relaySweepMs: config.OUTBOX_SWEEP_MS,
            failpoint: config.FAILPOINT === '-' ? undefined : config.FAILPOINT,
          },
        }),
        TasksModule,
      ],
    };
  }
}
