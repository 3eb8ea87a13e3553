import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { EventEnvelope, OrgKind } from '@orbita/contracts';
import type { AccessScope, PageRequest } from '@orbita/platform';
import { MONGO_CONNECTION, OutboxRelay, Repository, systemScope } from '@orbita/platform';
import type { OrgDocument } from './org.schema';
import { OrgSchema } from './org.schema';

/** Orgs are scoped by their own path: an org is visible when its path holds a granted org. */
function orgScopeFilter(scope: AccessScope): Record<string, unknown> {
  return { path: { $in: [...scope.orgIds] } };
}

/** identity's own decisions (token claims, invitation checks) about orgs of the caller's company. */
const OWN_DECISIONS = systemScope("identity's own decisions inside the caller's company");
const FOR_SERVICES = systemScope('names and paths of orgs for the services NATS lets ask (documents, tasks)');
const ON_ITS_OWN = systemScope('what identity does on its own: records that belong to nobody yet, the seed');

@Injectable()
export class OrgRepository extends Repository<OrgDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    super(connection, 'Org', OrgSchema, { visibleTo: orgScopeFilter, relay });
  }

  async findVisible(scope: AccessScope, id: string): Promise<OrgDocument | null> {
    return this.findOne(scope, { _id: id });
  }

  /**
   * For identity's own decisions (token claims, invitation checks), never for answering a caller:
   * the org is looked up inside the given company only.
   */
  async findInCompany(companyId: string, id: string): Promise<OrgDocument | null> {
    return this.findOne(OWN_DECISIONS, { _id: id, path: companyId });
  }

  async listVisible(
    scope: AccessScope,
    filter: { parentId?: string | undefined },
    page: PageRequest,
  ): Promise<OrgDocument[]> {
    return this.findPage(scope, filter.parentId ? { parentId: filter.parentId } : {}, page, 'asc');
  }

  /**
   * The company (the root org) for records that belong to no user yet, e.g. a failed login with an
   * unknown e-mail. An installation serves one company.
   */
  async companyId(): Promise<string | null> {
    const [root] = await this.findMany(
      ON_ITS_OWN,
      { parentId: null },
      { sort: { _id: 1 }, limit: 1, projection: { _id: 1 } },
    );
    return root?._id ?? null;
  }

  /** The paths of these orgs of the company (for deciding what a principal's grants cover). */
  async pathsInCompany(companyId: string, ids: readonly string[]): Promise<Map<string, string[]>> {
    if (ids.length === 0) {
      return new Map();
    }
    const docs = await this.findMany(
      OWN_DECISIONS,
      { _id: { $in: [...ids] }, path: companyId },
      { limit: ids.length, projection: { path: 1 } },
    );
    return new Map(docs.map((doc) => [doc._id, doc.path]));
  }

  /** Orgs by id for the services that ask on their own account (the directory request). */
  async forDirectory(ids: readonly string[]): Promise<OrgDocument[]> {
    return this.findMany(FOR_SERVICES, { _id: { $in: [...ids] } }, { limit: ids.length });
  }

  /**
   * The ids of the orgs in the subtree of `orgId` (itself included), of these kinds if given, for
   * the directory's member queries. Bounded by `limit`: the caller decides what a subtree may hold.
   */
  async idsInSubtree(orgId: string, kinds: readonly OrgKind[] | undefined, limit: number): Promise<string[]> {
    const docs = await this.findMany(
      FOR_SERVICES,
      { path: orgId, ...(kinds ? { kind: { $in: [...kinds] } } : {}) },
      { limit, projection: { _id: 1 } },
    );
    return docs.map((doc) => doc._id);
  }

  /** External orgs (and their sub-orgs) whose personal manager this user is. */
  async managedBy(companyId: string, userId: string): Promise<OrgDocument[]> {
    return this.findMany(OWN_DECISIONS, { managerId: userId, path: companyId }, { limit: 1000 });
  }

  async add(org: OrgDocument, events: EventEnvelope[]): Promise<void> {
    await this.insert(org, events);
  }

  async update(
    companyId: string,
    id: string,
    changes: Partial<Pick<OrgDocument, 'name' | 'managerId' | 'headId'>>,
    updatedAt: Date,
    events: EventEnvelope[],
  ): Promise<OrgDocument | null> {
    return this.findOneAndUpdate(
      OWN_DECISIONS,
      { _id: id, path: companyId },
      { $set: { ...changes, updatedAt } },
      { events },
    );
  }

  /** The seed's idempotent write; not for use cases. */
  async upsertForSeed(org: Omit<OrgDocument, 'outbox' | 'outboxAt'>): Promise<void> {
    const { _id, createdAt, ...rest } = org;
    await this.upsert(ON_ITS_OWN, { _id }, { $set: rest, $setOnInsert: { createdAt } });
  }
}
