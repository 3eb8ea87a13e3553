import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DirectoryUser, EventEnvelope } from '@orbita/contracts';
import { DIRECTORY_MEMBERS_MAX, IdentityEvents, IdentityRequests } from '@orbita/contracts';
import type { Clock } from '@orbita/platform';
import { BusClient, CLOCK, OnEvent, TtlCache, systemScope } from '@orbita/platform';
import type { NotificationsConfig } from '../config';
import { NOTIFICATIONS_CONFIG } from '../config.token';
import { PersonRepository } from './person.repository';
import type { PersonDocument, PersonLocale } from './person.schema';

const OWN_COPY = systemScope("notifications' copy of identity's people");

/** The most ids one `identity.directory.users` request takes. */
const USERS_PER_REQUEST = 100;
/**
 * How long this instance uses a person it read without reading them again: another instance's
 * refresh (identity's events go to one instance) reaches it at most this late. The e-mail worker
 * and the rules see a deactivation or a new address within that time.
 */
export const PEOPLE_CACHE_MS = 30_000;
const PEOPLE_CACHE_SIZE = 20_000;

/** A person notifications writes to. */
export interface Person {
  id: string;
  orgId: string;
  orgPath: string[];
  displayName: string;
  /** A person of a client or partner org (portal seat), not of the staff. */
  external: boolean;
  /** Null when identity has not told it (then no e-mail can go to them). */
  email: string | null;
  locale: PersonLocale;
  /** The person's IANA time zone, or the installation's (NOTIFICATIONS_TIME_ZONE) when none is known. */
  timeZone: string;
  /** The roles the person holds, wherever (deduplicated). */
  roleIds: string[];
  roleAssignments: { roleId: string; orgId: string }[];
  active: boolean;
}

/**
 * Who people are, for the channels (an e-mail's address, language and time zone) and for the
 * recipient rules: a copy of identity's people in notifications' own database, taken the first time
 * one is needed and refreshed by identity's events about them (each event makes the copy ask identity
 * for the person's current state, whose version orders the states: an older one never overwrites a
 * newer one, and a redelivered event changes nothing).
 */
@Injectable()
export class PeopleDirectory {
  private readonly logger = new Logger(PeopleDirectory.name);
  private readonly recent: TtlCache<Person>;

  constructor(
    private readonly people: PersonRepository,
    private readonly bus: BusClient,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
  ) {
    this.recent = new TtlCache(clock, PEOPLE_CACHE_MS, PEOPLE_CACHE_SIZE);
  }

  /** The person, or null when identity knows no such person. */
  async get(userId: string): Promise<Person | null> {
    return (await this.getMany([userId])).get(userId) ?? null;
  }

  /** The people among `userIds` identity knows, by id (an unknown id is absent). */
  async getMany(userIds: readonly string[]): Promise<Map<string, Person>> {
    const found = new Map<string, Person>();
    const unread: string[] = [];
    for (const id of new Set(userIds)) {
      const recent = this.recent.get(id);
      if (recent) {
        found.set(id, recent);
      } else {
        unread.push(id);
      }
    }
    if (unread.length === 0) {
      return found;
    }
    for (const doc of await this.people.byIds(OWN_COPY, unread)) {
      found.set(doc._id, this.remember(doc));
    }
    const missing = unread.filter((id) => !found.has(id));
    for (let i = 0; i < missing.length; i += USERS_PER_REQUEST) {
      for (const doc of await this.fetchAndKeep(missing.slice(i, i + USERS_PER_REQUEST))) {
        found.set(doc._id, this.remember(doc));
      }
    }
    return found;
  }

  /**
   * The active people whose own org is `orgId` (not its sub-units). Asked of identity, the one that
   * knows an org's whole membership (a copy cannot tell whether it has everyone yet), and kept in
   * the copy on the way.
   */
  async membersOf(orgId: string): Promise<Person[]> {
    const members: Person[] = [];
    let afterId: string | undefined;
    for (;;) {
      const { users } = await this.bus.request(
        IdentityRequests.directoryMembers,
        {
          orgId,
          subtree: false,
          inherited: false,
          limit: DIRECTORY_MEMBERS_MAX,
          ...(afterId ? { afterId } : {}),
        },
        { anonymous: true },
      );
      for (const user of users) {
        const doc = toDocument(user, this.clock.now());
        await this.people.keep(OWN_COPY, doc);
        const person = this.remember(doc);
        if (person.active) {
          members.push(person);
        }
      }
      if (users.length < DIRECTORY_MEMBERS_MAX) {
        return members;
      }
      afterId = users[users.length - 1]?.id;
    }
  }

  /**
   * The people of the copy after `afterId`, in id order, `limit` at most (active or not: the last
   * one's id is the next page's cursor); for walks through everyone, such as the daily digest.
   */
  async page(afterId: string | null, limit: number): Promise<Person[]> {
    return (await this.people.after(OWN_COPY, afterId, limit)).map((doc) => this.toPerson(doc));
  }

  @OnEvent(IdentityEvents.userActivated)
  async onActivated(event: EventEnvelope<{ userId: string }>): Promise<void> {
    await this.refresh(event.data.userId);
  }

  @OnEvent(IdentityEvents.userUpdated)
  async onUpdated(event: EventEnvelope<{ userId: string }>): Promise<void> {
    await this.refresh(event.data.userId);
  }

  @OnEvent(IdentityEvents.userDeactivated)
  async onDeactivated(event: EventEnvelope<{ userId: string }>): Promise<void> {
    await this.refresh(event.data.userId);
  }

  /**
   * identity's current state of the person into the copy (the newest version wins). Not on
   * `identity.user.access-changed` (the recipient rules handle it, one handler per event type in a
   * service): a change of the roles a person holds comes with `identity.user.updated` too, and a
   * role's permissions are not kept here.
   */
  async refresh(userId: string): Promise<void> {
    this.recent.forget(userId);
    const [kept] = await this.fetchAndKeep([userId]);
    if (!kept) {
      this.logger.warn({ userId, msg: 'identity no longer knows a user it sent an event about' });
    }
  }

  private async fetchAndKeep(ids: string[]): Promise<PersonDocument[]> {
    const { users } = await this.bus.request(IdentityRequests.directoryUsers, { ids }, { anonymous: true });
    const docs = users.map((user) => toDocument(user, this.clock.now()));
    // Up to 100 at once (one request's worth): a large fan-out meets many people for the first time.
    await Promise.all(docs.map((doc) => this.people.keep(OWN_COPY, doc)));
    return docs;
  }

  private remember(doc: PersonDocument): Person {
    const person = this.toPerson(doc);
    this.recent.set(person.id, person);
    return person;
  }

  private toPerson(doc: PersonDocument): Person {
    return {
      id: doc._id,
      orgId: doc.orgId,
      orgPath: doc.orgPath,
      displayName: doc.displayName,
      external: doc.external,
      email: doc.email,
      locale: doc.locale,
      timeZone: doc.timeZone ?? this.config.NOTIFICATIONS_TIME_ZONE,
      roleIds: [...new Set(doc.roleAssignments.map((a) => a.roleId))],
      roleAssignments: doc.roleAssignments,
      active: doc.status === 'active',
    };
  }
}

export function toDocument(user: DirectoryUser, at: Date): PersonDocument {
  return {
    _id: user.id,
    orgId: user.orgId,
    orgPath: user.orgPath,
    displayName: user.displayName,
    status: user.status,
    external: user.external,
    email: user.email ?? null,
    locale: user.locale ?? 'ru',
    timeZone: user.timeZone ?? null,
    roleAssignments: user.roleAssignments,
    version: user.version,
    syncedAt: at,
  };
}
