import { Injectable } from '@nestjs/common';
import type { Grant, Permission } from '@orbita/contracts';
import { MEMBER_PERMISSIONS, PERSONAL_MANAGER_PERMISSIONS } from '@orbita/contracts';
import { OrgRepository } from '../orgs/org.repository';
import { RoleRepository } from '../roles/role.repository';
import type { UserDocument } from './user.schema';

export interface ResolvedAccess {
  roles: string[];
  grants: Grant[];
}

/**
 * What a user may do where, computed when a token is issued: the member permissions at their own
 * org, each role at the org it is assigned at, and the personal-manager permissions at every
 * client or partner org they manage.
 */
@Injectable()
export class GrantsResolver {
  constructor(
    private readonly roles: RoleRepository,
    private readonly orgs: OrgRepository,
  ) {}

  async resolve(user: UserDocument): Promise<ResolvedAccess> {
    const byOrg = new Map<string, Set<Permission>>();
    const add = (orgId: string, permissions: readonly Permission[]): void => {
      const set = byOrg.get(orgId) ?? new Set<Permission>();
      permissions.forEach((p) => set.add(p));
      byOrg.set(orgId, set);
    };
    add(user.orgId, MEMBER_PERMISSIONS);
    const roles = await this.roles.byIds([...new Set(user.roleAssignments.map((a) => a.roleId))]);
    const roleById = new Map(roles.map((r) => [r._id, r]));
    for (const assignment of user.roleAssignments) {
      const role = roleById.get(assignment.roleId);
      if (role) {
        add(assignment.orgId, role.permissions);
      }
    }
    if (!user.external) {
      for (const org of await this.orgs.managedBy(user.orgPath[0] ?? user.orgId, user._id)) {
        add(org._id, PERSONAL_MANAGER_PERMISSIONS);
      }
    }
    return {
      roles: [
        ...new Set(
          user.roleAssignments
            .map((a) => roleById.get(a.roleId)?.name)
            .filter((n): n is string => Boolean(n)),
        ),
      ],
      grants: [...byOrg].map(([orgId, permissions]) => ({ orgId, permissions: [...permissions].sort() })),
    };
  }
}
