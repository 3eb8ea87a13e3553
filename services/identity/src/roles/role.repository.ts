import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { EventEnvelope } from '@orbita/contracts';
import { MONGO_CONNECTION, OutboxRelay, Repository, systemScope } from '@orbita/platform';
import type { BuiltInRole } from './built-in-roles';
import type { RoleDocument } from './role.schema';
import { RoleSchema } from './role.schema';

/** Roles are installation-wide definitions (what a role means); where they apply is per assignment. */
const MAX_ROLES = 500;
/** Roles belong to no org: who may see which is the roles service's decision (what they may grant). */
const DEFINITIONS = systemScope('roles are installation-wide definitions, filtered by the service');

@Injectable()
export class RoleRepository extends Repository<RoleDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    super(connection, 'Role', RoleSchema, { visibleTo: () => ({ _id: { $in: [] } }), relay });
  }

  /**
   * Writes a built-in role as this version of the code defines it (at every start), with `events`
   * in the same write when that changes what its holders may do.
   */
  async upsertBuiltIn(role: BuiltInRole, at: Date, events: EventEnvelope[]): Promise<void> {
    await this.findOneAndUpdate(
      DEFINITIONS,
      { _id: role.id },
      {
        $set: {
          name: role.id,
          description: role.description,
          permissions: [...role.permissions],
          builtIn: true,
          updatedAt: at,
        },
        $setOnInsert: { createdAt: at },
      },
      { events, upsert: true },
    );
  }

  /** The seed's idempotent write of a role of the demo data (not built in); not for use cases. */
  async upsertForSeed(role: Pick<RoleDocument, '_id' | 'name' | 'description' | 'permissions'>, at: Date) {
    const { _id, ...rest } = role;
    await this.upsert(
      DEFINITIONS,
      { _id },
      { $set: { ...rest, builtIn: false }, $setOnInsert: { createdAt: at, updatedAt: at } },
    );
  }

  async all(): Promise<RoleDocument[]> {
    return this.findMany(DEFINITIONS, {}, { sort: { name: 1 }, limit: MAX_ROLES });
  }

  async byIds(ids: string[]): Promise<RoleDocument[]> {
    return ids.length === 0 ? [] : this.findMany(DEFINITIONS, { _id: { $in: ids } }, { limit: ids.length });
  }

  async findById(id: string): Promise<RoleDocument | null> {
    return this.findOne(DEFINITIONS, { _id: id });
  }

  async countAll(): Promise<number> {
    return this.count(DEFINITIONS, {});
  }

  async add(role: RoleDocument): Promise<void> {
    await this.insert(role);
  }

  /** A custom role's change, with its event (which reaches the holders) in the same write. */
  async update(
    id: string,
    changes: Partial<Pick<RoleDocument, 'description' | 'permissions'>>,
    at: Date,
    events: EventEnvelope[],
  ): Promise<RoleDocument | null> {
    return this.findOneAndUpdate(
      DEFINITIONS,
      { _id: id, builtIn: false },
      { $set: { ...changes, updatedAt: at } },
      { events },
    );
  }
}
