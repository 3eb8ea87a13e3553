import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { AccessScope, PageRequest } from '@orbita/platform';
import { IDS_PER_QUERY, MONGO_CONNECTION, Repository, systemScope } from '@orbita/platform';
import type { NotificationDocument } from './notification.schema';
import { NotificationSchema } from './notification.schema';

/** A person's inbox is theirs alone: the recipient is this collection's tenant key. */
function recipientFilter(scope: AccessScope): Record<string, unknown> {
  return { recipientId: scope.userId };
}

@Injectable()
export class NotificationRepository extends Repository<NotificationDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection, 'Notification', NotificationSchema, { visibleTo: recipientFilter });
  }

  /**
   * Stores the notifications this event did not make yet (one per event and recipient); answers
   * those it stored now.
   */
  async addAll(notifications: NotificationDocument[]): Promise<NotificationDocument[]> {
    return this.insertNewOf(notifications);
  }

  /** Marks the recipient's unread ones among `ids` read; how many changed. */
  async markRead(scope: AccessScope, ids: string[]): Promise<number> {
    return this.updateMany(scope, { read: false, _id: { $in: ids } }, { $set: { read: true } });
  }

  async markAllRead(scope: AccessScope): Promise<number> {
    return this.updateMany(scope, { read: false }, { $set: { read: true } });
  }

  async listInbox(
    scope: AccessScope,
    page: PageRequest & { unreadOnly: boolean },
  ): Promise<NotificationDocument[]> {
    return this.findPage(scope, page.unreadOnly ? { read: false } : {}, page, 'desc');
  }

  /** The recipient's notifications stored after `afterId` (ids are time-sortable), oldest first, one more than asked. */
  async listAfter(scope: AccessScope, afterId: string, limit: number): Promise<NotificationDocument[]> {
    return this.findMany(scope, { _id: { $gt: afterId } }, { sort: { _id: 1 }, limit: limit + 1 });
  }

  async countUnread(scope: AccessScope): Promise<number> {
    return this.count(scope, { read: false });
  }

  /**
   * The unread counts pushed with new notifications, by recipient: the service's own queries, a few
   * hundred recipients each (FerretDB pushes such an `$in` down to the recipient index, ADR 010).
   */
  async unreadCountsOf(recipientIds: readonly string[]): Promise<Map<string, number>> {
    const scope = systemScope('the unread counts pushed live with stored notifications');
    const unique = [...new Set(recipientIds)];
    const counts = new Map(unique.map((id) => [id, 0]));
    for (let i = 0; i < unique.length; i += IDS_PER_QUERY) {
      const chunk = unique.slice(i, i + IDS_PER_QUERY);
      const unread = await this.findMany(
        scope,
        { recipientId: { $in: chunk }, read: false },
        { limit: 0, projection: { recipientId: 1 } },
      );
      for (const { recipientId } of unread) {
        counts.set(recipientId, (counts.get(recipientId) ?? 0) + 1);
      }
    }
    return counts;
  }
}
