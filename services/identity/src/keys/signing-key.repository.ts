import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { MONGO_CONNECTION, Repository, systemScope } from '@orbita/platform';
import type { SigningKeyDocument } from './signing-key.schema';
import { SigningKeySchema } from './signing-key.schema';

/** The installation's token signing keys: identity's own, no caller's. */
const KEYS = systemScope("identity's own signing keys");

@Injectable()
export class SigningKeyRepository extends Repository<SigningKeyDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection, 'SigningKey', SigningKeySchema, { visibleTo: () => ({ _id: { $in: [] } }) });
  }

  async add(key: SigningKeyDocument): Promise<void> {
    await this.insert(key);
  }

  /** Keys not retired by `at`, newest first (a handful: rotation adds one, retirement removes one). */
  async inUse(at: Date): Promise<SigningKeyDocument[]> {
    return this.findMany(
      KEYS,
      { $or: [{ retiredAt: null }, { retiredAt: { $gt: at } }] },
      {
        sort: { createdAt: -1 },
        limit: 50,
      },
    );
  }

  async newestUnretired(): Promise<SigningKeyDocument | null> {
    const [newest] = await this.findMany(KEYS, { retiredAt: null }, { sort: { createdAt: -1 }, limit: 1 });
    return newest ?? null;
  }

  /** Marks every other unretired key to retire at `at`. */
  async retireAllBut(kid: string, at: Date): Promise<void> {
    await this.updateMany(KEYS, { _id: { $ne: kid }, retiredAt: null }, { $set: { retiredAt: at } });
  }
}
