import { Controller } from '@nestjs/common';
import type { CreateRoleInput, Principal, RequestPayload, RoleView } from '@orbita/contracts';
import { IdentityRequests } from '@orbita/contracts';
import { CurrentPrincipal, Handle, Input } from '@orbita/platform';
import { RolesService } from './roles.service';

@Controller()
export class RolesNatsController {
  constructor(private readonly roles: RolesService) {}

  @Handle(IdentityRequests.listRoles)
  list(@CurrentPrincipal() principal: Principal): Promise<{ items: RoleView[] }> {
    return this.roles.list(principal);
  }

  @Handle(IdentityRequests.createRole)
  create(@CurrentPrincipal() principal: Principal, @Input() input: CreateRoleInput): Promise<RoleView> {
    return this.roles.create(principal, input);
  }

  @Handle(IdentityRequests.updateRole)
  update(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof IdentityRequests.updateRole>,
  ): Promise<RoleView> {
    return this.roles.update(principal, input.roleId, input.changes);
  }
}
