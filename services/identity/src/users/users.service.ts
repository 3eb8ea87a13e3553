import { Inject, Injectable, Logger } from '@nestjs/common';
import type {
  DirectoryMembersInput,
  DirectoryUser,
  ListUsersInput,
  MeView,
  Page,
  Principal,
  RoleAssignmentInput,
  SeatType,
  Supervisor,
  UpdateUserInput,
  UserView,
} from '@orbita/contracts';
import { ErrorCode, IdentityEvents, Permission, allPermissions } from '@orbita/contracts';
import type { Clock } from '@orbita/platform';
import {
  AppError,
  CLOCK,
  EventFactory,
  hasPermission,
  requirePermission,
  scopeOf,
  toPage,
} from '@orbita/platform';
import { IdentityFailpoint } from '../common/failpoints';
import { Failpoints } from '@orbita/platform';
import { OrgRepository } from '../orgs/org.repository';
import { companyOf } from '../orgs/orgs.service';
import { RoleRepository } from '../roles/role.repository';
import { SessionsService } from '../sessions/sessions.service';
import type { Seats } from './seats.port';
import { SEATS } from './seats.port';
import { UserRepository } from './user.repository';
import type { RoleAssignment, UserDocument } from './user.schema';

/**
 * The most orgs a subtree of the directory's member queries holds (a company of thousands of
 * units); the orgs' ids go into one query.
 */
const SUBTREE_ORGS_MAX = 20_000;

/** How often a role change reads again after losing a race against another change of the user's access. */
const ROLE_CHANGE_ATTEMPTS = 5;

function sameAssignment(a: RoleAssignment, b: RoleAssignment): boolean {
  return a.roleId === b.roleId && a.orgId === b.orgId;
}

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly users: UserRepository,
    private readonly orgs: OrgRepository,
    private readonly roles: RoleRepository,
    private readonly sessions: SessionsService,
    private readonly events: EventFactory,
    private readonly failpoints: Failpoints,
    @Inject(SEATS) private readonly seats: Seats,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * People are visible in the caller's granted org subtrees (staff with roles see their units;
   * portal users their own org); everyone sees themselves, and a portal user sees the personal
   * manager of their org. Anyone else is NOT_FOUND, never FORBIDDEN.
   */
  async get(principal: Principal, userId: string): Promise<UserView> {
    return this.toView(await this.visible(principal, userId));
  }

  /** Whether the principal may see this user (the rule of `get`), for answers that must not tell more. */
  async isVisibleTo(principal: Principal, userId: string): Promise<boolean> {
    return (await this.findVisible(principal, userId)) !== null;
  }

  /**
   * People as other services copy them (tasks, for assignments). No caller: NATS lets only the
   * services the contract names ask. The version orders copies: the newer state always wins.
   */
  async directory(ids: string[]): Promise<{ users: DirectoryUser[] }> {
    const users = await this.users.forDirectory([...new Set(ids)]);
    return { users: users.map(toDirectoryUser) };
  }

  /**
   * The active people of an org for assignee rules (the process engine), in `_id` order. No caller:
   * NATS lets only the services the contract names ask. An unknown org has no members.
   */
  async members(input: DirectoryMembersInput): Promise<{ users: DirectoryUser[] }> {
    const [org] = await this.orgs.forDirectory([input.orgId]);
    if (!org) {
      return { users: [] };
    }
    let orgIds: string[] | undefined;
    if (!input.subtree) {
      orgIds = !input.orgKinds || input.orgKinds.includes(org.kind) ? [org._id] : [];
    } else if (input.orgKinds) {
      orgIds = await this.orgs.idsInSubtree(org._id, input.orgKinds, SUBTREE_ORGS_MAX);
    }
    let role: { roleId: string; atOrgIds: string[] } | undefined;
    if (input.roleId) {
      const below = input.subtree
        ? await this.orgs.idsInSubtree(org._id, undefined, SUBTREE_ORGS_MAX)
        : [org._id];
      // org.path ends with the org itself: its ancestors and itself.
      const atOrgIds = input.inherited ? [...new Set([...org.path, ...below])] : below;
      role = { roleId: input.roleId, atOrgIds };
    }
    if (orgIds?.length === 0) {
      return { users: [] };
    }
    const users = await this.users.activeMembers(
      org._id,
      {
        ...(orgIds ? { orgIds } : {}),
        ...(role ? { role } : {}),
        ...(input.afterId ? { afterId: input.afterId } : {}),
      },
      input.limit,
    );
    return { users: users.map(toDirectoryUser) };
  }

  async me(principal: Principal): Promise<MeView> {
    const view = await this.get(principal, principal.userId);
    const permissions = new Set(principal.grants.flatMap((grant) => grant.permissions));
    return { ...view, permissions: allPermissions.filter((permission) => permissions.has(permission)) };
  }

  async list(principal: Principal, input: ListUsersInput): Promise<Page<UserView>> {
    const docs = await this.users.listVisible(scopeOf(principal, Permission.UserRead), input, input);
    const page = toPage(docs, input.limit, (doc) => doc);
    return { items: await this.toViews(page.items), nextCursor: page.nextCursor };
  }

  /** Only the profile: roles, seat and org are not fields of this change (property-level authorization). */
  async update(principal: Principal, userId: string, changes: UpdateUserInput): Promise<UserView> {
    const user = await this.visible(principal, userId);
    if (user._id !== principal.userId) {
      requirePermission(principal, Permission.UserManage, user.orgPath);
    }
    const fields = Object.keys(changes).sort();
    const event = this.events.create(IdentityEvents.userUpdated, {
      orgId: user.orgId,
      subject: { type: 'user', id: user._id },
      data: { userId: user._id, fields },
    });
    const saved = await this.users.update(companyOf(principal), user._id, changes, this.clock.now(), [event]);
    return this.toView(saved ?? user);
  }

  /**
   * A role at an org: the caller needs user.manage over the user and must hold every permission of
   * the role at that org (nobody hands out more than they have); a portal user's roles stay inside
   * their own org subtree. Takes effect at once: access tokens issued before are refused.
   */
  async assignRole(principal: Principal, userId: string, assignment: RoleAssignmentInput): Promise<UserView> {
    return this.changeRoles(principal, userId, assignment, (current) =>
      current.some((a) => sameAssignment(a, assignment)) ? null : [...current, assignment],
    );
  }

  /** Takes a role at an org from a user; their access tokens issued before are refused at once. */
  async unassignRole(
    principal: Principal,
    userId: string,
    assignment: RoleAssignmentInput,
  ): Promise<UserView> {
    return this.changeRoles(principal, userId, assignment, (current) => {
      // After the access checks, so only who may manage themselves learns this.
      if (userId === principal.userId && assignment.roleId === 'admin') {
        throw AppError.conflict({
          en: 'you cannot take the admin role from yourself',
          ru: 'нельзя снять роль администратора с самого себя',
        });
      }
      return current.some((a) => sameAssignment(a, assignment))
        ? current.filter((a) => !sameAssignment(a, assignment))
        : null;
    });
  }

  /**
   * Ends the account at once: every session is revoked (the gateway refuses the access tokens still
   * out there) and the seat goes back to the pool. One write decides it: the deactivated user with
   * its event, from which identity finishes the rest should this process die before it does.
   */
  async deactivate(principal: Principal, userId: string): Promise<UserView> {
    const user = await this.visible(principal, userId);
    requirePermission(principal, Permission.UserManage, user.orgPath);
    if (user._id === principal.userId) {
      throw AppError.conflict({
        en: 'you cannot deactivate yourself',
        ru: 'нельзя деактивировать самого себя',
      });
    }
    const now = this.clock.now();
    const event = this.events.create(IdentityEvents.userDeactivated, {
      orgId: user.orgId,
      subject: { type: 'user', id: user._id },
      data: { userId: user._id, orgId: user.orgId, seat: user.seat, deactivatedAt: now.toISOString() },
    });
    const before = await this.users.deactivate(companyOf(principal), user._id, now, [event]);
    if (before) {
      this.failpoints.hit(IdentityFailpoint.DeactivateAfterUser);
      await this.finishDeactivation(user._id, user.seat);
    }
    return this.toView({ ...user, status: 'deactivated', deactivatedAt: now });
  }

  /** The rest of a deactivation: every session ends and the seat is given back. Idempotent. */
  async finishDeactivation(userId: string, seat: SeatType): Promise<void> {
    await this.sessions.revokeAllForUser(userId, 'deactivated');
    await this.seats.release(seat, userId);
  }

  /**
   * The head of the user's unit, or of the nearest unit above with a head (not the user themself);
   * for people of a client or partner org, only heads inside that org.
   * Named to the user themself, and otherwise only to those who may see the head (the rule of
   * `get`), else null: asking for someone's supervisor must not show a portal user, or a branch,
   * people of the company they may not see.
   */
  async supervisor(principal: Principal, userId: string): Promise<Supervisor> {
    const user = await this.visible(principal, userId);
    const companyId = companyOf(principal);
    for (const orgId of [...user.orgPath].reverse()) {
      const org = await this.orgs.findInCompany(companyId, orgId);
      // A client's or partner's people answer to their own org, never to the company's heads.
      if (user.external && !org?.external) {
        break;
      }
      if (org?.headId && org.headId !== user._id) {
        const head = await this.users.findInCompany(companyId, org.headId);
        if (head && head.status === 'active') {
          // Everyone may know their own supervisor; of others', only whom they may see anyway.
          const shown = user._id === principal.userId ? head : await this.findVisible(principal, head._id);
          return { supervisor: shown ? await this.toView(shown) : null };
        }
      }
    }
    return { supervisor: null };
  }

  /**
   * Checks the change, then writes the new assignments with the access version raised and the
   * access-changed event, in one write that holds only if nobody changed the user's access since it
   * was read; otherwise it reads again. `next` answers the new assignments, or null for no change.
   */
  private async changeRoles(
    principal: Principal,
    userId: string,
    assignment: RoleAssignmentInput,
    next: (current: RoleAssignment[]) => RoleAssignment[] | null,
  ): Promise<UserView> {
    for (let attempt = 0; attempt < ROLE_CHANGE_ATTEMPTS; attempt++) {
      const user = await this.checkRoleChange(principal, userId, assignment);
      const roleAssignments = next(user.roleAssignments);
      if (!roleAssignments) {
        return this.toView(user);
      }
      const version = user.accessVersion ?? 0;
      const events = [
        this.events.create(IdentityEvents.userUpdated, {
          orgId: user.orgId,
          subject: { type: 'user', id: user._id },
          data: { userId: user._id, fields: ['roles'] },
        }),
        this.events.create(IdentityEvents.userAccessChanged, {
          orgId: user.orgId,
          subject: { type: 'user', id: user._id },
          data: { userId: user._id, accessVersion: version + 1, reason: 'roles' },
        }),
      ];
      const saved = await this.users.changeAccess(
        companyOf(principal),
        user._id,
        version,
        { roleAssignments },
        this.clock.now(),
        events,
      );
      if (saved) {
        this.logger.log({ userId: user._id, roles: roleAssignments, msg: 'Roles changed' });
        return this.toView(saved);
      }
    }
    throw new AppError(ErrorCode.Conflict, {
      reason: "the user's roles are being changed by someone else at the same time; try again",
      reason_ru: 'роли пользователя в это же время меняет кто-то другой; повторите попытку',
    });
  }

  private async checkRoleChange(
    principal: Principal,
    userId: string,
    assignment: RoleAssignmentInput,
  ): Promise<UserDocument> {
    const user = await this.visible(principal, userId);
    // Permission before looking the org up, so a foreign org id cannot be told from a missing one.
    requirePermission(principal, Permission.UserManage, user.orgPath);
    const [role, org] = await Promise.all([
      this.roles.findById(assignment.roleId),
      this.orgs.findVisible(scopeOf(principal, Permission.OrgRead), assignment.orgId),
    ]);
    if (!role) {
      throw AppError.notFound('role');
    }
    if (!org) {
      throw AppError.notFound('org');
    }
    if (!role.permissions.every((p) => hasPermission(principal, p, org.path))) {
      throw new AppError(ErrorCode.Forbidden, {}, undefined, 'You cannot grant permissions you do not hold');
    }
    if (user.external && !org.path.includes(user.orgId)) {
      throw AppError.validation({
        en: 'orgId: a portal user can hold roles only in their own org',
        ru: 'orgId: пользователь портала может иметь роли только в своей организации',
      });
    }
    return user;
  }

  private async visible(principal: Principal, userId: string): Promise<UserDocument> {
    const found = await this.findVisible(principal, userId);
    if (!found) {
      throw AppError.notFound('user');
    }
    return found;
  }

  private async findVisible(principal: Principal, userId: string): Promise<UserDocument | null> {
    const found = await this.users.findVisible(scopeOf(principal, Permission.UserRead), userId);
    if (found) {
      return found;
    }
    if (principal.external && (await this.isPersonalManagerOf(principal, userId))) {
      return this.users.findInCompany(companyOf(principal), userId);
    }
    return null;
  }

  private async isPersonalManagerOf(principal: Principal, userId: string): Promise<boolean> {
    const companyId = companyOf(principal);
    for (const orgId of principal.orgPath) {
      const org = await this.orgs.findInCompany(companyId, orgId);
      if (org?.external && org.managerId === userId) {
        return true;
      }
    }
    return false;
  }

  async toView(user: UserDocument): Promise<UserView> {
    const [view] = await this.toViews([user]);
    if (!view) {
      throw new Error('unreachable');
    }
    return view;
  }

  private async toViews(users: UserDocument[]): Promise<UserView[]> {
    const roles = await this.roles.byIds([
      ...new Set(users.flatMap((u) => u.roleAssignments.map((a) => a.roleId))),
    ]);
    const names = new Map(roles.map((r) => [r._id, r.name]));
    return users.map((user) => ({
      id: user._id,
      orgId: user.orgId,
      email: user.email,
      displayName: user.displayName,
      seat: user.seat,
      external: user.external,
      active: user.status === 'active',
      roles: user.roleAssignments.map((a) => ({
        roleId: a.roleId,
        roleName: names.get(a.roleId) ?? a.roleId,
        orgId: a.orgId,
      })),
      locale: user.locale ?? 'ru',
      timeZone: user.timeZone ?? null,
      createdAt: user.createdAt.toISOString(),
    }));
  }
}

/** A person as other services copy them; the version orders copies: the newer state always wins. */
function toDirectoryUser(user: UserDocument): DirectoryUser {
  return {
    id: user._id,
    orgId: user.orgId,
    orgPath: user.orgPath,
    displayName: user.displayName,
    status: user.status,
    external: user.external,
    seat: user.seat,
    roleAssignments: user.roleAssignments.map((a) => ({ roleId: a.roleId, orgId: a.orgId })),
    email: user.email,
    locale: user.locale ?? 'ru',
    ...(user.timeZone ? { timeZone: user.timeZone } : {}),
    version: user.updatedAt.getTime(),
  };
}
