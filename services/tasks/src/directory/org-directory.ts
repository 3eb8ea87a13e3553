import { Injectable } from '@nestjs/common';
import type { DirectoryOrg, EventEnvelope } from '@orbita/contracts';
import { IdentityEvents, IdentityRequests } from '@orbita/contracts';
import { BusClient, OnEvent } from '@orbita/platform';

/** How long an org read from identity is kept: kinds and paths change rarely. */
const REMEMBER_MS = 60_000;
const REMEMBER_AT_MOST = 5_000;
/** Ids in one request to identity (its directory contract's limit). */
const ASK_AT_MOST = 100;

/**
 * Orgs as tasks needs them (the kind of a starter's org, for who may start a process): asked of
 * identity on tasks' own account, kept a minute, forgotten when identity says one changed.
 */
@Injectable()
export class OrgDirectory {
  private readonly known = new Map<string, { org: DirectoryOrg; until: number }>();

  constructor(private readonly bus: BusClient) {}

  /** The org, or null when identity knows none. */
  async org(orgId: string): Promise<DirectoryOrg | null> {
    const [org] = await this.orgs([orgId]);
    return org ?? null;
  }

  /** The orgs identity knows of these (in the order asked; unknown ones left out). */
  async orgs(ids: readonly string[]): Promise<DirectoryOrg[]> {
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
        this.known.set(org.id, { org, until: now + REMEMBER_MS });
      }
    }
    return ids.flatMap((id) => {
      const org = this.known.get(id)?.org;
      return org ? [org] : [];
    });
  }

  /** identity changed an org: read it again next time. */
  @OnEvent(IdentityEvents.orgUpdated)
  forgetOrg(event: EventEnvelope<{ orgId: string }>): void {
    this.known.delete(event.data.orgId);
  }
}
