import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { EventEnvelope } from '@orbita/contracts';
import type { AccessScope, PageRequest } from '@orbita/platform';
import { MONGO_CONNECTION, OutboxRelay, Repository, systemScope } from '@orbita/platform';
import type { InvitationDocument, InvitationStatus } from './invitation.schema';
import { InvitationSchema } from './invitation.schema';

const NO_SECRETS = { outbox: 0, tokenHash: 0 } as const;

/** Invitations are scoped by the org they invite into. */
function invitationScopeFilter(scope: AccessScope): Record<string, unknown> {
  return { orgPath: { $in: [...scope.orgIds] } };
}

const FROM_A_LINK = systemScope('the secret of an invitation link stands for the invitee');
const ON_ITS_OWN = systemScope("identity's own bookkeeping: finishing acceptances, seats, closing");

@Injectable()
export class InvitationRepository extends Repository<InvitationDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    super(connection, 'Invitation', InvitationSchema, { visibleTo: invitationScopeFilter, relay });
  }

  async add(invitation: InvitationDocument, events: EventEnvelope[]): Promise<void> {
    await this.insert(invitation, events);
  }

  /** By the secret of a link: the one look-up without a principal. */
  async findPendingByToken(tokenHash: string, now: Date): Promise<InvitationDocument | null> {
    return this.findOne(FROM_A_LINK, { tokenHash, status: 'pending', expiresAt: { $gt: now } }, NO_SECRETS);
  }

  async findVisible(scope: AccessScope, id: string): Promise<InvitationDocument | null> {
    return this.findOne(scope, { _id: id }, NO_SECRETS);
  }

  async listVisible(
    scope: AccessScope,
    filter: { orgId?: string | undefined; status?: InvitationStatus | undefined },
    page: PageRequest,
  ): Promise<InvitationDocument[]> {
    // An org filter constrains orgPath like the scope does: the base puts both under $and.
    const query: Record<string, unknown> = {};
    if (filter.orgId) {
      query['orgPath'] = filter.orgId;
    }
    if (filter.status) {
      query['status'] = filter.status;
    }
    return this.findPage(scope, query, page, 'desc');
  }

  /** An invitation of this account, for finishing what accepting it began. */
  async findOfUser(id: string, userId: string): Promise<InvitationDocument | null> {
    return this.findOne(ON_ITS_OWN, { _id: id, userId }, NO_SECRETS);
  }

  async pendingOfUser(userId: string): Promise<InvitationDocument[]> {
    return this.findMany(ON_ITS_OWN, { userId, status: 'pending' }, { limit: 100, projection: NO_SECRETS });
  }

  /** Pending invitations of this address into this org that were made for an account the inviter may not see. */
  async pendingForHiddenAccount(email: string, orgId: string): Promise<InvitationDocument[]> {
    return this.findMany(
      ON_ITS_OWN,
      { email, orgId, status: 'pending', existingAccountId: { $ne: null } },
      { limit: 100, projection: NO_SECRETS },
    );
  }

  /**
   * Which of these seat holders hold their seat for a live invitation of a hidden account (they are
   * no user, so the users collection cannot tell): such a seat lasts as long as a new address's.
   */
  async liveHiddenAccountHolders(ids: string[], now: Date): Promise<Set<string>> {
    if (ids.length === 0) {
      return new Set();
    }
    const docs = await this.findMany(
      ON_ITS_OWN,
      { userId: { $in: ids }, status: 'pending', existingAccountId: { $ne: null }, expiresAt: { $gt: now } },
      { limit: 1000, projection: { userId: 1 } },
    );
    return new Set(docs.map((d) => d.userId));
  }

  /** Closes a pending invitation (accepted or revoked), once; answers whether this call did. */
  async close(
    id: string,
    status: Exclude<InvitationStatus, 'pending'>,
    at: Date,
    events: EventEnvelope[],
  ): Promise<boolean> {
    return this.updateOne(
      ON_ITS_OWN,
      { _id: id, status: 'pending' },
      { $set: { status, closedAt: at } },
      events,
    );
  }
}
