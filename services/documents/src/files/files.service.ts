import type { OnModuleInit } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import type { FileView, Principal } from '@orbita/contracts';
import { DocumentsEvents, ErrorCode, Permission } from '@orbita/contracts';
import type { Clock, IdGenerator } from '@orbita/platform';
import { AppError, CLOCK, EventFactory, ID_GENERATOR, hasPermission, scopeOf } from '@orbita/platform';
import type { ServedContent } from '../content/content-responder';
import { ContentStore } from '../content/content-store';
import type { UploadSource } from '../content/upload-source';
import { FileRepository } from './file.repository';
import type { FileDocument } from './file.schema';

/** Where the contents of files are stored. */
const FILES_PREFIX = 'files';

/** What the content of a file is sent from: its metadata, with the storage key. */
export type FileContent = ServedContent;

@Injectable()
export class FilesService implements OnModuleInit {
  constructor(
    private readonly files: FileRepository,
    private readonly content: ContentStore,
    private readonly events: EventFactory,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  onModuleInit(): void {
    this.content.registerReferences(FILES_PREFIX, (storageKey) => this.files.referencesContent(storageKey));
  }

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
    const stored = await this.content.store(source, FILES_PREFIX);
    const id = this.ids.newId();
    const name = stored.fileName;
    const file: FileDocument = {
      _id: id,
      orgId: principal.orgId,
      orgPath: principal.orgPath,
      participants: [principal.userId],
      name,
      size: stored.size,
      sha256: stored.sha256,
      mimeType: stored.mimeType,
      storageKey: stored.storageKey,
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
      await this.content.discard(stored.storageKey);
      throw err;
    }
    await this.content.settle(stored.storageKey);
    return toView(file);
  }

  async get(principal: Principal, fileId: string): Promise<FileView> {
    return toView(await this.findVisible(principal, fileId));
  }

  async open(principal: Principal, fileId: string): Promise<FileContent> {
    const file = await this.findVisible(principal, fileId);
    return {
      storageKey: file.storageKey,
      size: file.size,
      sha256: file.sha256,
      mimeType: file.mimeType,
      fileName: file.name,
    };
  }

  private async findVisible(principal: Principal, fileId: string): Promise<FileDocument> {
    const file = await this.files.findById(scopeOf(principal, Permission.FileRead), fileId);
    if (!file) {
      throw AppError.notFound('file');
    }
    return file;
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
