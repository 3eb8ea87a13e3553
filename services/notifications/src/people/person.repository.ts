import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { SystemScope } from '@orbita/platform';
import { MONGO_CONNECTION, Repository, isDuplicateKey } from '@orbita/platform';
import type { PersonDocument } from './person.schema';
import { PersonSchema } from './person.schema';

/** notifications' copy of identity's people; never read for a caller, so its queries take the service's scope. */
@Injectable()
export class PersonRepository extends Repository<PersonDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection, 'Person', PersonSchema, {
      // Never read for a caller; a caller's scope would see nothing.
      visibleTo: () => ({ _id: { $in: [] } }),
    });
  }

  async byIds(scope: SystemScope, ids: readonly string[]): Promise<PersonDocument[]> {
    return this.findByIds(scope, ids);
  }

  /** Everyone in the copy after `afterId`, in id order (the digest's walk through people). */
  async after(scope: SystemScope, afterId: string | null, limit: number): Promise<PersonDocument[]> {
    return this.findMany(scope, afterId ? { _id: { $gt: afterId } } : {}, { sort: { _id: 1 }, limit });
  }

  /** Active people of the org after `afterId`, in id order. */
  async activeOf(
    scope: SystemScope,
    orgId: string,
    afterId: string | null,
    limit: number,
  ): Promise<PersonDocument[]> {
    return this.findMany(
      scope,
      { orgId, status: 'active', ...(afterId ? { _id: { $gt: afterId } } : {}) },
      { sort: { _id: 1 }, limit },
    );
  }

  /**
   * Keeps a state of the person unless the copy already holds a newer one: states arrive from
   * events and look-ups in any order, and the newest wins (the same version twice changes nothing).
   */
  async keep(scope: SystemScope, person: PersonDocument): Promise<void> {
    const { _id, ...state } = person;
    try {
      await this.upsert(scope, { _id, version: { $lte: person.version } }, { $set: state });
    } catch (err) {
      // The filter did not match because a newer state is stored: the upsert's insert then collides.
      if (!isDuplicateKey(err)) {
        throw err;
      }
    }
  }
}
