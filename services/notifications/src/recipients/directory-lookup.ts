import { Injectable } from '@nestjs/common';
import type { DirectoryUser } from '@orbita/contracts';
import { DIRECTORY_MEMBERS_MAX, IdentityRequests } from '@orbita/contracts';
import { BusClient } from '@orbita/platform';

/** The most ids one `identity.directory.users` request takes. */
const USERS_PER_REQUEST = 100;

/**
 * Who people are, asked of identity when a rule needs it (an internal comment's readers, the
 * people of an org a document was published to): events that need it are few, so no copy is kept.
 */
@Injectable()
export class DirectoryLookup {
  constructor(private readonly bus: BusClient) {}

  /** The people among `ids` identity knows, by id (an unknown id is absent). */
  async users(ids: readonly string[]): Promise<Map<string, DirectoryUser>> {
    const found = new Map<string, DirectoryUser>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += USERS_PER_REQUEST) {
      const { users } = await this.bus.request(
        IdentityRequests.directoryUsers,
        { ids: unique.slice(i, i + USERS_PER_REQUEST) },
        { anonymous: true },
      );
      for (const user of users) {
        found.set(user.id, user);
      }
    }
    return found;
  }

  /** The active people whose own org is `orgId` (not its sub-units), page by page. */
  async membersOf(orgId: string): Promise<DirectoryUser[]> {
    const members: DirectoryUser[] = [];
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
      members.push(...users);
      if (users.length < DIRECTORY_MEMBERS_MAX) {
        return members;
      }
      afterId = users[users.length - 1]?.id;
    }
  }
}
