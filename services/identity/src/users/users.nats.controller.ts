import { Controller } from '@nestjs/common';
import type {
  DirectoryUser,
  ListUsersInput,
  MeView,
  Page,
  Principal,
  RequestPayload,
  Supervisor,
  UserView,
} from '@orbita/contracts';
import { IdentityRequests, Permission } from '@orbita/contracts';
import { Access, CurrentPrincipal, Handle, Input } from '@orbita/platform';
import { UsersService } from './users.service';

@Controller()
export class UsersNatsController {
  constructor(private readonly users: UsersService) {}

  @Handle(IdentityRequests.getUser, Access.permission(Permission.UserRead))
  get(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof IdentityRequests.getUser>,
  ): Promise<UserView> {
    return this.users.get(principal, input.userId);
  }

  @Handle(
    IdentityRequests.directoryUsers,
    Access.service('the copies other services keep of people, asked for on their own account'),
  )
  directory(
    @Input() input: RequestPayload<typeof IdentityRequests.directoryUsers>,
  ): Promise<{ users: DirectoryUser[] }> {
    return this.users.directory(input.ids);
  }

  @Handle(
    IdentityRequests.directoryMembers,
    Access.service('who the people of an org are, for assignee rules of a service acting on its own account'),
  )
  members(
    @Input() input: RequestPayload<typeof IdentityRequests.directoryMembers>,
  ): Promise<{ users: DirectoryUser[] }> {
    return this.users.members(input);
  }

  @Handle(IdentityRequests.me, Access.signedIn("one's own profile"))
  me(@CurrentPrincipal() principal: Principal): Promise<MeView> {
    return this.users.me(principal);
  }

  @Handle(IdentityRequests.listUsers, Access.permission(Permission.UserRead))
  list(@CurrentPrincipal() principal: Principal, @Input() input: ListUsersInput): Promise<Page<UserView>> {
    return this.users.list(principal, input);
  }

  @Handle(IdentityRequests.updateUser, Access.permission(Permission.UserRead))
  update(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof IdentityRequests.updateUser>,
  ): Promise<UserView> {
    return this.users.update(principal, input.userId, input.changes);
  }

  @Handle(IdentityRequests.assignRole, Access.permission(Permission.UserManage))
  assignRole(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof IdentityRequests.assignRole>,
  ): Promise<UserView> {
    return this.users.assignRole(principal, input.userId, input.assignment);
  }

  @Handle(IdentityRequests.unassignRole, Access.permission(Permission.UserManage))
  unassignRole(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof IdentityRequests.unassignRole>,
  ): Promise<UserView> {
    return this.users.unassignRole(principal, input.userId, input.assignment);
  }

  @Handle(IdentityRequests.deactivateUser, Access.permission(Permission.UserManage))
  deactivate(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof IdentityRequests.deactivateUser>,
  ): Promise<UserView> {
    return this.users.deactivate(principal, input.userId);
  }

  @Handle(IdentityRequests.supervisor, Access.permission(Permission.UserRead))
  supervisor(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof IdentityRequests.supervisor>,
  ): Promise<Supervisor> {
    return this.users.supervisor(principal, input.userId);
  }
}
