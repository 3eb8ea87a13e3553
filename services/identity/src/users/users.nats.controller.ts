import { Controller } from '@nestjs/common';
import type { Principal, RequestPayload, UserView } from '@orbita/contracts';
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
}
