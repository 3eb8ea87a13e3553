import { Injectable } from '@nestjs/common';
import type { EventData, EventEnvelope } from '@orbita/contracts';
import { IdentityEvents } from '@orbita/contracts';
import { OnEvent } from '@orbita/platform';
import { UsersService } from './users.service';

/**
 * Finishes a deactivation from its event (written with the deactivated user): what the request
 * could not do before a crash, the sessions and the seat, is done here; again harmlessly otherwise.
 */
@Injectable()
export class DeactivationHandler {
  constructor(private readonly users: UsersService) {}

  @OnEvent(IdentityEvents.userDeactivated)
  async deactivated(event: EventEnvelope<EventData<typeof IdentityEvents.userDeactivated>>): Promise<void> {
    await this.users.finishDeactivation(event.data.userId, event.data.seat);
  }
}
