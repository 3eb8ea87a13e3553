import { Injectable, Logger } from '@nestjs/common';
import type { EventData, EventEnvelope } from '@orbita/contracts';
import { IdentityEvents } from '@orbita/contracts';
import { OnEvent } from '@orbita/platform';
import { OrgRepository } from '../orgs/org.repository';
import { AccessChanges } from './access-changes.service';

/**
 * Changes that alter what other users may do are finished here, from their own events (written in
 * the same document write as the change, so a crash cannot lose them): a role's new permissions
 * reach every holder, a client's new personal manager gains (and the old one loses) its grants.
 */
@Injectable()
export class AccessChangeHandler {
  private readonly logger = new Logger(AccessChangeHandler.name);

  constructor(
    private readonly access: AccessChanges,
    private readonly orgs: OrgRepository,
  ) {}

  @OnEvent(IdentityEvents.roleUpdated)
  async roleUpdated(event: EventEnvelope<EventData<typeof IdentityEvents.roleUpdated>>): Promise<void> {
    if (!event.data.fields.includes('permissions')) {
      return;
    }
    const raised = await this.access.raiseHoldersOf(event.data.roleId);
    this.logger.log({ roleId: event.data.roleId, holders: raised, msg: "Role's holders must refresh" });
  }

  @OnEvent(IdentityEvents.orgManagerChanged)
  async managerChanged(
    event: EventEnvelope<EventData<typeof IdentityEvents.orgManagerChanged>>,
  ): Promise<void> {
    // An installation serves one company: the managers are its staff.
    const companyId = await this.orgs.companyId();
    if (!companyId) {
      return;
    }
    const managers = new Set([event.data.previousManagerId, event.data.managerId]);
    for (const managerId of managers) {
      if (managerId) {
        await this.access.raise(companyId, managerId, 'personal-manager');
      }
    }
  }
}
