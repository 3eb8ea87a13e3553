import { Injectable } from '@nestjs/common';
import type { NotificationKind } from '@orbita/contracts';
import type { EmailDelivery } from '../inbox/notification.schema';
import type { Person } from '../people/people-directory';
import { PeopleDirectory } from '../people/people-directory';
import type { ResolvedPreferences } from '../preferences/preferences.service';
import { PreferencesService } from '../preferences/preferences.service';
import { quietUntil } from '../preferences/quiet-hours';

/** A person to notify, with what they want. */
export interface Recipient extends Person {
  preferences: ResolvedPreferences;
}

/**
 * The channels' decisions for a new notification, made while it is built so that the e-mail's
 * state is stored in the same insert (ADR 017): whether it is stored at all (in-app), and whether
 * and when it is mailed (`pending` now, `held` until the end of the person's quiet hours, or
 * `skipped`). The delivery worker then sends each pending or due held one once.
 */
@Injectable()
export class EmailChannel {
  constructor(
    private readonly people: PeopleDirectory,
    private readonly preferences: PreferencesService,
  ) {}

  /** The recipients among `ids` identity knows, with their preferences (three look-ups at most, and identity for newcomers). */
  async recipients(ids: readonly string[]): Promise<Map<string, Recipient>> {
    const people = [...(await this.people.getMany(ids)).values()];
    const preferences = await this.preferences.forPeople(people);
    return new Map(
      people.flatMap((person) => {
        const wanted = preferences.get(person.id);
        return wanted ? [[person.id, { ...person, preferences: wanted }]] : [];
      }),
    );
  }

  /** Whether the notification is stored for the person at all; one identity does not know is stored (in-app only). */
  wantsInApp(recipient: Recipient | null, kind: NotificationKind): boolean {
    return recipient ? recipient.preferences.wants(kind, 'inApp') : true;
  }

  plan(recipient: Recipient | null, kind: NotificationKind, now: Date): EmailDelivery {
    const planned = (status: EmailDelivery['status'], notBefore: Date, reason?: string): EmailDelivery => ({
      status,
      notBefore,
      attempts: 0,
      lastError: null,
      sentAt: null,
      ...(reason ? { reason } : {}),
    });
    if (!recipient) {
      return planned('skipped', now, 'unknown person');
    }
    if (!recipient.active) {
      return planned('skipped', now, 'inactive');
    }
    if (!recipient.email) {
      return planned('skipped', now, 'no address');
    }
    if (!recipient.preferences.wants(kind, 'email')) {
      return planned('skipped', now, 'not wanted');
    }
    const until = quietUntil(recipient.preferences.quietHours, now, recipient.timeZone);
    return until ? planned('held', until) : planned('pending', now);
  }
}
