import { Inject, Injectable } from '@nestjs/common';
import type {
  AcceptInvitationRequest,
  CreatedInvitation,
  CreateInvitationInput,
  InvitationPreview,
  InvitationView,
  ListInvitationsInput,
  Page,
  Principal,
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
  toPage,
} from '@orbita/platform';
import { AuthService } from '../auth/auth.service';
import type { IdentityConfig } from '../config';
import { IDENTITY_CONFIG } from '../config.token';
import { OrgRepository } from '../orgs/org.repository';
import { companyOf } from '../orgs/orgs.service';
import { hashLinkToken, newLinkToken } from '../passwords/link-token.util';
import { PasswordHasher } from '../passwords/password-hasher';
import { PasswordPolicy } from '../passwords/password-policy';
import { RoleRepository } from '../roles/role.repository';
import type { Seats } from '../users/seats.port';
import { SEATS } from '../users/seats.port';
import { UserRepository } from '../users/user.repository';
import type { UserDocument } from '../users/user.schema';
import { InvitationRepository } from './invitation.repository';
import type { InvitationDocument } from './invitation.schema';

@Injectable()
export class InvitationsService {
  constructor(
    private readonly invitations: InvitationRepository,
    private readonly users: UserRepository,
    private readonly orgs: OrgRepository,
    private readonly roles: RoleRepository,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly auth: AuthService,
    private readonly events: EventFactory,
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
    const companyId = companyOf(principal);
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.INVITATION_TTL_HOURS * 3_600_000);
    const seat = org.external ? 'portal' : 'full';
    const existing = await this.users.findByEmail(input.email);
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
    await this.seats.take(seat, userId);
    if (existing) {
      await this.users.renewInvitation(existing._id, {
        displayName: input.displayName,
        invitationExpiresAt: expiresAt,
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
        seat,
        external: org.external,
        roleAssignments: [],
        status: 'invited',
        invitationExpiresAt: expiresAt,
        passwordChangedAt: null,
        deactivatedAt: null,
        createdAt: now,
        updatedAt: now,
      };
      await this.users.insert(invited, []);
    }
    const { token, hash } = newLinkToken();
    const link = new URL(`/invitation?token=${token}`, this.config.PUBLIC_URL).toString();
    const inviter = await this.users.findInCompany(companyId, principal.userId);
    const invitation: InvitationDocument = {
      _id: this.ids.newId(),
      tokenHash: hash,
      email: input.email,
      displayName: input.displayName,
      orgId: org._id,
      orgPath: org.path,
      seat,
      roleIds: [...new Set(input.roleIds)],
      userId,
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
    const mail = this.events.create(MailMessages.mailRequested, {
      orgId: org._id,
      subject: { type: 'invitation', id: invitation._id },
      data: {
        to: input.email,
        locale: input.locale,
        template: 'invitation',
        params: {
          link,
          displayName: input.displayName,
          orgName: org.name,
          inviterName: inviter?.displayName ?? '',
          expiresAt: expiresAt.toISOString(),
        },
      },
    });
    await this.invitations.insert(invitation, [created, mail]);
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
    const user = await this.users.findForInternalUse(invitation.userId);
    if (!user || user.status !== 'invited') {
      throw new AppError(ErrorCode.LinkInvalid);
    }
    await this.seats.take(invitation.seat, user._id);
    const now = this.clock.now();
    const activated = this.events.create(IdentityEvents.userActivated, {
      orgId: user.orgId,
      subject: { type: 'user', id: user._id },
      data: { userId: user._id, orgId: user.orgId, seat: user.seat },
    });
    const roleAssignments = invitation.roleIds.map((roleId) => ({ roleId, orgId: invitation.orgId }));
    const passwordHash = await this.hasher.hash(request.password);
    if (
      !(await this.users.activate(
        user._id,
        { passwordHash, roleAssignments, passwordChangedAt: now, updatedAt: now },
        [activated],
      ))
    ) {
      throw new AppError(ErrorCode.LinkInvalid);
    }
    const accepted = this.events.create(IdentityEvents.invitationAccepted, {
      orgId: invitation.orgId,
      subject: { type: 'invitation', id: invitation._id },
      data: { invitationId: invitation._id, userId: user._id },
    });
    await this.invitations.close(invitation._id, 'accepted', now, [accepted]);
    return this.auth.startSession(
      { ...user, status: 'active', passwordHash, roleAssignments },
      request.clientIp,
    );
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
      const user = await this.users.findForInternalUse(invitation.userId);
      if (user?.status === 'invited') {
        await this.users.renewInvitation(user._id, {
          displayName: user.displayName,
          invitationExpiresAt: null,
          updatedAt: now,
        });
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
