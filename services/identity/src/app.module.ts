import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { PlatformModule, ServiceConfigModule, natsSettingsFrom } from '@orbita/platform';
import type { IdentityConfig } from './config';
import { IDENTITY_CONFIG } from './config.token';
import { IdentityModule } from './identity.module';

@Module({})
export class AppModule {
  static register(config: IdentityConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          service: 'identity',
          nats: natsSettingsFrom(config, 'identity'),
          requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
          mongo: { url: config.MONGO_URL, db: config.MONGO_DB },
          events: { relaySweepMs: config.OUTBOX_SWEEP_MS },
        }),
        ServiceConfigModule.provide(IDENTITY_CONFIG, config),
        IdentityModule,
      ],
    };
  }
}
