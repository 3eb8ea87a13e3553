import { Injectable } from '@nestjs/common';
import type { DirectoryOrg, EventEnvelope } from '@orbita/contracts';
import { IdentityEvents, IdentityRequests } from '@orbita/contracts';
import { AppError, BusClient, OnEvent } from '@orbita/platform';

/** How long an org or a person read from identity is kept: names and paths change rarely. */
const REMEMBER_MS = 60_000;
const REMEMBER_AT_MOST = 5_000;

export interface Person {
  name: string;
  orgId: string;
}

interface Remembered<T> {
  value: T;
  until: number;
}

/**
 * Names and paths of orgs and people as documents needs them: the issuing and the counterparty
 * org of a document (its access paths, the names printed on it), the name on a receipt. Asked of
 * identity on documents' own account (the contract names it as a caller), kept a minute.
 */
@Injectable()
export class Directory {
  private readonly known = new Map<string, Remembered<DirectoryOrg>>();
  private readonly people = new Map<string, Remembered<Person | null>>();

  constructor(private readonly bus: BusClient) {}

  /** The org, or NOT_FOUND (named as `what`) when identity knows none. */
  async org(orgId: string, what = 'org'): Promise<DirectoryOrg> {
    const [org] = await this.orgs([orgId]);
    if (!org) {
      throw AppError.notFound(what);
    }
    return org;
  }

  /** The orgs identity knows of these (in the order asked; unknown ones left out). */
  async orgs(ids: readonly string[]): Promise<DirectoryOrg[]> {
    const now = Date.now();
    const missing = [...new Set(ids)].filter((id) => !((this.known.get(id)?.until ?? 0) > now));
    if (missing.length > 0) {
      const { orgs } = await this.bus.request(
        IdentityRequests.directoryOrgs,
        { ids: missing },
        { anonymous: true },
      );
      for (const org of orgs) {
        remember(this.known, org.id, org);
      }
    }
    return ids.flatMap((id) => {
      const org = this.known.get(id)?.value;
      return org ? [org] : [];
    });
  }

  /**
   * The legal entity an org acts as: the org itself when it has legal details, else the nearest
   * org above it that has them (a department issues documents as its company).
   */
  async legalEntity(orgId: string): Promise<DirectoryOrg> {
    const org = await this.org(orgId);
    const chain = await this.orgs([...org.path].reverse());
    return chain.find((candidate) => candidate.legal !== null) ?? org;
  }

  /** identity changed an org (its name, its legal details): read it again next time. */
  @OnEvent(IdentityEvents.orgUpdated)
  forgetOrg(event: EventEnvelope<{ orgId: string }>): void {
    this.known.delete(event.data.orgId);
  }

  /** A person's name and org, or null when identity knows none. */
  async person(userId: string): Promise<Person | null> {
    const known = this.people.get(userId);
    if (known && known.until > Date.now()) {
      return known.value;
    }
    const { users } = await this.bus.request(
      IdentityRequests.directoryUsers,
      { ids: [userId] },
      { anonymous: true },
    );
    const user = users[0];
    const person = user ? { name: user.displayName, orgId: user.orgId } : null;
    remember(this.people, userId, person);
    return person;
  }
}

function remember<T>(map: Map<string, Remembered<T>>, key: string, value: T): void {
  if (map.size >= REMEMBER_AT_MOST) {
    map.clear();
  }
  map.set(key, { value, until: Date.now() + REMEMBER_MS });
}
