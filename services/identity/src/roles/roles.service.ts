import type { OnModuleInit } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import type { CreateRoleInput, Principal, RoleView, UpdateRoleInput } from '@orbita/contracts';
import { ErrorCode, IdentityEvents, Permission } from '@orbita/contracts';
import type { Clock, IdGenerator } from '@orbita/platform';
import {
  AppError,
  CLOCK,
  EventFactory,
  ID_GENERATOR,
  hasPermission,
  requirePermission,
} from '@orbita/platform';
import { INSTALLATION_ORG_ID } from '../licences/licence.service';
import { OrgRepository } from '../orgs/org.repository';
import { companyOf } from '../orgs/orgs.service';
import { BUILT_IN_ROLES } from './built-in-roles';
import { RoleRepository } from './role.repository';
import type { RoleDocument } from './role.schema';

const DUPLICATE_KEY = 11000;

function samePermissions(a: readonly Permission[], b: readonly Permission[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

@Injectable()
export class RolesService implements OnModuleInit {
  constructor(
    private readonly roles: RoleRepository,
    private readonly orgs: OrgRepository,
    private readonly events: EventFactory,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  /**
   * The built-in roles as this version defines them. Should an upgrade change what one allows, its
   * holders' access changes as with an admin's edit (the event goes out with the write).
   */
  async onModuleInit(): Promise<void> {
    await this.roles.ready();
    const now = this.clock.now();
    const companyId = (await this.orgs.companyId()) ?? INSTALLATION_ORG_ID;
    for (const role of BUILT_IN_ROLES) {
      const stored = await this.roles.findById(role.id);
      const changed = stored !== null && !samePermissions(stored.permissions, role.permissions);
      const events = changed
        ? [
            this.events.create(IdentityEvents.roleUpdated, {
              orgId: companyId,
              subject: { type: 'role', id: role.id },
              data: { roleId: role.id, fields: ['permissions'] },
            }),
          ]
        : [];
      await this.roles.upsertBuiltIn(role, now, events);
    }
  }

  /**
   * The roles a caller has a use for. The list tells what the installation's roles are called, what
   * they are for and what they allow (the company's internal ones included), so it is not for
   * everyone who may see people (a role's name is shown next to a person anyway):
   * - who manages roles (role.manage at the company) sees all of them;
   * - who may hand roles out (user.manage or user.invite somewhere) sees the roles they could give:
   *   every permission of the role held at some org where they hold user.manage or user.invite
   *   (so a client's admin sees what she may give in her own org, and none of the staff roles);
   * - anyone else is FORBIDDEN: they have nothing to choose a role for.
   */
  async list(principal: Principal): Promise<{ items: RoleView[] }> {
    if (hasPermission(principal, Permission.RoleManage, [companyOf(principal)])) {
      return { items: (await this.roles.all()).map(toRoleView) };
    }
    const grantable = await this.grantablePermissionSets(principal);
    if (grantable.length === 0) {
      throw new AppError(ErrorCode.Forbidden);
    }
    const all = await this.roles.all();
    return {
      items: all
        .filter((role) => grantable.some((held) => role.permissions.every((p) => held.has(p))))
        .map(toRoleView),
    };
  }

  async create(principal: Principal, input: CreateRoleInput): Promise<RoleView> {
    requirePermission(principal, Permission.RoleManage, [companyOf(principal)]);
    const now = this.clock.now();
    const role: RoleDocument = {
      _id: this.ids.newId(),
      name: input.name,
      description: input.description,
      permissions: [...new Set(input.permissions)],
      builtIn: false,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.roles.add(role);
    } catch (err) {
      if ((err as { code?: number }).code === DUPLICATE_KEY) {
        throw AppError.conflict({
          en: `a role named "${input.name}" exists`,
          ru: `роль с именем "${input.name}" уже существует`,
        });
      }
      throw err;
    }
    return toRoleView(role);
  }

  async update(principal: Principal, roleId: string, changes: UpdateRoleInput): Promise<RoleView> {
    requirePermission(principal, Permission.RoleManage, [companyOf(principal)]);
    const existing = await this.roles.findById(roleId);
    if (!existing) {
      throw AppError.notFound('role');
    }
    if (existing.builtIn) {
      throw AppError.conflict({
        en: 'built-in roles cannot be changed; create a role of your own',
        ru: 'встроенные роли нельзя изменить; создайте свою роль',
      });
    }
    const set: Partial<Pick<RoleDocument, 'description' | 'permissions'>> = {};
    if (changes.description !== undefined && changes.description !== existing.description) {
      set.description = changes.description;
    }
    if (changes.permissions !== undefined) {
      const permissions = [...new Set(changes.permissions)];
      if (!samePermissions(permissions, existing.permissions)) {
        set.permissions = permissions;
      }
    }
    const fields = Object.keys(set);
    if (fields.length === 0) {
      return toRoleView(existing);
    }
    // With the write: the holders' access is raised from this event (a crash cannot lose it).
    const updatedEvent = this.events.create(IdentityEvents.roleUpdated, {
      orgId: companyOf(principal),
      subject: { type: 'role', id: roleId },
      data: { roleId, fields },
    });
    const updated = await this.roles.update(roleId, set, this.clock.now(), [updatedEvent]);
    if (!updated) {
      throw AppError.notFound('role');
    }
    return toRoleView(updated);
  }

  /**
   * What the principal holds at each org where they may give roles (user.manage or user.invite).
   * What someone holds somewhere is the union of their grants on its path, and it only grows at
   * the orgs their grants are at, so those orgs are the only ones to look at.
   */
  private async grantablePermissionSets(principal: Principal): Promise<Set<Permission>[]> {
    const grantOrgs = [...new Set(principal.grants.map((g) => g.orgId))];
    const paths = await this.orgs.pathsInCompany(companyOf(principal), grantOrgs);
    const sets: Set<Permission>[] = [];
    for (const path of paths.values()) {
      if (
        hasPermission(principal, Permission.UserManage, path) ||
        hasPermission(principal, Permission.UserInvite, path)
      ) {
        sets.push(
          new Set(principal.grants.filter((g) => path.includes(g.orgId)).flatMap((g) => g.permissions)),
        );
      }
    }
    return sets;
  }
}

export function toRoleView(role: RoleDocument): RoleView {
  return {
    id: role._id,
    name: role.name,
    description: role.description,
    permissions: role.permissions,
    builtIn: role.builtIn,
  };
}
