import { Controller } from '@nestjs/common';
import type { CreateRoleInput, Principal, RequestPayload, RoleView } from '@orbita/contracts';
import { IdentityRequests, Permission } from '@orbita/contracts';
import { Access, CurrentPrincipal, Handle, Input } from '@orbita/platform';
import { RolesService } from './roles.service';

@Controller()
export class RolesNatsController {
  constructor(private readonly roles: RolesService) {}

  @Handle(
    IdentityRequests.listRoles,
    Access.permission(Permission.RoleManage, Permission.UserManage, Permission.UserInvite),
  )
  list(@CurrentPrincipal() principal: Principal): Promise<{ items: RoleView[] }> {
    return this.roles.list(principal);
  }

  @Handle(IdentityRequests.createRole, Access.permission(Permission.RoleManage))
  create(@CurrentPrincipal() principal: Principal, @Input() input: CreateRoleInput): Promise<RoleView> {
    return this.roles.create(principal, input);
  }

  @Handle(IdentityRequests.updateRole, Access.permission(Permission.RoleManage))
  update(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof IdentityRequests.updateRole>,
  ): Promise<RoleView> {
    return this.roles.update(principal, input.roleId, input.changes);
  }
}
