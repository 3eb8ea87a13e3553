import { Injectable } from '@nestjs/common';
import type { EventData, EventEnvelope } from '@orbita/contracts';
import { IdentityEvents } from '@orbita/contracts';
import { OnEvent } from '@orbita/platform';
import { InvitationsService } from './invitations.service';

/**
 * Finishes an acceptance from the activation's event (written with the activated user): the
 * invitation is closed as accepted even when the request died right after the activation.
 */
@Injectable()
export class InvitationAcceptanceHandler {
  constructor(private readonly invitations: InvitationsService) {}

  @OnEvent(IdentityEvents.userActivated)
  async activated(event: EventEnvelope<EventData<typeof IdentityEvents.userActivated>>): Promise<void> {
    if (event.data.invitationId) {
      await this.invitations.finishAcceptance(event.data.invitationId, event.data.userId);
    }
  }
}
