import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { PageRequest, SystemScope } from '@orbita/platform';
import { MONGO_CONNECTION, Repository } from '@orbita/platform';
import type { EmailDelivery, NotificationDocument } from '../inbox/notification.schema';
import { NotificationSchema } from '../inbox/notification.schema';

/**
 * The e-mail channel's view of the notifications: their `email` state, moved on only by
 * conditional updates, so two workers (or a worker and an admin) never both take one e-mail.
 */
@Injectable()
export class EmailDeliveryRepository extends Repository<NotificationDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection, 'NotificationEmail', NotificationSchema, {
      // Read only by the service's own workers and by admins through the service's scope.
      visibleTo: () => ({ _id: { $in: [] } }),
    });
  }

  /** Pending and held e-mails due by `now`, the longest due first. */
  async due(scope: SystemScope, now: Date, limit: number): Promise<NotificationDocument[]> {
    return this.findMany(
      scope,
      { 'email.status': { $in: ['pending', 'held'] }, 'email.notBefore': { $lte: now } },
      { sort: { 'email.notBefore': 1 }, limit },
    );
  }

  /** Takes a due e-mail for sending (pending or held → sending): false when another took it first. */
  async claim(scope: SystemScope, id: string, from: EmailDelivery['status'], now: Date): Promise<boolean> {
    return this.updateOne(
      scope,
      { _id: id, 'email.status': from, 'email.notBefore': { $lte: now } },
      { $set: { 'email.status': 'sending', 'email.notBefore': now }, $inc: { 'email.attempts': 1 } },
    );
  }

  async markSent(scope: SystemScope, id: string, now: Date): Promise<void> {
    await this.updateOne(
      scope,
      { _id: id, 'email.status': 'sending' },
      { $set: { 'email.status': 'sent', 'email.sentAt': now, 'email.lastError': null } },
    );
  }

  /** After a refused attempt: due again at `retryAt`, or `failed` when `retryAt` is null. */
  async markRefused(
    scope: SystemScope,
    id: string,
    error: string,
    retryAt: Date | null,
    now: Date,
  ): Promise<void> {
    await this.updateOne(
      scope,
      { _id: id, 'email.status': 'sending' },
      {
        $set: retryAt
          ? { 'email.status': 'pending', 'email.notBefore': retryAt, 'email.lastError': error }
          : { 'email.status': 'failed', 'email.notBefore': now, 'email.lastError': error },
      },
    );
  }

  /** Failed deliveries, the most recently stored first, a page after the cursor. */
  async failed(scope: SystemScope, page: PageRequest): Promise<NotificationDocument[]> {
    return this.findPage(scope, { 'email.status': 'failed' }, page, 'desc');
  }

  async byId(scope: SystemScope, id: string): Promise<NotificationDocument | null> {
    return this.findOne(scope, { _id: id });
  }

  /** An admin's retry of a failed one: due at once, with a fresh count of attempts; null unless it was failed. */
  async retry(scope: SystemScope, id: string, now: Date): Promise<NotificationDocument | null> {
    return this.findOneAndUpdate(
      scope,
      { _id: id, 'email.status': 'failed' },
      { $set: { 'email.status': 'pending', 'email.notBefore': now, 'email.attempts': 0 } },
    );
  }
}
