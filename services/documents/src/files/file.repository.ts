import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { EventEnvelope } from '@orbita/contracts';
import type { AccessScope } from '@orbita/platform';
import { MONGO_CONNECTION, OutboxRelay, Repository, scopeFilter, systemScope } from '@orbita/platform';
import type { FileDocument } from './file.schema';
import { FileSchema } from './file.schema';

/** The content sweep asks whether a key is a file's, whoever may see that file. */
const CONTENT_SWEEP = systemScope('the content sweep asks whether any file references a storage key');

@Injectable()
export class FileRepository extends Repository<FileDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    super(connection, 'File', FileSchema, { visibleTo: scopeFilter, relay });
  }

  async add(file: FileDocument, events: EventEnvelope[]): Promise<void> {
    await this.insert(file, events);
  }

  async findById(scope: AccessScope, id: string): Promise<FileDocument | null> {
    return this.findOne(scope, { _id: id });
  }

  /** Whether a file references the storage key (its upload was committed). */
  async referencesContent(storageKey: string): Promise<boolean> {
    return (await this.findOne(CONTENT_SWEEP, { storageKey }, { _id: 1 })) !== null;
  }
}
