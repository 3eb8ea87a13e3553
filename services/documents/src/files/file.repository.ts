import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { EventEnvelope } from '@orbita/contracts';
import type { AccessScope } from '@orbita/platform';
import { MONGO_CONNECTION, OutboxRelay, OutboxedRepository, scopeFilter } from '@orbita/platform';
import type { FileDocument } from './file.schema';
import { FileSchema } from './file.schema';

@Injectable()
export class FileRepository extends OutboxedRepository<FileDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    super(connection, 'File', FileSchema, relay);
  }

  async insert(file: FileDocument, events: EventEnvelope[]): Promise<void> {
    await this.insertWithEvents(file, events);
  }

  async findById(scope: AccessScope, id: string): Promise<FileDocument | null> {
    return this.model.findOne({ _id: id, ...scopeFilter(scope) }, { outbox: 0 }).lean<FileDocument>();
  }
}
