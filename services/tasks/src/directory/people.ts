import { Injectable } from '@nestjs/common';
import type { DirectoryOrg, DirectoryUser, OrgKind } from '@orbita/contracts';
import { DIRECTORY_MEMBERS_MAX, IdentityRequests } from '@orbita/contracts';
import { BusClient } from '@orbita/platform';
import { OrgDirectory } from './org-directory';

/** The most people one rule may name (an acknowledgement to everyone of a large chain). */
const MEMBERS_AT_MOST = 20_000;

export interface MembersQuery {
  orgId: string;
  subtree: boolean;
  roleId?: string | undefined;
  orgKinds?: OrgKind[] | undefined;
  inherited?: boolean | undefined;
}

/**
 * The people and org units the engine's assignee rules name, asked of identity on tasks' own
 * account: org units (through the org directory's short-lived copy) and the active members of a
 * unit, a subtree or a role.
 */
@Injectable()
export class PeopleDirectory {
  constructor(
    private readonly bus: BusClient,
    private readonly orgs: OrgDirectory,
  ) {}

  org(orgId: string): Promise<DirectoryOrg | null> {
    return this.orgs.org(orgId);
  }

  /** Every active member the query names (page by page; at most MEMBERS_AT_MOST). */
  async members(query: MembersQuery): Promise<DirectoryUser[]> {
    const all: DirectoryUser[] = [];
    let afterId: string | undefined;
    do {
      const { users } = await this.bus.request(
        IdentityRequests.directoryMembers,
        {
          orgId: query.orgId,
          subtree: query.subtree,
          ...(query.roleId ? { roleId: query.roleId } : {}),
          ...(query.orgKinds ? { orgKinds: query.orgKinds } : {}),
          ...(query.inherited ? { inherited: true } : {}),
          ...(afterId ? { afterId } : {}),
          limit: DIRECTORY_MEMBERS_MAX,
        },
        { anonymous: true, timeoutMs: 15_000 },
      );
      all.push(...users);
      afterId = users.length === DIRECTORY_MEMBERS_MAX ? users.at(-1)?.id : undefined;
    } while (afterId && all.length < MEMBERS_AT_MOST);
    return all;
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
