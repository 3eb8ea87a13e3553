import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { QueryScope } from '@orbita/platform';
import { MONGO_CONNECTION, Repository } from '@orbita/platform';
import type { RegisterDefinitionDocument } from './register-definition.schema';
import { RegisterDefinitionSchema } from './register-definition.schema';

/** Definitions belong to the installation, not to an org: a caller reads them all. */
const EVERYONE = (): Record<string, unknown> => ({});

/** More registers than this is a modelling mistake, not a use: the list is read whole. */
export const MAX_REGISTERS = 200;

@Injectable()
export class RegisterDefinitionRepository extends Repository<RegisterDefinitionDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection, 'RegisterDefinition', RegisterDefinitionSchema, { visibleTo: EVERYONE });
  }

  async byKey(scope: QueryScope, key: string): Promise<RegisterDefinitionDocument | null> {
    return this.findOne(scope, { _id: key });
  }

  async all(scope: QueryScope): Promise<RegisterDefinitionDocument[]> {
    return this.findMany(scope, {}, { sort: { _id: 1 }, limit: MAX_REGISTERS });
  }

  /** Inserts a new definition; false when one with the key exists (someone was quicker). */
  async add(doc: RegisterDefinitionDocument): Promise<boolean> {
    return this.insertOnce(doc);
  }

  /** Replaces the definition made at `version` with the next one; false when another change won. */
  async replace(
    scope: QueryScope,
    version: number,
    doc: Omit<RegisterDefinitionDocument, 'createdAt'>,
  ): Promise<boolean> {
    return this.updateOne(scope, { _id: doc._id, version }, { $set: doc });
  }
}
