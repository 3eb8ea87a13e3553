import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { EventEnvelope } from '@orbita/contracts';
import type { AccessScope } from '@orbita/platform';
import {
  MONGO_CONNECTION,
  OutboxRelay,
  OutboxedRepository,
  decodeCursor,
  outboxOnUpdate,
} from '@orbita/platform';
import type { OrgDocument } from './org.schema';
import { OrgSchema } from './org.schema';

/** Orgs are scoped by their own path: an org is visible when its path holds a granted org. */
function orgScopeFilter(scope: AccessScope): Record<string, unknown> {
  return { path: { $in: [...scope.orgIds] } };
}

@Injectable()
export class OrgRepository extends OutboxedRepository<OrgDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    super(connection, 'Org', OrgSchema, relay);
  }

  async findVisible(scope: AccessScope, id: string): Promise<OrgDocument | null> {
    return this.model.findOne({ _id: id, ...orgScopeFilter(scope) }, { outbox: 0 }).lean<OrgDocument>();
  }

  /**
   * For identity's own decisions (token claims, invitation checks), never for answering a caller:
   * the org is looked up inside the given company only.
   */
  async findInCompany(companyId: string, id: string): Promise<OrgDocument | null> {
    return this.model.findOne({ _id: id, path: companyId }, { outbox: 0 }).lean<OrgDocument>();
  }

  async listVisible(
    scope: AccessScope,
    filter: { parentId?: string | undefined },
    page: { cursor?: string | undefined; limit: number },
  ): Promise<OrgDocument[]> {
    const after = decodeCursor(page.cursor);
    const query: Record<string, unknown> = { ...orgScopeFilter(scope) };
    if (filter.parentId) {
      query['parentId'] = filter.parentId;
    }
    if (after) {
      query['_id'] = { $gt: after };
    }
    return this.model
      .find(query, { outbox: 0 })
      .sort({ _id: 1 })
      .limit(page.limit + 1)
      .lean<OrgDocument[]>();
  }

  /**
   * The company (the root org) for records that belong to no user yet, e.g. a failed login with an
   * unknown e-mail. An installation serves one company.
   */
  async companyId(): Promise<string | null> {
    const root = await this.model
      .findOne({ parentId: null }, { _id: 1 })
      .sort({ _id: 1 })
      .lean<{ _id: string }>();
    return root?._id ?? null;
  }

  /** The paths of these orgs of the company (for deciding what a principal's grants cover). */
  async pathsInCompany(companyId: string, ids: readonly string[]): Promise<Map<string, string[]>> {
    if (ids.length === 0) {
      return new Map();
    }
    const docs = await this.model
      .find({ _id: { $in: [...ids] }, path: companyId }, { path: 1 })
      .lean<Pick<OrgDocument, '_id' | 'path'>[]>();
    return new Map(docs.map((doc) => [doc._id, doc.path]));
  }

  /** External orgs (and their sub-orgs) whose personal manager this user is. */
  async managedBy(companyId: string, userId: string): Promise<OrgDocument[]> {
    return this.model
      .find({ managerId: userId, path: companyId }, { outbox: 0 })
      .limit(1000)
      .lean<OrgDocument[]>();
  }

  async insert(org: OrgDocument, events: EventEnvelope[]): Promise<void> {
    await this.insertWithEvents(org, events);
  }

  async update(
    companyId: string,
    id: string,
    changes: Partial<Pick<OrgDocument, 'name' | 'managerId' | 'headId'>>,
    updatedAt: Date,
    events: EventEnvelope[],
  ): Promise<OrgDocument | null> {
    const ops = outboxOnUpdate(events);
    const updated = await this.model
      .findOneAndUpdate(
        { _id: id, path: companyId },
        { ...ops, $set: { ...ops.$set, ...changes, updatedAt } },
        { returnDocument: 'after' },
      )
      .lean<OrgDocument>();
    if (updated) {
      this.published(id, events);
    }
    return updated;
  }

  /** The seed's idempotent write; not for use cases. */
  async upsertForSeed(org: Omit<OrgDocument, 'outbox' | 'outboxPending'>): Promise<void> {
    const { _id, createdAt, ...rest } = org;
    await this.model.updateOne({ _id }, { $set: rest, $setOnInsert: { createdAt } }, { upsert: true });
  }
}
