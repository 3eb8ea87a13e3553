import type { OnModuleInit } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { MONGO_CONNECTION } from '@orbita/platform';
import type { UserDocument } from './user.schema';
import { UserSchema } from './user.schema';

@Injectable()
export class UserRepository implements OnModuleInit {
  private readonly model: Model<UserDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.model = connection.model<UserDocument>('User', UserSchema);
  }

  async onModuleInit(): Promise<void> {
    await this.model.createIndexes();
  }

  /**
   * The one unscoped look-up: login happens before anyone is known. Nothing it returns leaves the
   * identity service except through the login answer.
   */
  async findByEmailForLogin(email: string): Promise<UserDocument | null> {
    return this.model.findOne({ email }).lean<UserDocument>();
  }

  /** A user inside the subtree of `withinOrgId`. */
  async findInSubtree(withinOrgId: string, id: string): Promise<UserDocument | null> {
    return this.model.findOne({ _id: id, orgPath: withinOrgId }).lean<UserDocument>();
  }

  async upsertByEmail(user: UserDocument): Promise<void> {
    const { _id, createdAt, ...rest } = user;
    await this.model.updateOne(
      { email: user.email },
      { $set: rest, $setOnInsert: { _id, createdAt } },
      { upsert: true },
    );
  }
}
