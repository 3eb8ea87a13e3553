import type { Type } from '@nestjs/common';
import { Controller } from '@nestjs/common';
import type {
  DeadLetterView,
  ListDeadLettersInput,
  Page,
  Principal,
  RequestPayload,
} from '@orbita/contracts';
import { Permission, deadLetterRequestsOf } from '@orbita/contracts';
import { Access, CurrentPrincipal, Handle, Input } from '../../bus/handle.decorator';
import { DeadLetterService } from './dead-letter.service';

/** The NATS handlers of a service's dead-letter store, under the service's own subjects. */
export function deadLetterController(service: string): Type {
  const found = deadLetterRequestsOf(service);
  if (!found) {
    throw new Error(`${service} has no dead-letter contracts (EVENT_CONSUMING_SERVICES)`);
  }
  const requests = found;

  @Controller()
  class DeadLetterNatsController {
    constructor(private readonly letters: DeadLetterService) {}

    @Handle(requests.list, Access.permission(Permission.OpsManage))
    list(
      @CurrentPrincipal() principal: Principal,
      @Input() input: ListDeadLettersInput,
    ): Promise<Page<DeadLetterView>> {
      return this.letters.list(principal, input);
    }

    @Handle(requests.get, Access.permission(Permission.OpsManage))
    get(
      @CurrentPrincipal() principal: Principal,
      @Input() input: RequestPayload<typeof requests.get>,
    ): Promise<DeadLetterView> {
      return this.letters.get(principal, input.deadLetterId);
    }

    @Handle(requests.replay, Access.permission(Permission.OpsManage))
    replay(
      @CurrentPrincipal() principal: Principal,
      @Input() input: RequestPayload<typeof requests.replay>,
    ): Promise<DeadLetterView> {
      return this.letters.replay(principal, input.deadLetterId);
    }

    @Handle(requests.discard, Access.permission(Permission.OpsManage))
    discard(
      @CurrentPrincipal() principal: Principal,
      @Input() input: RequestPayload<typeof requests.discard>,
    ): Promise<DeadLetterView> {
      return this.letters.discard(principal, input.deadLetterId);
    }
  }
  return DeadLetterNatsController;
}
