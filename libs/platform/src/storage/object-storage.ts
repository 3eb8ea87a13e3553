import type { Readable } from 'node:stream';

export interface StoredObjectInfo {
  size: number;
  etag: string;
}

/**
 * Object storage as the documents service needs it; any S3 server fits behind it (MinIO locally).
 */
export interface ObjectStorage {
  ensureBucket(): Promise<void>;
  put(key: string, body: Readable, contentType: string): Promise<StoredObjectInfo>;
  get(key: string): Promise<Readable>;
  /** `length` bytes from `offset` (both within the object). */
  getRange(key: string, offset: number, length: number): Promise<Readable>;
  stat(key: string): Promise<StoredObjectInfo | null>;
  /** Removes the object and any unfinished upload of it; what does not exist is no error. */
  remove(key: string): Promise<void>;
  ping(): Promise<void>;
}
