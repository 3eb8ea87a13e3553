import type { OnModuleInit } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import type { EventEnvelope } from '@orbita/contracts';
import type { AccessScope } from '@orbita/platform';
import { MONGO_CONNECTION, OutboxRelay, OutboxedModel, scopeFilter } from '@orbita/platform';
import type { FileDocument } from './file.schema';
import { FileSchema } from './file.schema';

@Injectable()
export class FileRepository implements OnModuleInit {
  private readonly docs: OutboxedModel<FileDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    this.docs = new OutboxedModel(connection, 'File', FileSchema, relay);
  }

  onModuleInit(): Promise<void> {
    return this.docs.init();
  }

  private get model(): Model<FileDocument> {
    return this.docs.model;
  }

  async insert(file: FileDocument, events: EventEnvelope[]): Promise<void> {
    await this.docs.insert(file, events);
  }

  async findById(scope: AccessScope, id: string): Promise<FileDocument | null> {
    return this.model.findOne({ _id: id, ...scopeFilter(scope) }, { outbox: 0 }).lean<FileDocument>();
  }
}
