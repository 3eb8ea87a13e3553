import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { DeadLetterStatus } from '@orbita/contracts';
import { systemScope } from '../../access/access-scope';
import { MONGO_CONNECTION } from '../../bus/tokens';
import type { PageRequest } from '../../mongo/repository';
import { Repository } from '../../mongo/repository';
import type { DeadLetterDocument } from './dead-letter.schema';
import { DeadLetterSchema } from './dead-letter.schema';

/** The service's own operational record; only admins see it, through the service's check. */
const OPERATIONS = systemScope("the service's own dead letters, shown to admins only");

@Injectable()
export class DeadLetterRepository extends Repository<DeadLetterDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection, 'DeadLetter', DeadLetterSchema, { visibleTo: () => ({ _id: { $in: [] } }) });
  }

  /** Parks a message unless it is parked already; whether this call did. */
  async park(letter: DeadLetterDocument): Promise<boolean> {
    return this.insertOnce(letter);
  }

  async byId(id: string): Promise<DeadLetterDocument | null> {
    return this.findOne(OPERATIONS, { _id: id });
  }

  async list(status: DeadLetterStatus, page: PageRequest): Promise<DeadLetterDocument[]> {
    return this.findPage(OPERATIONS, { status }, page, 'desc');
  }

  /** Closes a parked letter (replayed or discarded), once; null if it was not parked. */
  async resolve(
    id: string,
    status: Exclude<DeadLetterStatus, 'parked'>,
    at: Date,
    by: string,
  ): Promise<DeadLetterDocument | null> {
    return this.findOneAndUpdate(
      OPERATIONS,
      { _id: id, status: 'parked' },
      { $set: { status, resolvedAt: at, resolvedBy: by } },
    );
  }

  /** A replay that failed again: the new error, one more attempt, still parked. */
  async failedAgain(id: string, error: string, at: Date): Promise<DeadLetterDocument | null> {
    return this.findOneAndUpdate(
      OPERATIONS,
      { _id: id, status: 'parked' },
      { $set: { error, lastFailedAt: at }, $inc: { attempts: 1 } },
    );
  }
}
