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
import type { RoleAssignment, UserDocument } from './user.schema';
import { UserSchema } from './user.schema';

const NO_SECRETS = { outbox: 0 } as const;

/** People are visible in the granted org subtrees; everyone sees themselves. */
function userScopeFilter(scope: AccessScope): Record<string, unknown> {
  return { $or: [{ _id: scope.userId }, { orgPath: { $in: [...scope.orgIds] } }] };
}

@Injectable()
export class UserRepository extends OutboxedRepository<UserDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    super(connection, 'User', UserSchema, relay);
  }

  /**
   * The one look-up by e-mail alone: login, invitation and reset happen before (or regardless of)
   * who asks. Nothing it returns leaves identity except through those flows' answers.
   */
  async findByEmail(email: string): Promise<UserDocument | null> {
    return this.model.findOne({ email }, NO_SECRETS).lean<UserDocument>();
  }

  /**
   * By id alone, for flows that start from a secret the user holds (a refresh token, a reset link)
   * rather than from a caller's principal. Never for answering a caller's look-up.
   */
  async findForInternalUse(id: string): Promise<UserDocument | null> {
    return this.model.findById(id, NO_SECRETS).lean<UserDocument>();
  }

  /** For identity's own decisions (claims, checks), never for answering a caller. */
  async findInCompany(companyId: string, id: string): Promise<UserDocument | null> {
    return this.model.findOne({ _id: id, orgPath: companyId }, NO_SECRETS).lean<UserDocument>();
  }

  async findVisible(scope: AccessScope, id: string): Promise<UserDocument | null> {
    return this.model.findOne({ _id: id, ...userScopeFilter(scope) }, NO_SECRETS).lean<UserDocument>();
  }

  async listVisible(
    scope: AccessScope,
    filter: { orgId?: string | undefined; includeDeactivated: boolean },
    page: { cursor?: string | undefined; limit: number },
  ): Promise<UserDocument[]> {
    const after = decodeCursor(page.cursor);
    const query: Record<string, unknown> = { ...userScopeFilter(scope) };
    if (filter.orgId) {
      query['orgPath'] = filter.orgId;
    }
    // People still invited are listed with the invitations, not here: an invitation of an address
    // whose account the inviter may not see has no user, and the list must not tell the two apart.
    query['status'] = filter.includeDeactivated ? { $ne: 'invited' } : 'active';
    if (after) {
      query['_id'] = { $gt: after };
    }
    return this.model
      .find(query, NO_SECRETS)
      .sort({ _id: 1 })
      .limit(page.limit + 1)
      .lean<UserDocument[]>();
  }

  /** Active members of an org (for its head look-up). */
  async activeInOrg(orgId: string, ids: string[]): Promise<UserDocument[]> {
    return this.model.find({ orgId, _id: { $in: ids }, status: 'active' }, NO_SECRETS).lean<UserDocument[]>();
  }

  async insert(user: UserDocument, events: EventEnvelope[]): Promise<void> {
    await this.insertWithEvents(user, events);
  }

  /** Re-invites a user whose earlier invitation lapsed: only while still invited. */
  async renewInvitation(
    id: string,
    changes: Pick<UserDocument, 'displayName' | 'invitationExpiresAt' | 'updatedAt'>,
  ): Promise<boolean> {
    const result = await this.model.updateOne({ _id: id, status: 'invited' }, { $set: changes });
    return result.matchedCount === 1;
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
    const ops = outboxOnUpdate(events);
    const result = await this.model.updateOne(
      { _id: id, status: 'invited', invitationExpiresAt: { $gt: changes.updatedAt } },
      { ...ops, $set: { ...ops.$set, ...changes, status: 'active', invitationExpiresAt: null } },
    );
    this.dispatchIf(result.modifiedCount === 1, id, events);
    return result.modifiedCount === 1;
  }

  /**
   * Sets a password chosen at `at` unless the user has set one since (a change after a reset whose
   * last step runs late must not be undone); without events: the reset's record carries them.
   */
  async setPasswordUnlessNewer(id: string, passwordHash: string, at: Date): Promise<boolean> {
    const result = await this.model.updateOne(
      { _id: id, status: 'active', $or: [{ passwordChangedAt: null }, { passwordChangedAt: { $lt: at } }] },
      { $set: { passwordHash, passwordChangedAt: at, updatedAt: at } },
    );
    return result.modifiedCount === 1;
  }

  async setPassword(id: string, passwordHash: string, at: Date, events: EventEnvelope[]): Promise<boolean> {
    const ops = outboxOnUpdate(events);
    const result = await this.model.updateOne(
      { _id: id, status: 'active' },
      { ...ops, $set: { ...ops.$set, passwordHash, passwordChangedAt: at, updatedAt: at } },
    );
    this.dispatchIf(result.modifiedCount === 1, id, events);
    return result.modifiedCount === 1;
  }

  async update(
    companyId: string,
    id: string,
    changes: Partial<Pick<UserDocument, 'displayName'>>,
    at: Date,
    events: EventEnvelope[],
  ): Promise<UserDocument | null> {
    const ops = outboxOnUpdate(events);
    const updated = await this.model
      .findOneAndUpdate(
        { _id: id, orgPath: companyId },
        { ...ops, $set: { ...ops.$set, ...changes, updatedAt: at } },
        { returnDocument: 'after' },
      )
      .lean<UserDocument>();
    this.dispatchIf(updated !== null, id, events);
    return updated;
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
    const ops = outboxOnUpdate(events);
    const atVersion =
      version === 0
        ? { $or: [{ accessVersion: { $exists: false } }, { accessVersion: 0 }] }
        : { accessVersion: version };
    const updated = await this.model
      .findOneAndUpdate(
        { _id: id, orgPath: companyId, ...atVersion },
        { ...ops, $set: { ...ops.$set, ...changes, accessVersion: version + 1, updatedAt: at } },
        { returnDocument: 'after' },
      )
      .lean<UserDocument>();
    this.dispatchIf(updated !== null, id, events);
    return updated;
  }

  /** Active holders of a role (at any org), by id from `after`, a page at a time. */
  async activeHoldersOfRole(roleId: string, after: string | null, limit: number): Promise<UserDocument[]> {
    return this.model
      .find(
        { 'roleAssignments.roleId': roleId, status: 'active', ...(after ? { _id: { $gt: after } } : {}) },
        NO_SECRETS,
      )
      .sort({ _id: 1 })
      .limit(limit)
      .lean<UserDocument[]>();
  }

  /** Deactivates once; answers the user as it was before, or null if it already was deactivated. */
  async deactivate(
    companyId: string,
    id: string,
    at: Date,
    events: EventEnvelope[],
  ): Promise<UserDocument | null> {
    const ops = outboxOnUpdate(events);
    const before = await this.model
      .findOneAndUpdate(
        { _id: id, orgPath: companyId, status: { $ne: 'deactivated' } },
        {
          ...ops,
          $set: {
            ...ops.$set,
            status: 'deactivated',
            deactivatedAt: at,
            updatedAt: at,
            invitationExpiresAt: null,
          },
        },
        { returnDocument: 'before' },
      )
      .lean<UserDocument>();
    this.dispatchIf(before !== null, id, events);
    return before;
  }

  /** Which of these seat holders are entitled to their seat: active, or invited with a live invitation. */
  async entitledAmong(ids: string[], now: Date): Promise<Set<string>> {
    if (ids.length === 0) {
      return new Set();
    }
    const docs = await this.model
      .find(
        {
          _id: { $in: ids },
          $or: [{ status: 'active' }, { status: 'invited', invitationExpiresAt: { $gt: now } }],
        },
        { _id: 1 },
      )
      .lean<{ _id: string }[]>();
    return new Set(docs.map((d) => d._id));
  }

  /** The seed's idempotent write; not for use cases. */
  async upsertForSeed(user: Omit<UserDocument, 'outbox' | 'outboxPending'>): Promise<string> {
    const { _id, createdAt, ...rest } = user;
    await this.model.updateOne(
      { email: user.email },
      { $set: rest, $setOnInsert: { _id, createdAt } },
      { upsert: true },
    );
    const stored = await this.model.findOne({ email: user.email }, { _id: 1 }).lean<{ _id: string }>();
    return stored?._id ?? _id;
  }

  private dispatchIf(changed: boolean, id: string, events: EventEnvelope[]): void {
    if (changed) {
      this.published(id, events);
    }
  }
}

export type { RoleAssignment };
