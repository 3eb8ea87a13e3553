import type { OnModuleInit } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { MONGO_CONNECTION } from '@orbita/platform';
import { BUILT_IN_ROLES } from './built-in-roles';
import type { RoleDocument } from './role.schema';
import { RoleSchema } from './role.schema';

/** Roles are installation-wide definitions (what a role means); where they apply is per assignment. */
const MAX_ROLES = 500;

@Injectable()
export class RoleRepository implements OnModuleInit {
  private readonly model: Model<RoleDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.model = connection.model<RoleDocument>('Role', RoleSchema);
  }

  async onModuleInit(): Promise<void> {
    await this.model.createIndexes();
    const now = new Date();
    for (const role of BUILT_IN_ROLES) {
      await this.model.updateOne(
        { _id: role.id },
        {
          $set: {
            name: role.id,
            description: role.description,
            permissions: [...role.permissions],
            builtIn: true,
            updatedAt: now,
          },
          $setOnInsert: { createdAt: now },
        },
        { upsert: true },
      );
    }
  }

  async all(): Promise<RoleDocument[]> {
    return this.model.find().sort({ name: 1 }).limit(MAX_ROLES).lean<RoleDocument[]>();
  }

  async byIds(ids: string[]): Promise<RoleDocument[]> {
    return ids.length === 0 ? [] : this.model.find({ _id: { $in: ids } }).lean<RoleDocument[]>();
  }

  async findById(id: string): Promise<RoleDocument | null> {
    return this.model.findById(id).lean<RoleDocument>();
  }

  async count(): Promise<number> {
    return this.model.countDocuments();
  }

  async insert(role: RoleDocument): Promise<void> {
    await this.model.create(role);
  }

  async update(
    id: string,
    changes: Partial<Pick<RoleDocument, 'description' | 'permissions'>>,
    at: Date,
  ): Promise<RoleDocument | null> {
    return this.model
      .findOneAndUpdate(
        { _id: id, builtIn: false },
        { $set: { ...changes, updatedAt: at } },
        { returnDocument: 'after' },
      )
      .lean<RoleDocument>();
  }
}
