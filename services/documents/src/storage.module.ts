import type { OnModuleInit } from '@nestjs/common';
import { Global, Inject, Module } from '@nestjs/common';
import type { ObjectStorage } from '@orbita/platform';
import { HealthRegistry, MinioStorage } from '@orbita/platform';
import type { DocumentsConfig } from './config';
import { DOCUMENTS_CONFIG, OBJECT_STORAGE } from './config.token';

/** S3 takes at most 10,000 parts: a larger limit makes larger parts. */
const MAX_PARTS = 10_000;
const MIB = 1024 * 1024;

export function partSizeFor(config: Pick<DocumentsConfig, 'UPLOAD_PART_BYTES' | 'MAX_UPLOAD_BYTES'>): number {
  const needed = Math.ceil(config.MAX_UPLOAD_BYTES / MAX_PARTS / MIB) * MIB;
  return Math.max(config.UPLOAD_PART_BYTES, needed);
}

/** Object storage for file contents: MinIO locally, any S3 server in production. */
@Global()
@Module({
  providers: [
    {
      provide: OBJECT_STORAGE,
      inject: [DOCUMENTS_CONFIG],
      useFactory: (config: DocumentsConfig): MinioStorage =>
        new MinioStorage({
          endPoint: config.MINIO_ENDPOINT,
          port: config.MINIO_PORT,
          useSSL: config.MINIO_USE_SSL,
          accessKey: config.MINIO_ACCESS_KEY,
          secretKey: config.MINIO_SECRET_KEY,
          region: config.MINIO_REGION,
          bucket: config.MINIO_BUCKET,
          partSize: partSizeFor(config),
        }),
    },
  ],
  exports: [OBJECT_STORAGE],
})
export class StorageModule implements OnModuleInit {
  constructor(
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage & { name?: string },
    private readonly health: HealthRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.storage.ensureBucket();
    this.health.register({ name: 'minio', check: () => this.storage.ping() });
  }
}
