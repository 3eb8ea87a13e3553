import * as Minio from 'minio';
import type { Readable } from 'node:stream';
import { PassThrough } from 'node:stream';
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
  /**
   * Size of the parts a stream of unknown length is uploaded in (at least 5 MiB). minio-js holds
   * a part or two in memory at a time, and without a size it picks parts for a 5 TiB object
   * (576 MiB each); the part size also caps an object at 10,000 parts.
   */
  partSize?: number;
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
      ...(settings.partSize !== undefined ? { partSize: settings.partSize } : {}),
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

  /**
   * Stores a stream of unknown length. minio-js pipes the body into its part chunker without
   * listening for the body's errors, so a body that fails (an upload refused half-way) would leave
   * the put waiting for ever; it gets a stream of its own instead, which ends when the body fails.
   * Whatever went wrong, nothing is left behind: neither the object nor the unfinished multipart
   * upload (whose parts would otherwise stay in the bucket, invisible, until aborted).
   */
  async put(key: string, body: Readable, contentType: string): Promise<StoredObjectInfo> {
    const feed = new PassThrough();
    const source: { failure: Error | null } = { failure: null };
    body.once('error', (err: Error) => {
      source.failure = err;
      feed.end();
    });
    body.pipe(feed);
    try {
      const result = await this.client.putObject(this.settings.bucket, key, feed, undefined, {
        'Content-Type': contentType,
      });
      if (source.failure) {
        throw source.failure;
      }
      const stat = await this.client.statObject(this.settings.bucket, key);
      return { size: stat.size, etag: result.etag };
    } catch (err) {
      await this.discard(key);
      throw source.failure ?? err;
    }
  }

  /** Removes an object and any unfinished upload of it; what does not exist is no error. */
  private async discard(key: string): Promise<void> {
    await this.client.removeIncompleteUpload(this.settings.bucket, key).catch(() => undefined);
    await this.client.removeObject(this.settings.bucket, key).catch(() => undefined);
  }

  get(key: string): Promise<Readable> {
    return this.client.getObject(this.settings.bucket, key);
  }

  getRange(key: string, offset: number, length: number): Promise<Readable> {
    if (length <= 0) {
      throw new RangeError('A ranged read takes at least one byte');
    }
    // minio-js reads "offset 0, length 0" as the whole object; a positive length is always a range.
    return this.client.getPartialObject(this.settings.bucket, key, offset, length);
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
    // A process that died mid-upload leaves its parts as an unfinished multipart upload. minio-js
    // fails when there is none; storage being down shows in removeObject right after.
    await this.client.removeIncompleteUpload(this.settings.bucket, key).catch(() => undefined);
    await this.client.removeObject(this.settings.bucket, key);
  }

  async ping(): Promise<void> {
    await this.client.bucketExists(this.settings.bucket);
  }

  check(): Promise<void> {
    return this.ping();
  }
}
