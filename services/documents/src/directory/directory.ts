import { Injectable } from '@nestjs/common';
import type { DirectoryOrg } from '@orbita/contracts';
import { IdentityRequests } from '@orbita/contracts';
import { AppError, BusClient } from '@orbita/platform';

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
  private readonly orgs = new Map<string, Remembered<DirectoryOrg>>();
  private readonly people = new Map<string, Remembered<Person | null>>();

  constructor(private readonly bus: BusClient) {}

  /** The org, or NOT_FOUND (named as `what`) when identity knows none. */
  async org(orgId: string, what = 'org'): Promise<DirectoryOrg> {
    const known = this.orgs.get(orgId);
    if (known && known.until > Date.now()) {
      return known.value;
    }
    const { orgs } = await this.bus.request(IdentityRequests.directoryOrgs, { ids: [orgId] }, { anonymous: true });
    const org = orgs[0];
    if (!org) {
      throw AppError.notFound(what);
    }
    remember(this.orgs, orgId, org);
    return org;
  }

  /** A person's name and org, or null when identity knows none. */
  async person(userId: string): Promise<Person | null> {
    const known = this.people.get(userId);
    if (known && known.until > Date.now()) {
      return known.value;
    }
    const { users } = await this.bus.request(IdentityRequests.directoryUsers, { ids: [userId] }, { anonymous: true });
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
