import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { PlatformModule, ServiceConfigModule, platformOptionsFrom } from '@orbita/platform';
import type { DocumentsConfig } from './config';
import { DOCUMENTS_CONFIG } from './config.token';
import { DocumentsModule } from './documents/documents.module';
import { FilesModule } from './files/files.module';
import { RenderingModule } from './rendering/rendering.module';
import { StorageModule } from './storage.module';

@Module({})
export class AppModule {
  static register(config: DocumentsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService(platformOptionsFrom('documents', config)),
        ServiceConfigModule.provide(DOCUMENTS_CONFIG, config),
        StorageModule,
        FilesModule,
        DocumentsModule,
        RenderingModule,
      ],
    };
  }
}
