import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { SystemScope } from '@orbita/platform';
import { MONGO_CONNECTION, Repository } from '@orbita/platform';
import type { NotificationDocument } from '../inbox/notification.schema';
import { NotificationSchema } from '../inbox/notification.schema';
import type { DigestDocument } from './digest.schema';
import { DigestSchema } from './digest.schema';

const NOBODY = { visibleTo: () => ({ _id: { $in: [] } }) };

@Injectable()
export class DigestRepository extends Repository<DigestDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection, 'Digest', DigestSchema, NOBODY);
  }

  /** Claims the person's digest of the day: false when it was claimed before (sent, empty or under way). */
  async claim(userId: string, day: string, at: Date): Promise<boolean> {
    return this.insertOnce({
      _id: `${userId}:${day}`,
      userId,
      day,
      status: 'sending',
      unread: 0,
      lastError: null,
      createdAt: at,
    });
  }

  async finish(
    scope: SystemScope,
    id: string,
    status: DigestDocument['status'],
    unread: number,
    lastError: string | null,
  ): Promise<void> {
    await this.updateOne(scope, { _id: id }, { $set: { status, unread, lastError } });
  }
}

/** What the digest lists: a person's unread notifications, newest first. */
@Injectable()
export class UnreadRepository extends Repository<NotificationDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection, 'NotificationUnread', NotificationSchema, NOBODY);
  }

  async newestUnread(
    scope: SystemScope,
    recipientId: string,
    limit: number,
  ): Promise<NotificationDocument[]> {
    return this.findMany(scope, { recipientId, read: false }, { sort: { _id: -1 }, limit });
  }

  async countUnread(scope: SystemScope, recipientId: string): Promise<number> {
    return this.count(scope, { recipientId, read: false });
  }
}
