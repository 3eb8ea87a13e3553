import { Injectable } from '@nestjs/common';
import type { EventData, EventEnvelope } from '@orbita/contracts';
import { IdentityEvents } from '@orbita/contracts';
import { OnEvent } from '@orbita/platform';
import { PasswordsService } from './passwords.service';

/**
 * Finishes password changes and resets from their events (each written in the write that decided
 * it): the sessions to end, and for a reset the password itself. The request does the same at once;
 * this is what completes it after a crash, and it is harmless when it runs again or late. Events of
 * versions that did all of it in the request carry no `changedAt` / `resetId` and are left alone.
 */
@Injectable()
export class PasswordCompletionHandler {
  constructor(private readonly passwords: PasswordsService) {}

  @OnEvent(IdentityEvents.passwordChanged)
  async changed(event: EventEnvelope<EventData<typeof IdentityEvents.passwordChanged>>): Promise<void> {
    const { userId, changedAt, keptSessionId } = event.data;
    if (changedAt) {
      await this.passwords.finishChange(userId, new Date(changedAt), keptSessionId);
    }
  }

  @OnEvent(IdentityEvents.passwordReset)
  async reset(event: EventEnvelope<EventData<typeof IdentityEvents.passwordReset>>): Promise<void> {
    const { userId, resetId } = event.data;
    const reset = resetId ? await this.passwords.usedReset(resetId, userId) : null;
    if (reset) {
      await this.passwords.finishReset(reset);
    }
  }
}
