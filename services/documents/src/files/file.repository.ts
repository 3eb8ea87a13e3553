import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { EventEnvelope } from '@orbita/contracts';
import type { AccessScope } from '@orbita/platform';
import { MONGO_CONNECTION, OutboxRelay, Repository, scopeFilter } from '@orbita/platform';
import type { FileDocument } from './file.schema';
import { FileSchema } from './file.schema';

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
}
