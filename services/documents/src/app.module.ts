import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { PlatformModule, ServiceConfigModule, natsSettingsFrom } from '@orbita/platform';
import type { DocumentsConfig } from './config';
import { DOCUMENTS_CONFIG } from './config.token';
import { FilesModule } from './files/files.module';
import { StorageModule } from './storage.module';

@Module({})
export class AppModule {
  static register(config: DocumentsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          service: 'documents',
          nats: natsSettingsFrom(config, 'documents'),
          requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
          mongo: { url: config.MONGO_URL, db: config.MONGO_DB },
          events: { relaySweepMs: config.OUTBOX_SWEEP_MS },
        }),
        ServiceConfigModule.provide(DOCUMENTS_CONFIG, config),
        StorageModule,
        FilesModule,
      ],
    };
  }
}
