import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FileView, Principal } from '@orbita/contracts';
import { DocumentsEvents, ErrorCode, Permission } from '@orbita/contracts';
import type { Clock, IdGenerator, ObjectStorage } from '@orbita/platform';
import { AppError, CLOCK, EventFactory, ID_GENERATOR, hasPermission, scopeOf } from '@orbita/platform';
import type { DocumentsConfig } from '../config';
import { DOCUMENTS_CONFIG, OBJECT_STORAGE } from '../config.token';
import { cleanFileName } from './content-type.util';
import { FileRepository } from './file.repository';
import type { FileDocument } from './file.schema';
import { EMPTY_FILE, UploadInspector } from './upload-inspector';

export interface UploadSource {
  stream: Readable;
  fileName: string | undefined;
  /** Content-Length when the client sent one: a too-large file is refused before reading it. */
  declaredLength: number | null;
}

export interface FileContent {
  file: FileView;
  stream: Readable;
}

@Injectable()
export class FilesService {
  private readonly logger = new Logger(FilesService.name);

  constructor(
    private readonly files: FileRepository,
    private readonly events: EventFactory,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    @Inject(DOCUMENTS_CONFIG) private readonly config: DocumentsConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  /**
   * Streams the upload into object storage while hashing it; the metadata (and with it the file's
   * visibility) is written only after the content is stored whole, and a failed upload removes what
   * it stored, so nothing half-uploaded is ever visible.
   */
  async upload(principal: Principal, source: UploadSource): Promise<FileView> {
    // Filing a file into one's org takes file.manage there; portal users attach files to the
    // requests they take part in, not to the org's files.
    if (!hasPermission(principal, Permission.FileManage, principal.orgPath)) {
      source.stream.resume();
      throw new AppError(ErrorCode.Forbidden);
    }
    const max = this.config.MAX_UPLOAD_BYTES;
    if (source.declaredLength !== null && source.declaredLength > max) {
      source.stream.resume();
      throw AppError.payloadTooLarge('file', max);
    }
    if (source.declaredLength === 0) {
      // Refused before storage is touched; a body of unknown length is checked by the inspector.
      throw AppError.validation(EMPTY_FILE);
    }
    const id = this.ids.newId();
    const name = cleanFileName(source.fileName);
    const storageKey = `files/${id}`;
    const inspector = new UploadInspector(max, name);
    // Both settle before anything is cleaned up: removing the object while storage is still
    // finishing it would leave it behind.
    const [streamed, stored] = await Promise.allSettled([
      pipeline(source.stream, inspector),
      this.storage.put(storageKey, inspector, 'application/octet-stream'),
    ]);
    if (streamed.status === 'rejected' || stored.status === 'rejected') {
      source.stream.resume();
      await this.removeQuietly(storageKey);
      const reasons: unknown[] = [];
      for (const settled of [streamed, stored]) {
        if (settled.status === 'rejected') {
          reasons.push(settled.reason);
        }
      }
      // The inspector's refusal (too large, a program, empty) says more than storage's failure it caused.
      const refusal = reasons.find((reason) => reason instanceof AppError);
      throw refusal ?? this.uploadFailure(reasons[0]);
    }
    const content = inspector.result();
    const file: FileDocument = {
      _id: id,
      orgId: principal.orgId,
      orgPath: principal.orgPath,
      participants: [principal.userId],
      name,
      size: content.size,
      sha256: content.sha256,
      mimeType: content.mimeType,
      storageKey,
      uploadedBy: principal.userId,
      createdAt: this.clock.now(),
    };
    const uploaded = this.events.create(DocumentsEvents.fileUploaded, {
      orgId: file.orgId,
      subject: { type: 'file', id },
      data: { fileId: id, name, size: file.size, sha256: file.sha256, mimeType: file.mimeType },
    });
    try {
      await this.files.add(file, [uploaded]);
    } catch (err) {
      await this.removeQuietly(storageKey);
      throw err;
    }
    return toView(file);
  }

  async get(principal: Principal, fileId: string): Promise<FileView> {
    return toView(await this.findVisible(principal, fileId));
  }

  async open(principal: Principal, fileId: string): Promise<FileContent> {
    const file = await this.findVisible(principal, fileId);
    return { file: toView(file), stream: await this.storage.get(file.storageKey) };
  }

  private async findVisible(principal: Principal, fileId: string): Promise<FileDocument> {
    const file = await this.files.findById(scopeOf(principal, Permission.FileRead), fileId);
    if (!file) {
      throw AppError.notFound('file');
    }
    return file;
  }

  private async removeQuietly(key: string): Promise<void> {
    await this.storage.remove(key).catch((err: unknown) => {
      this.logger.warn({ err, key, msg: 'Could not remove the content of a failed upload' });
    });
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

function toView(file: FileDocument): FileView {
  return {
    id: file._id,
    orgId: file.orgId,
    name: file.name,
    size: file.size,
    sha256: file.sha256,
    mimeType: file.mimeType,
    uploadedBy: file.uploadedBy,
    createdAt: file.createdAt.toISOString(),
  };
}
