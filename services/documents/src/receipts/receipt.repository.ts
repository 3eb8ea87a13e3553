import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { EventEnvelope } from '@orbita/contracts';
import { MONGO_CONNECTION, OutboxRelay, Repository, isDuplicateKey, systemScope } from '@orbita/platform';
import type { ReceiptRecord } from './receipt.schema';
import { ReceiptRecordSchema } from './receipt.schema';

/**
 * Receipts are read only through their document, whose visibility the use case checked first:
 * a receipt has no access fields of its own.
 */
const THROUGH_DOCUMENT = systemScope('receipts are read through their document, whose access was checked');

/** Longest chain answered at once; a document with more receipts than this is not a real case. */
export const MAX_CHAIN = 5_000;

@Injectable()
export class ReceiptRepository extends Repository<ReceiptRecord> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    super(connection, 'Receipt', ReceiptRecordSchema, {
      visibleTo: () => {
        throw new Error('receipts are read through their document');
      },
      relay,
    });
  }

  async last(documentId: string): Promise<ReceiptRecord | null> {
    const [last] = await this.findMany(THROUGH_DOCUMENT, { documentId }, { sort: { seq: -1 }, limit: 1 });
    return last ?? null;
  }

  async byOnceKey(onceKey: string): Promise<ReceiptRecord | null> {
    return this.findOne(THROUGH_DOCUMENT, { onceKey });
  }

  async chain(documentId: string, upToSeq = Number.MAX_SAFE_INTEGER): Promise<ReceiptRecord[]> {
    return this.findMany(
      THROUGH_DOCUMENT,
      { documentId, seq: { $lte: upToSeq } },
      { sort: { seq: 1 }, limit: MAX_CHAIN },
    );
  }

  async byId(documentId: string, id: string): Promise<ReceiptRecord | null> {
    return this.findOne(THROUGH_DOCUMENT, { _id: id, documentId });
  }

  /** Appends; false when the place in the chain or the once-key was taken meanwhile. */
  async append(receipt: ReceiptRecord, events: EventEnvelope[]): Promise<boolean> {
    try {
      await this.insert(receipt, events);
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) {
        return false;
      }
      throw err;
    }
  }
}
