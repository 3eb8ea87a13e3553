import * as Minio from 'minio';
import type { Readable } from 'node:stream';
import type { HealthCheck } from '../health/health';
import type { ObjectStorage, StoredObjectInfo } from './object-storage';

export interface S3Settings {
  endPoint: string;
  port: number;
  useSSL: boolean;
  accessKey: string;
  secretKey: string;
  region: string;
  bucket: string;
}

export class MinioStorage implements ObjectStorage, HealthCheck {
  readonly name = 'minio';
  private readonly client: Minio.Client;

  constructor(private readonly settings: S3Settings) {
    this.client = new Minio.Client({
      endPoint: settings.endPoint,
      port: settings.port,
      useSSL: settings.useSSL,
      accessKey: settings.accessKey,
      secretKey: settings.secretKey,
      region: settings.region,
    });
  }

  async ensureBucket(): Promise<void> {
    if (!(await this.client.bucketExists(this.settings.bucket))) {
      await this.client.makeBucket(this.settings.bucket, this.settings.region).catch(async (err: unknown) => {
        // Another instance made it first.
        if (!(await this.client.bucketExists(this.settings.bucket))) {
          throw err;
        }
      });
    }
  }

  async put(key: string, body: Readable, contentType: string): Promise<StoredObjectInfo> {
    const result = await this.client.putObject(this.settings.bucket, key, body, undefined, {
      'Content-Type': contentType,
    });
    const stat = await this.client.statObject(this.settings.bucket, key);
    return { size: stat.size, etag: result.etag };
  }

  get(key: string): Promise<Readable> {
    return this.client.getObject(this.settings.bucket, key);
  }

  async stat(key: string): Promise<StoredObjectInfo | null> {
    try {
      const stat = await this.client.statObject(this.settings.bucket, key);
      return { size: stat.size, etag: stat.etag };
    } catch (err) {
      if ((err as { code?: string }).code === 'NotFound') {
        return null;
      }
      throw err;
    }
  }

  async remove(key: string): Promise<void> {
    await this.client.removeObject(this.settings.bucket, key);
  }

  async ping(): Promise<void> {
    await this.client.bucketExists(this.settings.bucket);
  }

  check(): Promise<void> {
    return this.ping();
  }
}
