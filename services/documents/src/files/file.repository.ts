import type { OnModuleInit } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import type { EventEnvelope } from '@orbita/contracts';
import type { AccessScope } from '@orbita/platform';
import { MONGO_CONNECTION, OutboxRelay, outboxOnInsert, scopeFilter } from '@orbita/platform';
import type { FileDocument } from './file.schema';
import { FileSchema } from './file.schema';

@Injectable()
export class FileRepository implements OnModuleInit {
  private readonly model: Model<FileDocument>;

  constructor(
    @Inject(MONGO_CONNECTION) connection: Connection,
    private readonly outbox: OutboxRelay,
  ) {
    this.model = connection.model<FileDocument>('File', FileSchema);
  }

  async onModuleInit(): Promise<void> {
    await this.model.createIndexes();
    this.outbox.register(this.model as unknown as Model<never>);
  }

  async insert(file: FileDocument, events: EventEnvelope[]): Promise<void> {
    await this.model.create({ ...file, ...outboxOnInsert(events) });
    this.outbox.dispatch(this.model as unknown as Model<never>, file._id);
  }

  async findById(scope: AccessScope, id: string): Promise<FileDocument | null> {
    return this.model.findOne({ _id: id, ...scopeFilter(scope) }, { outbox: 0 }).lean<FileDocument>();
  }
}
