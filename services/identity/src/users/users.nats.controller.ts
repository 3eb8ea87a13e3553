import { Controller } from '@nestjs/common';
import type {
  ListUsersInput,
  Page,
  Principal,
  RequestPayload,
  Supervisor,
  UserView,
} from '@orbita/contracts';
import { IdentityRequests } from '@orbita/contracts';
import { CurrentPrincipal, Handle, Input } from '@orbita/platform';
import { UsersService } from './users.service';

@Controller()
export class UsersNatsController {
  constructor(private readonly users: UsersService) {}

  @Handle(IdentityRequests.getUser)
  get(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof IdentityRequests.getUser>,
  ): Promise<UserView> {
    return this.users.get(principal, input.userId);
  }

  @Handle(IdentityRequests.me)
  me(@CurrentPrincipal() principal: Principal): Promise<UserView> {
    return this.users.me(principal);
  }

  @Handle(IdentityRequests.listUsers)
  list(@CurrentPrincipal() principal: Principal, @Input() input: ListUsersInput): Promise<Page<UserView>> {
    return this.users.list(principal, input);
  }

  @Handle(IdentityRequests.updateUser)
  update(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof IdentityRequests.updateUser>,
  ): Promise<UserView> {
    return this.users.update(principal, input.userId, input.changes);
  }

  @Handle(IdentityRequests.assignRole)
  assignRole(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof IdentityRequests.assignRole>,
  ): Promise<UserView> {
    return this.users.assignRole(principal, input.userId, input.assignment);
  }

  @Handle(IdentityRequests.unassignRole)
  unassignRole(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof IdentityRequests.unassignRole>,
  ): Promise<UserView> {
    return this.users.unassignRole(principal, input.userId, input.assignment);
  }

  @Handle(IdentityRequests.deactivateUser)
  deactivate(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof IdentityRequests.deactivateUser>,
  ): Promise<UserView> {
    return this.users.deactivate(principal, input.userId);
  }

  @Handle(IdentityRequests.supervisor)
  supervisor(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof IdentityRequests.supervisor>,
  ): Promise<Supervisor> {
    return this.users.supervisor(principal, input.userId);
  }
}
