import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { MONGO_CONNECTION, Repository, systemScope } from '@orbita/platform';
import type { PendingUploadDocument } from './pending-upload.schema';
import { PendingUploadSchema } from './pending-upload.schema';

/** The service's own bookkeeping of objects not yet referenced; no caller ever reads it. */
const BOOKKEEPING = systemScope("the documents service's own record of uploads not yet committed");

@Injectable()
export class PendingUploadRepository extends Repository<PendingUploadDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection, 'PendingUpload', PendingUploadSchema, { visibleTo: () => ({ _id: { $in: [] } }) });
  }

  async record(storageKey: string, keyPrefix: string, at: Date): Promise<void> {
    await this.insert({ _id: storageKey, keyPrefix, startedAt: at, seenAt: at });
  }

  async touch(storageKey: string, at: Date): Promise<void> {
    await this.updateOne(BOOKKEEPING, { _id: storageKey }, { $set: { seenAt: at } });
  }

  async remove(storageKey: string): Promise<void> {
    await this.deleteMany(BOOKKEEPING, { _id: storageKey });
  }

  /** The oldest records not seen since `before`, at most `limit`. */
  async abandoned(before: Date, limit: number): Promise<PendingUploadDocument[]> {
    return this.findMany(BOOKKEEPING, { seenAt: { $lt: before } }, { sort: { seenAt: 1 }, limit });
  }
}
