import type { OnModuleInit } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { MONGO_CONNECTION } from '@orbita/platform';
import type { OrgDocument } from './org.schema';
import { OrgSchema } from './org.schema';

@Injectable()
export class OrgRepository implements OnModuleInit {
  private readonly model: Model<OrgDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.model = connection.model<OrgDocument>('Org', OrgSchema);
  }

  async onModuleInit(): Promise<void> {
    await this.model.createIndexes();
  }

  /** An org inside the subtree of `withinOrgId` (use the company id for a system-wide look-up). */
  async findInSubtree(withinOrgId: string, id: string): Promise<OrgDocument | null> {
    return this.model.findOne({ _id: id, path: withinOrgId }).lean<OrgDocument>();
  }

  async upsert(org: OrgDocument): Promise<void> {
    await this.model.updateOne({ _id: org._id }, { $set: org }, { upsert: true });
  }
}
