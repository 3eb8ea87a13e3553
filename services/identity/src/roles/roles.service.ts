import { Inject, Injectable } from '@nestjs/common';
import type { CreateRoleInput, Principal, RoleView, UpdateRoleInput } from '@orbita/contracts';
import { Permission } from '@orbita/contracts';
import type { Clock, IdGenerator } from '@orbita/platform';
import { AppError, CLOCK, ID_GENERATOR, requirePermission } from '@orbita/platform';
import { companyOf } from '../orgs/orgs.service';
import { RoleRepository } from './role.repository';
import type { RoleDocument } from './role.schema';

const DUPLICATE_KEY = 11000;

@Injectable()
export class RolesService {
  constructor(
    private readonly roles: RoleRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  /** Whoever may see people may read what the roles are (they are shown next to people); changing them is for admins. */
  async list(principal: Principal): Promise<{ items: RoleView[] }> {
    requirePermission(principal, Permission.UserRead, principal.orgPath);
    return { items: (await this.roles.all()).map(toRoleView) };
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
      await this.roles.insert(role);
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
    if (changes.description !== undefined) {
      set.description = changes.description;
    }
    if (changes.permissions !== undefined) {
      set.permissions = [...new Set(changes.permissions)];
    }
    const updated = await this.roles.update(roleId, set, this.clock.now());
    if (!updated) {
      throw AppError.notFound('role');
    }
    return toRoleView(updated);
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
