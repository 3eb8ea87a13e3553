import { Inject, Injectable } from '@nestjs/common';
import type { EventData } from '@orbita/contracts';
import { IdentityEvents } from '@orbita/contracts';
import type { Clock } from '@orbita/platform';
import { CLOCK, EventFactory } from '@orbita/platform';
import { UserRepository } from '../users/user.repository';

export type AccessChangeReason = EventData<typeof IdentityEvents.userAccessChanged>['reason'];

/** How often a raise reads the user again after losing a race against another change of their access. */
const ATTEMPTS = 10;
/** Holders of a role are raised this many at a time. */
const PAGE = 200;

/**
 * Raises users' access versions when something their grants are computed from changed outside their
 * own document (a role's permissions, the orgs they manage), each with the access-changed event the
 * gateways follow to refuse older tokens. Raising again is harmless (one more refresh), so the
 * event handlers that call this may run twice.
 */
@Injectable()
export class AccessChanges {
  constructor(
    private readonly users: UserRepository,
    private readonly events: EventFactory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Raises the access version of one user of the company (deactivated ones have no tokens left). */
  async raise(companyId: string, userId: string, reason: AccessChangeReason): Promise<void> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const user = await this.users.findInCompany(companyId, userId);
      if (!user || user.status === 'deactivated') {
        return;
      }
      const version = user.accessVersion ?? 0;
      const changed = this.events.create(IdentityEvents.userAccessChanged, {
        orgId: user.orgId,
        subject: { type: 'user', id: user._id },
        data: { userId: user._id, accessVersion: version + 1, reason },
      });
      if (await this.users.changeAccess(companyId, user._id, version, {}, this.clock.now(), [changed])) {
        return;
      }
    }
    // The event handler fails and its event comes again later.
    throw new Error(`The access version of user ${userId} kept changing; will retry`);
  }

  /** Raises every active holder of the role, wherever they hold it. */
  async raiseHoldersOf(roleId: string): Promise<number> {
    let after: string | null = null;
    let raised = 0;
    for (;;) {
      const page = await this.users.activeHoldersOfRole(roleId, after, PAGE);
      for (const holder of page) {
        await this.raise(holder.orgPath[0] ?? holder.orgId, holder._id, 'role-permissions');
      }
      raised += page.length;
      const last = page[page.length - 1];
      if (page.length < PAGE || !last) {
        return raised;
      }
      after = last._id;
    }
  }
}
