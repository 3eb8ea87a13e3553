import type { OnModuleInit } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { MONGO_CONNECTION, decodeCursor } from '@orbita/platform';
import type { NotificationDocument } from './notification.schema';
import { NotificationSchema } from './notification.schema';

const DUPLICATE_KEY = 11000;

/**
 * The inbox. Every query is scoped by the recipient (a person's inbox is theirs alone), which is
 * this collection's tenant key.
 */
@Injectable()
export class NotificationRepository implements OnModuleInit {
  private readonly model: Model<NotificationDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.model = connection.model<NotificationDocument>('Notification', NotificationSchema);
  }

  async onModuleInit(): Promise<void> {
    await this.model.createIndexes();
  }

  /** Stores the notification unless this event already made one for this recipient. */
  async insertOnce(notification: NotificationDocument): Promise<boolean> {
    try {
      await this.model.create(notification);
      return true;
    } catch (err) {
      if ((err as { code?: number }).code === DUPLICATE_KEY) {
        return false;
      }
      throw err;
    }
  }

  async listForRecipient(
    recipientId: string,
    page: { cursor?: string | undefined; limit: number; unreadOnly: boolean },
  ): Promise<NotificationDocument[]> {
    const after = decodeCursor(page.cursor);
    const query: Record<string, unknown> = { recipientId };
    if (page.unreadOnly) {
      query['read'] = false;
    }
    if (after) {
      query['_id'] = { $lt: after };
    }
    return this.model
      .find(query)
      .sort({ _id: -1 })
      .limit(page.limit + 1)
      .lean<NotificationDocument[]>();
  }

  async countUnread(recipientId: string): Promise<number> {
    return this.model.countDocuments({ recipientId, read: false });
  }
}
