import { Inject, Injectable, Logger } from '@nestjs/common';
import type {
  AcceptInvitationRequest,
  CreatedInvitation,
  CreateInvitationInput,
  EventEnvelope,
  InvitationPreview,
  InvitationView,
  ListInvitationsInput,
  Page,
  Principal,
  SeatType,
  TokenPair,
} from '@orbita/contracts';
import { ErrorCode, IdentityEvents, MailMessages, Permission } from '@orbita/contracts';
import type { Clock, IdGenerator } from '@orbita/platform';
import {
  AppError,
  CLOCK,
  EventFactory,
  ID_GENERATOR,
  hasPermission,
  requirePermission,
  scopeOf,
  sealMailRequest,
  toPage,
} from '@orbita/platform';
import { AuthService } from '../auth/auth.service';
import { IdentityFailpoint } from '../common/failpoints';
import { Failpoints } from '@orbita/platform';
import type { IdentityConfig } from '../config';
import { IDENTITY_CONFIG } from '../config.token';
import { OrgRepository } from '../orgs/org.repository';
import type { OrgDocument } from '../orgs/org.schema';
import { companyOf } from '../orgs/orgs.service';
import { hashLinkToken, newLinkToken } from '../passwords/link-token.util';
import { PasswordHasher } from '../passwords/password-hasher';
import { PasswordPolicy } from '../passwords/password-policy';
import { RoleRepository } from '../roles/role.repository';
import type { Seats } from '../users/seats.port';
import { SEATS } from '../users/seats.port';
import { UserRepository } from '../users/user.repository';
import type { UserDocument } from '../users/user.schema';
import { UsersService } from '../users/users.service';
import { InvitationRepository } from './invitation.repository';
import type { InvitationDocument } from './invitation.schema';

/** What an invitation being created is for and until when. */
interface InvitationTerms {
  org: OrgDocument;
  seat: SeatType;
  now: Date;
  expiresAt: Date;
}

@Injectable()
export class InvitationsService {
  private readonly logger = new Logger(InvitationsService.name);

  constructor(
    private readonly invitations: InvitationRepository,
    private readonly users: UserRepository,
    private readonly people: UsersService,
    private readonly orgs: OrgRepository,
    private readonly roles: RoleRepository,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly auth: AuthService,
    private readonly events: EventFactory,
    private readonly failpoints: Failpoints,
    @Inject(SEATS) private readonly seats: Seats,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  /**
   * Invites someone into an org the caller may invite into (user.invite there: admins anywhere,
   * managers in their units and managed clients, a client's own admin in their own org and nowhere
   * else). Takes a seat of the org's kind at once (portal for client and partner orgs); the link goes
   * out by e-mail through notifications and is also returned to the inviter.
   *
   * An address that already has an account is refused with a clear CONFLICT only when the inviter
   * may see that account. Otherwise the answer must not tell (it would be an oracle of who has an
   * account, across tenants): the inviter gets an invitation like any other, which takes a seat,
   * lists as pending, expires and can be revoked, but can never be accepted; the account's owner is
   * told by e-mail who invited them where.
   */
  async create(principal: Principal, input: CreateInvitationInput): Promise<CreatedInvitation> {
    const org = await this.orgs.findVisible(scopeOf(principal, Permission.OrgRead), input.orgId);
    if (!org) {
      throw AppError.notFound('org');
    }
    requirePermission(principal, Permission.UserInvite, org.path);
    const roles = await this.roles.byIds(input.roleIds);
    if (roles.length !== new Set(input.roleIds).size) {
      throw AppError.notFound('role');
    }
    if (!roles.every((role) => role.permissions.every((p) => hasPermission(principal, p, org.path)))) {
      throw new AppError(ErrorCode.Forbidden, {}, undefined, 'You cannot grant permissions you do not hold');
    }
    const now = this.clock.now();
    const terms: InvitationTerms = {
      org,
      seat: org.external ? 'portal' : 'full',
      now,
      expiresAt: new Date(now.getTime() + this.config.INVITATION_TTL_HOURS * 3_600_000),
    };
    const existing = await this.users.findByEmail(input.email);
    if (existing && !(await this.people.isVisibleTo(principal, existing._id))) {
      return this.inviteHiddenAccount(principal, input, terms, existing);
    }
    if (existing && existing.status !== 'invited') {
      throw AppError.conflict(
        existing.status === 'active'
          ? { en: 'this e-mail already has an account', ru: 'с этим e-mail уже есть учётная запись' }
          : {
              en: 'this e-mail belongs to a deactivated account',
              ru: 'этот e-mail принадлежит деактивированной учётной записи',
            },
      );
    }
    if (existing && existing.orgId !== org._id) {
      throw AppError.conflict({
        en: 'this e-mail is already invited to another org; revoke that invitation first',
        ru: 'этот e-mail уже приглашён в другую организацию; сначала отзовите то приглашение',
      });
    }
    const userId = existing?._id ?? this.ids.newId();
    await this.seats.take(terms.seat, userId);
    if (existing) {
      await this.users.renewInvitation(existing._id, {
        displayName: input.displayName,
        invitationExpiresAt: terms.expiresAt,
        updatedAt: now,
      });
      for (const earlier of await this.invitations.pendingOfUser(existing._id)) {
        await this.invitations.close(earlier._id, 'revoked', now, []);
      }
    } else {
      const invited: UserDocument = {
        _id: userId,
        orgId: org._id,
        orgPath: org.path,
        email: input.email,
        displayName: input.displayName,
        passwordHash: null,
        seat: terms.seat,
        external: org.external,
        roleAssignments: [],
        status: 'invited',
        locale: input.locale,
        invitationExpiresAt: terms.expiresAt,
        passwordChangedAt: null,
        deactivatedAt: null,
        createdAt: now,
        updatedAt: now,
      };
      await this.users.add(invited, []);
    }
    return this.issue(principal, input, terms, userId, null);
  }

  /**
   * The invitation of an address whose account the inviter may not see: to the inviter exactly what
   * a new address gets. Its seat (refused the same way when the pool is full) is held by the
   * invitation itself, taken again by the next invitation of the address into the org, and given back
   * when it is revoked or expires (the seat reconciliation counts it as entitled while it is live).
   */
  private async inviteHiddenAccount(
    principal: Principal,
    input: CreateInvitationInput,
    terms: InvitationTerms,
    account: UserDocument,
  ): Promise<CreatedInvitation> {
    const earlier = await this.invitations.pendingForHiddenAccount(input.email, terms.org._id);
    const holderId = earlier[0]?.userId ?? this.ids.newId();
    await this.seats.take(terms.seat, holderId);
    for (const invitation of earlier) {
      await this.invitations.close(invitation._id, 'revoked', terms.now, []);
    }
    this.logger.log({
      orgId: terms.org._id,
      accountId: account._id,
      msg: 'Invitation of an address with an account the inviter may not see: its owner is told instead',
    });
    return this.issue(principal, input, terms, holderId, account);
  }

  /**
   * Writes the invitation with its events: the public fact, and the e-mail, to the invitee with
   * the link or, for a hidden account that is active, to its owner without one (nobody is told
   * anything for a deactivated account, or one invited elsewhere that has no account yet to log in to).
   */
  private async issue(
    principal: Principal,
    input: CreateInvitationInput,
    terms: InvitationTerms,
    holderId: string,
    hiddenAccount: UserDocument | null,
  ): Promise<CreatedInvitation> {
    const { org, seat, now, expiresAt } = terms;
    const { token, hash } = newLinkToken();
    const link = new URL(`/invitation?token=${token}`, this.config.PUBLIC_URL).toString();
    const inviter = await this.users.findInCompany(companyOf(principal), principal.userId);
    const invitation: InvitationDocument = {
      _id: this.ids.newId(),
      tokenHash: hash,
      email: input.email,
      displayName: input.displayName,
      orgId: org._id,
      orgPath: org.path,
      seat,
      roleIds: [...new Set(input.roleIds)],
      userId: holderId,
      existingAccountId: hiddenAccount?._id ?? null,
      status: 'pending',
      invitedBy: principal.userId,
      expiresAt,
      createdAt: now,
      closedAt: null,
    };
    const created = this.events.create(IdentityEvents.invitationCreated, {
      orgId: org._id,
      subject: { type: 'invitation', id: invitation._id },
      data: {
        invitationId: invitation._id,
        email: input.email,
        orgId: org._id,
        seat,
        invitedBy: principal.userId,
        expiresAt: expiresAt.toISOString(),
      },
    });
    const inviterName = inviter?.displayName ?? '';
    let mail: EventEnvelope | null;
    if (!hiddenAccount) {
      mail = this.events.create(MailMessages.mailRequested, {
        orgId: org._id,
        subject: { type: 'invitation', id: invitation._id },
        data: sealMailRequest(
          {
            to: input.email,
            locale: input.locale,
            template: 'invitation',
            params: {
              link,
              displayName: input.displayName,
              orgName: org.name,
              inviterName,
              expiresAt: expiresAt.toISOString(),
            },
          },
          this.config.MAIL_SEALING_KEY,
        ),
      });
    } else if (hiddenAccount.status === 'active') {
      mail = this.events.create(MailMessages.mailRequested, {
        orgId: hiddenAccount.orgId,
        subject: { type: 'user', id: hiddenAccount._id },
        data: sealMailRequest(
          {
            to: hiddenAccount.email,
            // The owner's language, not the one the inviter chose for a stranger.
            locale: hiddenAccount.locale ?? 'ru',
            template: 'invitation-existing-account',
            params: {
              displayName: hiddenAccount.displayName,
              orgName: org.name,
              inviterName,
              loginLink: new URL('/login', this.config.PUBLIC_URL).toString(),
            },
          },
          this.config.MAIL_SEALING_KEY,
        ),
      });
    } else {
      mail = null;
    }
    await this.invitations.add(invitation, mail ? [created, mail] : [created]);
    return { invitation: toInvitationView(invitation, now), link };
  }

  /** What the invitation page shows before the password is set; LINK_INVALID for anything not pending. */
  async preview(token: string): Promise<InvitationPreview> {
    const invitation = await this.pending(token);
    const org = await this.orgs.findInCompany(invitation.orgPath[0] ?? invitation.orgId, invitation.orgId);
    return {
      email: invitation.email,
      displayName: invitation.displayName,
      orgName: org?.name ?? '',
      expiresAt: invitation.expiresAt.toISOString(),
    };
  }

  /** Sets the password, activates the account (once: the link is single use) and logs the user in. */
  async accept(request: AcceptInvitationRequest): Promise<TokenPair> {
    const invitation = await this.pending(request.token);
    this.policy.assertAcceptable(request.password, invitation.email);
    // The invitation of a hidden account answers like a dead link (after the password policy, like
    // a live one), and the account is never touched.
    if (invitation.existingAccountId) {
      throw new AppError(ErrorCode.LinkInvalid);
    }
    const user = await this.users.findForInternalUse(invitation.userId);
    if (!user || user.status !== 'invited') {
      throw new AppError(ErrorCode.LinkInvalid);
    }
    await this.seats.take(invitation.seat, user._id);
    const roleAssignments = invitation.roleIds.map((roleId) => ({ roleId, orgId: invitation.orgId }));
    const passwordHash = await this.hasher.hash(request.password);
    const now = this.clock.now();
    // One write decides the acceptance: the active user, with the event that names the invitation,
    // from which identity closes it should this process die before it does below.
    const activated = this.events.create(IdentityEvents.userActivated, {
      orgId: user.orgId,
      subject: { type: 'user', id: user._id },
      data: { userId: user._id, orgId: user.orgId, seat: user.seat, invitationId: invitation._id },
    });
    if (
      !(await this.users.activate(
        user._id,
        { passwordHash, roleAssignments, passwordChangedAt: now, updatedAt: now },
        [activated],
      ))
    ) {
      throw new AppError(ErrorCode.LinkInvalid);
    }
    this.failpoints.hit(IdentityFailpoint.AcceptAfterActivation);
    await this.finishAcceptance(invitation._id, user._id);
    return this.auth.startSession(
      { ...user, status: 'active', passwordHash, roleAssignments, passwordChangedAt: now },
      request.clientIp,
    );
  }

  /** The rest of an acceptance: the invitation is closed as accepted (once; idempotent). */
  async finishAcceptance(invitationId: string, userId: string): Promise<void> {
    const invitation = await this.invitations.findOfUser(invitationId, userId);
    if (invitation?.status !== 'pending') {
      return;
    }
    const accepted = this.events.create(IdentityEvents.invitationAccepted, {
      orgId: invitation.orgId,
      subject: { type: 'invitation', id: invitation._id },
      data: { invitationId: invitation._id, userId },
    });
    await this.invitations.close(invitation._id, 'accepted', this.clock.now(), [accepted]);
  }

  async list(principal: Principal, input: ListInvitationsInput): Promise<Page<InvitationView>> {
    const now = this.clock.now();
    const statusFilter = input.status === 'expired' ? 'pending' : input.status;
    const docs = await this.invitations.listVisible(
      scopeOf(principal, Permission.UserInvite),
      { orgId: input.orgId, status: statusFilter },
      input,
    );
    const page = toPage(docs, input.limit, (doc) => toInvitationView(doc, now));
    if (input.status === 'expired' || input.status === 'pending') {
      page.items = page.items.filter((item) => item.status === input.status);
    }
    return page;
  }

  /** Withdraws a pending invitation: the link stops working and the seat goes back. */
  async revoke(principal: Principal, invitationId: string): Promise<InvitationView> {
    const invitation = await this.invitations.findVisible(
      scopeOf(principal, Permission.UserInvite),
      invitationId,
    );
    if (!invitation) {
      throw AppError.notFound('invitation');
    }
    requirePermission(principal, Permission.UserInvite, invitation.orgPath);
    const now = this.clock.now();
    const revoked = this.events.create(IdentityEvents.invitationRevoked, {
      orgId: invitation.orgId,
      subject: { type: 'invitation', id: invitation._id },
      data: { invitationId: invitation._id },
    });
    if (await this.invitations.close(invitation._id, 'revoked', now, [revoked])) {
      if (invitation.existingAccountId) {
        // Its seat is held by the invitation itself; the account is none of this invitation's business.
        await this.seats.release(invitation.seat, invitation.userId);
        return toInvitationView({ ...invitation, status: 'revoked', closedAt: now }, now);
      }
      const user = await this.users.findForInternalUse(invitation.userId);
      // Only while the user is still invited: an acceptance that won the race keeps its seat.
      if (
        user?.status === 'invited' &&
        (await this.users.renewInvitation(user._id, {
          displayName: user.displayName,
          invitationExpiresAt: null,
          updatedAt: now,
        }))
      ) {
        await this.seats.release(invitation.seat, user._id);
      }
      return toInvitationView({ ...invitation, status: 'revoked', closedAt: now }, now);
    }
    return toInvitationView(invitation, now);
  }

  private async pending(token: string): Promise<InvitationDocument> {
    const invitation = await this.invitations.findPendingByToken(hashLinkToken(token), this.clock.now());
    if (!invitation) {
      throw new AppError(ErrorCode.LinkInvalid);
    }
    return invitation;
  }
}

export function toInvitationView(invitation: InvitationDocument, now: Date): InvitationView {
  const status =
    invitation.status === 'pending' && invitation.expiresAt <= now ? 'expired' : invitation.status;
  return {
    id: invitation._id,
    email: invitation.email,
    displayName: invitation.displayName,
    orgId: invitation.orgId,
    seat: invitation.seat,
    roleIds: invitation.roleIds,
    status,
    invitedBy: invitation.invitedBy,
    expiresAt: invitation.expiresAt.toISOString(),
    createdAt: invitation.createdAt.toISOString(),
  };
}
