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
import type { InvitationDocument, InvitationStatus } from './invitation.schema';
import { InvitationSchema } from './invitation.schema';

const NO_SECRETS = { outbox: 0, tokenHash: 0 } as const;

/** Invitations are scoped by the org they invite into. */
function invitationScopeFilter(scope: AccessScope): Record<string, unknown> {
  return { orgPath: { $in: [...scope.orgIds] } };
}

@Injectable()
export class InvitationRepository extends OutboxedRepository<InvitationDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    super(connection, 'Invitation', InvitationSchema, relay);
  }

  async insert(invitation: InvitationDocument, events: EventEnvelope[]): Promise<void> {
    await this.insertWithEvents(invitation, events);
  }

  /** By the secret of a link: the one look-up without a principal. */
  async findPendingByToken(tokenHash: string, now: Date): Promise<InvitationDocument | null> {
    return this.model
      .findOne({ tokenHash, status: 'pending', expiresAt: { $gt: now } }, NO_SECRETS)
      .lean<InvitationDocument>();
  }

  async findVisible(scope: AccessScope, id: string): Promise<InvitationDocument | null> {
    return this.model
      .findOne({ _id: id, ...invitationScopeFilter(scope) }, NO_SECRETS)
      .lean<InvitationDocument>();
  }

  async listVisible(
    scope: AccessScope,
    filter: { orgId?: string | undefined; status?: InvitationStatus | undefined },
    page: { cursor?: string | undefined; limit: number },
  ): Promise<InvitationDocument[]> {
    const after = decodeCursor(page.cursor);
    // The scope and the org filter both constrain orgPath: under $and, neither can replace the other.
    const orgClauses = [invitationScopeFilter(scope), ...(filter.orgId ? [{ orgPath: filter.orgId }] : [])];
    const query: Record<string, unknown> = { $and: orgClauses };
    if (filter.status) {
      query['status'] = filter.status;
    }
    if (after) {
      query['_id'] = { $lt: after };
    }
    return this.model
      .find(query, NO_SECRETS)
      .sort({ _id: -1 })
      .limit(page.limit + 1)
      .lean<InvitationDocument[]>();
  }

  /** An invitation of this account, for finishing what accepting it began. */
  async findOfUser(id: string, userId: string): Promise<InvitationDocument | null> {
    return this.model.findOne({ _id: id, userId }, NO_SECRETS).lean<InvitationDocument>();
  }

  async pendingOfUser(userId: string): Promise<InvitationDocument[]> {
    return this.model.find({ userId, status: 'pending' }, NO_SECRETS).limit(100).lean<InvitationDocument[]>();
  }

  /** Pending invitations of this address into this org that were made for an account the inviter may not see. */
  async pendingForHiddenAccount(email: string, orgId: string): Promise<InvitationDocument[]> {
    return this.model
      .find({ email, orgId, status: 'pending', existingAccountId: { $ne: null } }, NO_SECRETS)
      .limit(100)
      .lean<InvitationDocument[]>();
  }

  /**
   * Which of these seat holders hold their seat for a live invitation of a hidden account (they are
   * no user, so the users collection cannot tell): such a seat lasts as long as a new address's.
   */
  async liveHiddenAccountHolders(ids: string[], now: Date): Promise<Set<string>> {
    if (ids.length === 0) {
      return new Set();
    }
    const docs = await this.model
      .find(
        {
          userId: { $in: ids },
          status: 'pending',
          existingAccountId: { $ne: null },
          expiresAt: { $gt: now },
        },
        { userId: 1 },
      )
      .lean<{ userId: string }[]>();
    return new Set(docs.map((d) => d.userId));
  }

  /** Closes a pending invitation (accepted or revoked), once; answers whether this call did. */
  async close(
    id: string,
    status: Exclude<InvitationStatus, 'pending'>,
    at: Date,
    events: EventEnvelope[],
  ): Promise<boolean> {
    const ops = outboxOnUpdate(events);
    const result = await this.model.updateOne(
      { _id: id, status: 'pending' },
      { ...ops, $set: { ...ops.$set, status, closedAt: at } },
    );
    if (result.modifiedCount === 1) {
      this.published(id, events);
    }
    return result.modifiedCount === 1;
  }
}
