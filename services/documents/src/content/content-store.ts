import { Inject, Injectable, Logger } from '@nestjs/common';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ErrorCode } from '@orbita/contracts';
import type { Clock, IdGenerator, ObjectStorage } from '@orbita/platform';
import { AppError, CLOCK, ID_GENERATOR } from '@orbita/platform';
import type { DocumentsConfig } from '../config';
import { DOCUMENTS_CONFIG, OBJECT_STORAGE } from '../config.token';
import { ContentFailpoint } from './content.failpoints';
import { parseAllowedTypes } from './content-policy';
import type { ReferenceCheck } from './content-references';
import { ContentReferences } from './content-references';
import { cleanFileName } from './content-type.util';
import { PendingUploadRepository } from './pending-upload.repository';
import { EMPTY_FILE, UploadInspector } from './upload-inspector';
import type { UploadSource } from './upload-source';

/** Content as stored: where, how big, its checksum, its detected type and its cleaned name. */
export interface StoredContent {
  storageKey: string;
  size: number;
  sha256: string;
  mimeType: string;
  fileName: string;
}

/** The pending record of a long upload is refreshed this often (at most), so no sweep takes it. */
const MAX_HEARTBEAT_MS = 60_000;

/**
 * Puts content into object storage for a caller that then commits metadata referencing it. Every
 * stored object has a pending record, written before its first byte, until the caller settles it
 * (committed) or discards it (its write failed); a crash in between leaves the record, and the
 * sweep (AbandonedUploadSweep) removes the object once the record is old and no one claims it.
 */
@Injectable()
export class ContentStore {
  private readonly logger = new Logger(ContentStore.name);
  private readonly allowed: ReadonlySet<string>;
  /** Keys this process is storing right now: never swept, whatever the clock says. */
  private readonly storing = new Set<string>();

  constructor(
    private readonly pending: PendingUploadRepository,
    private readonly references: ContentReferences,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    @Inject(DOCUMENTS_CONFIG) private readonly config: DocumentsConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {
    this.allowed = parseAllowedTypes(config.ALLOWED_CONTENT_TYPES);
  }

  /**
   * Streams into object storage under `${keyPrefix}/${new id}` while checking size and type and
   * hashing; records a pending upload first; on any failure removes what it stored and throws an
   * AppError (too large, empty, type not allowed, interrupted, storage unavailable).
   */
  async store(source: UploadSource, keyPrefix: string): Promise<StoredContent> {
    const max = this.config.MAX_UPLOAD_BYTES;
    if (source.declaredLength !== null && source.declaredLength > max) {
      source.stream.resume();
      throw AppError.payloadTooLarge('file', max);
    }
    if (source.declaredLength === 0) {
      // Refused before storage is touched; a body of unknown length is checked by the inspector.
      source.stream.resume();
      throw AppError.validation(EMPTY_FILE);
    }
    const fileName = cleanFileName(source.fileName);
    const storageKey = `${keyPrefix}/${this.ids.newId()}`;
    try {
      await this.pending.record(storageKey, keyPrefix, this.clock.now());
    } catch (err) {
      source.stream.resume();
      throw err;
    }
    this.storing.add(storageKey);
    const heartbeat = setInterval(
      () => {
        this.pending.touch(storageKey, this.clock.now()).catch((err: unknown) => {
          this.logger.warn({ err, storageKey, msg: 'Could not refresh the pending record of an upload' });
        });
      },
      Math.min(MAX_HEARTBEAT_MS, this.config.UPLOAD_ABANDONED_AFTER_MS / 4),
    );
    heartbeat.unref();
    try {
      const inspector = new UploadInspector(max, fileName, this.allowed);
      // Both settle before anything is cleaned up: removing the object while storage is still
      // finishing it would leave it behind.
      const [streamed, stored] = await Promise.allSettled([
        pipeline(source.stream, inspector),
        this.storage.put(storageKey, inspector, 'application/octet-stream'),
      ]);
      if (streamed.status === 'rejected' || stored.status === 'rejected') {
        source.stream.resume();
        await this.discard(storageKey);
        const reasons: unknown[] = [];
        for (const settled of [streamed, stored]) {
          if (settled.status === 'rejected') {
            reasons.push(settled.reason);
          }
        }
        // The inspector's refusal (too large, a type not allowed, empty) says more than the
        // storage failure it caused.
        const refusal = reasons.find((reason) => reason instanceof AppError);
        throw refusal ?? this.uploadFailure(reasons[0]);
      }
      const content = inspector.result();
      this.failpoint(ContentFailpoint.UploadStored);
      return { storageKey, fileName, ...content };
    } finally {
      clearInterval(heartbeat);
      this.storing.delete(storageKey);
    }
  }

  /** The same for content made by the service itself (generated PDFs). */
  storeBuffer(content: Buffer, fileName: string, keyPrefix: string): Promise<StoredContent> {
    return this.store(
      { stream: Readable.from([content]), fileName, declaredLength: content.length },
      keyPrefix,
    );
  }

  /**
   * The caller has committed metadata that references the key: no longer pending. Never throws:
   * the commit stands, and a record left by a failure here is claimed by the reference check.
   */
  async settle(storageKey: string): Promise<void> {
    await this.pending.remove(storageKey).catch((err: unknown) => {
      this.logger.warn({ err, storageKey, msg: 'Could not settle a pending upload; the sweep will' });
    });
  }

  /**
   * The caller's metadata write failed: removes the object quietly (logged). The pending record
   * goes only with the object, so content that could not be removed now is swept later.
   */
  async discard(storageKey: string): Promise<void> {
    try {
      await this.storage.remove(storageKey);
    } catch (err) {
      this.logger.warn({ err, storageKey, msg: 'Could not remove uncommitted content; the sweep will' });
      return;
    }
    await this.pending.remove(storageKey).catch((err: unknown) => {
      this.logger.warn({ err, storageKey, msg: 'Could not drop the pending record of removed content' });
    });
  }

  /** Lets the sweep ask whether a pending key was committed after all (crash between commit and settle). */
  registerReferences(keyPrefix: string, isReferenced: (storageKey: string) => Promise<boolean>): void {
    const check: ReferenceCheck = isReferenced;
    this.references.register(keyPrefix, check);
  }

  /** Whether this process is storing the key right now. */
  isStoring(storageKey: string): boolean {
    return this.storing.has(storageKey);
  }

  private failpoint(name: string): void {
    if (this.config.FAILPOINT === name) {
      this.logger.warn({ failpoint: name, msg: 'Failpoint reached: killing the process' });
      process.kill(process.pid, 'SIGKILL');
    }
  }

  private uploadFailure(err: unknown): AppError {
    // The client went away mid-upload, or storage failed: the caller gets a clear answer either way.
    const reason = err instanceof Error ? err.message : String(err);
    if (/aborted|premature close|ECONNRESET/i.test(reason)) {
      return AppError.validation({
        en: 'the upload was interrupted before the whole file arrived',
        ru: 'загрузка прервалась до того, как файл пришёл целиком',
      });
    }
    this.logger.error({ err, msg: 'Storing an upload failed' });
    return new AppError(ErrorCode.ServiceUnavailable, { service: 'storage' });
  }
}
