import { Injectable } from '@nestjs/common';
import type { DirectoryOrg, DirectoryUser, OrgKind } from '@orbita/contracts';
import { IdentityRequests } from '@orbita/contracts';
import { BusClient } from '@orbita/platform';

/** How long an org read from identity is kept: orgs change rarely (a new manager, a new head). */
const ORG_TTL_MS = 60_000;
const ORGS_AT_MOST = 10_000;

export interface MembersQuery {
  orgId: string;
  subtree: boolean;
  roleId?: string | undefined;
  orgKinds?: OrgKind[] | undefined;
  inherited?: boolean | undefined;
}

/**
 * The people and org units the engine's assignee rules name, asked of identity on tasks' own
 * account: org units (cached briefly) and the active members of a unit, a subtree or a role.
 */
@Injectable()
export class PeopleDirectory {
  private readonly orgs = new Map<string, { org: DirectoryOrg; until: number }>();

  constructor(private readonly bus: BusClient) {}

  async org(orgId: string): Promise<DirectoryOrg | null> {
    const known = this.orgs.get(orgId);
    if (known && known.until > Date.now()) {
      return known.org;
    }
    const { orgs } = await this.bus.request(IdentityRequests.directoryOrgs, { ids: [orgId] }, { anonymous: true });
    const org = orgs[0] ?? null;
    if (org) {
      if (this.orgs.size >= ORGS_AT_MOST) {
        this.orgs.clear();
      }
      this.orgs.set(orgId, { org, until: Date.now() + ORG_TTL_MS });
    }
    return org;
  }

  /** Forgets an org identity said has changed. */
  forgetOrg(orgId: string): void {
    this.orgs.delete(orgId);
  }

  async members(query: MembersQuery): Promise<DirectoryUser[]> {
    const { users } = await this.bus.request(
      IdentityRequests.directoryMembers,
      {
        orgId: query.orgId,
        subtree: query.subtree,
        ...(query.roleId ? { roleId: query.roleId } : {}),
        ...(query.orgKinds ? { orgKinds: query.orgKinds } : {}),
        ...(query.inherited ? { inherited: true } : {}),
      },
      { anonymous: true, timeoutMs: 15_000 },
    );
    return users;
  }

  /**
   * The supervisor of a person: the head of their org, or (when they head it themselves, or it has
   * no head) of the nearest org above that has one.
   */
  async supervisorOf(user: { id: string; orgPath: readonly string[] }): Promise<string | null> {
    for (const orgId of [...user.orgPath].reverse()) {
      const org = await this.org(orgId);
      if (org?.headId && org.headId !== user.id) {
        return org.headId;
      }
    }
    return null;
  }
}
