import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { EventEnvelope } from '@orbita/contracts';
import type { AccessScope, PageRequest } from '@orbita/platform';
import { MONGO_CONNECTION, OutboxRelay, Repository, systemScope } from '@orbita/platform';
import type { RoleAssignment, UserDocument } from './user.schema';
import { UserSchema } from './user.schema';

/** People are visible in the granted org subtrees; everyone sees themselves. */
function userScopeFilter(scope: AccessScope): Record<string, unknown> {
  return { $or: [{ _id: scope.userId }, { orgPath: { $in: [...scope.orgIds] } }] };
}

const BEFORE_SIGN_IN = systemScope('login, invitations and resets find people before anyone is signed in');
const FROM_A_SECRET = systemScope('flows that start from a secret the user holds (a refresh token, a link)');
/** identity's own decisions (claims, checks) about people of the caller's company. */
const OWN_DECISIONS = systemScope("identity's own decisions inside the caller's company");
const ON_ITS_OWN = systemScope('what identity does on its own: seats, role holders, the directory, the seed');

@Injectable()
export class UserRepository extends Repository<UserDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    super(connection, 'User', UserSchema, { visibleTo: userScopeFilter, relay });
  }

  /**
   * The one look-up by e-mail alone: login, invitation and reset happen before (or regardless of)
   * who asks. Nothing it returns leaves identity except through those flows' answers.
   */
  async findByEmail(email: string): Promise<UserDocument | null> {
    return this.findOne(BEFORE_SIGN_IN, { email });
  }

  /**
   * By id alone, for flows that start from a secret the user holds (a refresh token, a reset link)
   * rather than from a caller's principal. Never for answering a caller's look-up.
   */
  async findForInternalUse(id: string): Promise<UserDocument | null> {
    return this.findOne(FROM_A_SECRET, { _id: id });
  }

  /** For identity's own decisions (claims, checks), never for answering a caller. */
  async findInCompany(companyId: string, id: string): Promise<UserDocument | null> {
    return this.findOne(OWN_DECISIONS, { _id: id, orgPath: companyId });
  }

  async findVisible(scope: AccessScope, id: string): Promise<UserDocument | null> {
    return this.findOne(scope, { _id: id });
  }

  async listVisible(
    scope: AccessScope,
    filter: { orgId?: string | undefined; includeDeactivated: boolean },
    page: PageRequest,
  ): Promise<UserDocument[]> {
    const query: Record<string, unknown> = {};
    if (filter.orgId) {
      query['orgPath'] = filter.orgId;
    }
    // People still invited are listed with the invitations, not here: an invitation of an address
    // whose account the inviter may not see has no user, and the list must not tell the two apart.
    query['status'] = filter.includeDeactivated ? { $ne: 'invited' } : 'active';
    return this.findPage(scope, query, page, 'asc');
  }

  /** Active members of an org (for its head look-up). */
  async activeInOrg(orgId: string, ids: string[]): Promise<UserDocument[]> {
    return this.findMany(
      OWN_DECISIONS,
      { orgId, _id: { $in: ids }, status: 'active' },
      { limit: ids.length },
    );
  }

  async add(user: UserDocument, events: EventEnvelope[]): Promise<void> {
    await this.insert(user, events);
  }

  /** Re-invites a user whose earlier invitation lapsed: only while still invited. */
  async renewInvitation(
    id: string,
    changes: Pick<UserDocument, 'displayName' | 'invitationExpiresAt' | 'updatedAt'>,
  ): Promise<boolean> {
    return this.updateOne(OWN_DECISIONS, { _id: id, status: 'invited' }, { $set: changes });
  }

  /**
   * Accepting an invitation: only an invited user becomes active, once, and only while the
   * invitation is live (a revocation ends it first, so a racing acceptance cannot keep the seat the
   * revocation gives back).
   */
  async activate(
    id: string,
    changes: Pick<UserDocument, 'passwordHash' | 'roleAssignments' | 'passwordChangedAt' | 'updatedAt'>,
    events: EventEnvelope[],
  ): Promise<boolean> {
    return this.updateOne(
      FROM_A_SECRET,
      { _id: id, status: 'invited', invitationExpiresAt: { $gt: changes.updatedAt } },
      { $set: { ...changes, status: 'active', invitationExpiresAt: null } },
      events,
    );
  }

  /**
   * Sets a password chosen at `at` unless the user has set one since (a change after a reset whose
   * last step runs late must not be undone); without events: the reset's record carries them.
   */
  async setPasswordUnlessNewer(id: string, passwordHash: string, at: Date): Promise<boolean> {
    return this.updateOne(
      FROM_A_SECRET,
      { _id: id, status: 'active', $or: [{ passwordChangedAt: null }, { passwordChangedAt: { $lt: at } }] },
      { $set: { passwordHash, passwordChangedAt: at, updatedAt: at } },
    );
  }

  async setPassword(id: string, passwordHash: string, at: Date, events: EventEnvelope[]): Promise<boolean> {
    return this.updateOne(
      FROM_A_SECRET,
      { _id: id, status: 'active' },
      { $set: { passwordHash, passwordChangedAt: at, updatedAt: at } },
      events,
    );
  }

  async update(
    companyId: string,
    id: string,
    changes: Partial<Pick<UserDocument, 'displayName' | 'locale' | 'timeZone'>>,
    at: Date,
    events: EventEnvelope[],
  ): Promise<UserDocument | null> {
    return this.findOneAndUpdate(
      OWN_DECISIONS,
      { _id: id, orgPath: companyId },
      { $set: { ...changes, updatedAt: at } },
      { events },
    );
  }

  /**
   * A change of what the user may do (new role assignments, or none when only something the user's
   * grants depend on changed elsewhere), with the access version raised to `version + 1` in the same
   * write as the `identity.user.access-changed` event. Only while the user is still at `version`:
   * of two racing changes one wins and the other reads again (null), so neither is lost and every
   * version is published once.
   */
  async changeAccess(
    companyId: string,
    id: string,
    version: number,
    changes: Partial<Pick<UserDocument, 'roleAssignments'>>,
    at: Date,
    events: EventEnvelope[],
  ): Promise<UserDocument | null> {
    const atVersion =
      version === 0
        ? { $or: [{ accessVersion: { $exists: false } }, { accessVersion: 0 }] }
        : { accessVersion: version };
    return this.findOneAndUpdate(
      OWN_DECISIONS,
      { _id: id, orgPath: companyId, ...atVersion },
      { $set: { ...changes, accessVersion: version + 1, updatedAt: at } },
      { events },
    );
  }

  /** Active holders of a role (at any org), by id from `after`, a page at a time. */
  async activeHoldersOfRole(roleId: string, after: string | null, limit: number): Promise<UserDocument[]> {
    return this.findMany(
      ON_ITS_OWN,
      { 'roleAssignments.roleId': roleId, status: 'active', ...(after ? { _id: { $gt: after } } : {}) },
      { sort: { _id: 1 }, limit },
    );
  }

  /** Deactivates once; answers the user as it was before, or null if it already was deactivated. */
  async deactivate(
    companyId: string,
    id: string,
    at: Date,
    events: EventEnvelope[],
  ): Promise<UserDocument | null> {
    return this.findOneAndUpdate(
      OWN_DECISIONS,
      { _id: id, orgPath: companyId, status: { $ne: 'deactivated' } },
      { $set: { status: 'deactivated', deactivatedAt: at, updatedAt: at, invitationExpiresAt: null } },
      { events, returnDocument: 'before' },
    );
  }

  /** Which of these seat holders are entitled to their seat: active, or invited with a live invitation. */
  async entitledAmong(ids: string[], now: Date): Promise<Set<string>> {
    if (ids.length === 0) {
      return new Set();
    }
    const docs = await this.findMany(
      ON_ITS_OWN,
      {
        _id: { $in: ids },
        $or: [{ status: 'active' }, { status: 'invited', invitationExpiresAt: { $gt: now } }],
      },
      { limit: ids.length, projection: { _id: 1 } },
    );
    return new Set(docs.map((d) => d._id));
  }

  /** The people other services keep copies of (the directory), by id. */
  async forDirectory(ids: string[]): Promise<UserDocument[]> {
    return this.findMany(ON_ITS_OWN, { _id: { $in: ids } }, { limit: ids.length });
  }

  /**
   * Active members of the subtree of `subtreeOf` in `_id` order (the directory's member queries):
   * only those whose own org is one of `orgIds` when given, and only holders of `role` at one of
   * its orgs when given. Led by the org path, so the (orgPath, _id) index serves every variant.
   */
  async activeMembers(
    subtreeOf: string,
    filter: {
      orgIds?: readonly string[];
      role?: { roleId: string; atOrgIds: readonly string[] };
      afterId?: string;
    },
    limit: number,
  ): Promise<UserDocument[]> {
    const query: Record<string, unknown> = { orgPath: subtreeOf, status: 'active' };
    if (filter.afterId) {
      query['_id'] = { $gt: filter.afterId };
    }
    if (filter.orgIds) {
      query['orgId'] = { $in: [...filter.orgIds] };
    }
    const role = filter.role;
    if (!role) {
      return this.findMany(ON_ITS_OWN, query, { sort: { _id: 1 }, limit });
    }
    // One assignment must hold both the role and one of the orgs. FerretDB 1.24 knows no $elemMatch
    // of fields, so the database narrows to people with the role and with some assignment at one of
    // the orgs, and the pairing is checked here, page after page, until `limit` people qualify.
    const atOrgIds = new Set(role.atOrgIds);
    query['roleAssignments.roleId'] = role.roleId;
    query['roleAssignments.orgId'] = { $in: [...atOrgIds] };
    const found: UserDocument[] = [];
    let after: string | null = filter.afterId ?? null;
    for (;;) {
      const page: UserDocument[] = await this.findMany(
        ON_ITS_OWN,
        after ? { ...query, _id: { $gt: after } } : query,
        { sort: { _id: 1 }, limit },
      );
      for (const user of page) {
        if (user.roleAssignments.some((a) => a.roleId === role.roleId && atOrgIds.has(a.orgId))) {
          found.push(user);
          if (found.length === limit) {
            return found;
          }
        }
      }
      const last = page[page.length - 1];
      if (page.length < limit || !last) {
        return found;
      }
      after = last._id;
    }
  }

  /** The seed's idempotent write; not for use cases. */
  async upsertForSeed(user: Omit<UserDocument, 'outbox' | 'outboxAt'>): Promise<string> {
    const { _id, createdAt, ...rest } = user;
    await this.upsert(ON_ITS_OWN, { email: user.email }, { $set: rest, $setOnInsert: { _id, createdAt } });
    const stored = await this.findOne(ON_ITS_OWN, { email: user.email }, { _id: 1 });
    return stored?._id ?? _id;
  }
}

export type { RoleAssignment };
