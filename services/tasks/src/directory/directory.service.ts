import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DirectoryUser, EventEnvelope } from '@orbita/contracts';
import { IdentityEvents, IdentityRequests } from '@orbita/contracts';
import type { Clock } from '@orbita/platform';
import { BusClient, CLOCK, OnEvent, systemScope } from '@orbita/platform';
import { DirectoryRepository } from './directory.repository';
import type { DirectoryUserDocument } from './directory-user.schema';

const OWN_COPY = systemScope("tasks' copy of identity's people");

/**
 * How long a person read from the copy is kept in this process. Another instance of tasks may
 * handle identity's event about a change, so an instance can see the older state this long.
 */
const REMEMBER_MS = 10_000;
const REMEMBER_AT_MOST = 10_000;

/**
 * Who is who, as tasks needs it to set work (ADR 012): a copy of identity's people, taken the
 * first time one is needed and refreshed by identity's events about them. Setting a task then
 * costs one look-up by id in tasks' own database, not a request to identity.
 */
@Injectable()
export class DirectoryService {
  private readonly logger = new Logger(DirectoryService.name);
  private readonly remembered = new Map<string, { user: DirectoryUserDocument; until: number }>();

  constructor(
    private readonly users: DirectoryRepository,
    private readonly bus: BusClient,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The user, or null when identity knows no such person. */
  async user(userId: string): Promise<DirectoryUserDocument | null> {
    const recent = this.remembered.get(userId);
    if (recent && recent.until > Date.now()) {
      return recent.user;
    }
    const known = await this.users.user(OWN_COPY, userId);
    if (known) {
      return this.remember(known);
    }
    const [fetched] = await this.fetch([userId]);
    if (!fetched) {
      return null;
    }
    await this.users.keep(OWN_COPY, fetched, this.clock.now());
    return this.remember(toDocument(fetched, this.clock.now()));
  }

  private remember(user: DirectoryUserDocument): DirectoryUserDocument {
    if (this.remembered.size >= REMEMBER_AT_MOST) {
      this.remembered.clear();
    }
    this.remembered.set(user._id, { user, until: Date.now() + REMEMBER_MS });
    return user;
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

  @OnEvent(IdentityEvents.userAccessChanged)
  async onAccessChanged(event: EventEnvelope<{ userId: string }>): Promise<void> {
    await this.refresh(event.data.userId);
  }

  /** identity's current state of the user into the copy (the newest version wins, so order does not matter). */
  private async refresh(userId: string): Promise<void> {
    const [fetched] = await this.fetch([userId]);
    this.remembered.delete(userId);
    if (fetched) {
      await this.users.keep(OWN_COPY, fetched, this.clock.now());
    } else {
      this.logger.warn({ userId, msg: 'identity no longer knows a user it sent an event about' });
    }
  }

  private async fetch(ids: string[]): Promise<DirectoryUser[]> {
    return (await this.bus.request(IdentityRequests.directoryUsers, { ids }, { anonymous: true })).users;
  }
}

function toDocument(user: DirectoryUser, at: Date): DirectoryUserDocument {
  const { id, ...state } = user;
  return { _id: id, ...state, syncedAt: at };
}
