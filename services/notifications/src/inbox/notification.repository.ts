import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { AccessScope, PageRequest } from '@orbita/platform';
import { MONGO_CONNECTION, Repository } from '@orbita/platform';
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

  /** Stores the notification unless this event already made one for this recipient. */
  async add(notification: NotificationDocument): Promise<boolean> {
    return this.insertOnce(notification);
  }

  async listInbox(
    scope: AccessScope,
    page: PageRequest & { unreadOnly: boolean },
  ): Promise<NotificationDocument[]> {
    return this.findPage(scope, page.unreadOnly ? { read: false } : {}, page, 'desc');
  }

  async countUnread(scope: AccessScope): Promise<number> {
    return this.count(scope, { read: false });
  }
}
