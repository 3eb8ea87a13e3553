import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { PlatformModule, natsSettingsFrom } from '@orbita/platform';
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
        {
          module: class DocumentsConfigModule {},
          global: true,
          providers: [{ provide: DOCUMENTS_CONFIG, useValue: config }],
          exports: [DOCUMENTS_CONFIG],
        },
        StorageModule,
        FilesModule,
      ],
    };
  }
}
