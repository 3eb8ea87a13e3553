import { Controller } from '@nestjs/common';
import type { ClientCard, ClientCardInput, Principal } from '@orbita/contracts';
import { ClientsRequests, Permission } from '@orbita/contracts';
import { Access, CurrentPrincipal, Handle, Input } from '@orbita/platform';
import { ClientsService } from './clients.service';

@Controller()
export class ClientsNatsController {
  constructor(private readonly clients: ClientsService) {}

  @Handle(ClientsRequests.card, Access.permission(Permission.TaskRead))
  card(@CurrentPrincipal() principal: Principal, @Input() input: ClientCardInput): Promise<ClientCard> {
    return this.clients.card(principal, input.orgId);
  }
}
