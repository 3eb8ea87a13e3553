import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { DirectoryUser } from '@orbita/contracts';
import type { SystemScope } from '@orbita/platform';
import { MONGO_CONNECTION, Repository, isDuplicateKey } from '@orbita/platform';
import type { DirectoryUserDocument } from './directory-user.schema';
import { DirectoryUserSchema } from './directory-user.schema';

/**
 * tasks' copy of identity's people. Nobody reads it as a caller (who may see whom is decided with
 * the principal's grants over the copy's org path), so its queries take the service's own scope.
 */
@Injectable()
export class DirectoryRepository extends Repository<DirectoryUserDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection, 'DirectoryUser', DirectoryUserSchema, {
      // Never read for a caller; a caller's scope would see nothing.
      visibleTo: () => ({ _id: { $in: [] } }),
    });
  }

  async user(scope: SystemScope, id: string): Promise<DirectoryUserDocument | null> {
    return this.findOne(scope, { _id: id });
  }

  /**
   * Keeps identity's state of a user unless the copy already holds a newer one: copies arrive from
   * events and from look-ups in any order, and the newest wins.
   */
  async keep(scope: SystemScope, user: DirectoryUser, at: Date): Promise<void> {
    const { id, ...state } = user;
    try {
      await this.upsert(
        scope,
        { _id: id, version: { $lte: user.version } },
        { $set: { ...state, syncedAt: at } },
      );
    } catch (err) {
      // The filter did not match because a newer copy is stored: the upsert's insert then collides.
      if (!isDuplicateKey(err)) {
        throw err;
      }
    }
  }
}
