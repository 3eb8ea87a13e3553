import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { EventEnvelope } from '@orbita/contracts';
import { MONGO_CONNECTION, OutboxRelay, OutboxedRepository, outboxOnUpdate } from '@orbita/platform';
import type { BuiltInRole } from './built-in-roles';
import type { RoleDocument } from './role.schema';
import { RoleSchema } from './role.schema';

/** Roles are installation-wide definitions (what a role means); where they apply is per assignment. */
const MAX_ROLES = 500;
const NO_OUTBOX = { outbox: 0 } as const;

@Injectable()
export class RoleRepository extends OutboxedRepository<RoleDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    super(connection, 'Role', RoleSchema, relay);
  }

  /**
   * Writes a built-in role as this version of the code defines it (at every start), with `events`
   * in the same write when that changes what its holders may do.
   */
  async upsertBuiltIn(role: BuiltInRole, at: Date, events: EventEnvelope[]): Promise<void> {
    const ops = outboxOnUpdate(events);
    await this.model.updateOne(
      { _id: role.id },
      {
        ...ops,
        $set: {
          ...ops.$set,
          name: role.id,
          description: role.description,
          permissions: [...role.permissions],
          builtIn: true,
          updatedAt: at,
        },
        $setOnInsert: { createdAt: at },
      },
      { upsert: true },
    );
    this.published(role.id, events);
  }

  async all(): Promise<RoleDocument[]> {
    return this.model.find({}, NO_OUTBOX).sort({ name: 1 }).limit(MAX_ROLES).lean<RoleDocument[]>();
  }

  async byIds(ids: string[]): Promise<RoleDocument[]> {
    return ids.length === 0 ? [] : this.model.find({ _id: { $in: ids } }, NO_OUTBOX).lean<RoleDocument[]>();
  }

  async findById(id: string): Promise<RoleDocument | null> {
    return this.model.findById(id, NO_OUTBOX).lean<RoleDocument>();
  }

  async count(): Promise<number> {
    return this.model.countDocuments();
  }

  async insert(role: RoleDocument): Promise<void> {
    await this.model.create(role);
  }

  /** A custom role's change, with its event (which reaches the holders) in the same write. */
  async update(
    id: string,
    changes: Partial<Pick<RoleDocument, 'description' | 'permissions'>>,
    at: Date,
    events: EventEnvelope[],
  ): Promise<RoleDocument | null> {
    const ops = outboxOnUpdate(events);
    const updated = await this.model
      .findOneAndUpdate(
        { _id: id, builtIn: false },
        { ...ops, $set: { ...ops.$set, ...changes, updatedAt: at } },
        // Without a projection: FerretDB 1.24 has none for findAndModify (toRoleView ignores the outbox).
        { returnDocument: 'after' },
      )
      .lean<RoleDocument>();
    if (updated) {
      this.published(id, events);
    }
    return updated;
  }
}
