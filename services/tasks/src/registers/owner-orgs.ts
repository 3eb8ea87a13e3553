import { Injectable } from '@nestjs/common';
import { IdentityRequests } from '@orbita/contracts';
import { BusClient } from '@orbita/platform';

/** How long an org's path read from identity is kept: paths change rarely (an org moved). */
const REMEMBER_MS = 60_000;
const REMEMBER_AT_MOST = 5_000;
/** identity answers about this many orgs at once. */
const ASK_AT_MOST = 100;

export interface OwnerOrg {
  orgId: string;
  /** Org ids from the company down to the org. */
  orgPath: string[];
}

/**
 * The paths of orgs that own records, asked of identity on tasks' own account (the contract names
 * tasks as a caller) and kept a minute: a record's access is decided on its owner's path.
 */
@Injectable()
export class OwnerOrgs {
  private readonly known = new Map<string, { org: OwnerOrg; until: number }>();

  constructor(private readonly bus: BusClient) {}

  /** The orgs identity knows of these; unknown ones are left out. */
  async orgs(ids: readonly string[]): Promise<Map<string, OwnerOrg>> {
    const now = Date.now();
    const missing = [...new Set(ids)].filter((id) => !((this.known.get(id)?.until ?? 0) > now));
    for (let i = 0; i < missing.length; i += ASK_AT_MOST) {
      const { orgs } = await this.bus.request(
        IdentityRequests.directoryOrgs,
        { ids: missing.slice(i, i + ASK_AT_MOST) },
        { anonymous: true },
      );
      if (this.known.size + orgs.length > REMEMBER_AT_MOST) {
        this.known.clear();
      }
      for (const org of orgs) {
        this.known.set(org.id, { org: { orgId: org.id, orgPath: org.path }, until: now + REMEMBER_MS });
      }
    }
    const found = new Map<string, OwnerOrg>();
    for (const id of ids) {
      const org = this.known.get(id)?.org;
      if (org) {
        found.set(id, org);
      }
    }
    return found;
  }
}
