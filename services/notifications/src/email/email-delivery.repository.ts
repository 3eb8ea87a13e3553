import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { PageRequest, SystemScope } from '@orbita/platform';
import { MONGO_CONNECTION, Repository } from '@orbita/platform';
import type { NotificationDocument } from '../inbox/notification.schema';
import { NotificationSchema } from '../inbox/notification.schema';

/**
 * The e-mail channel's view of the notifications: their `email` state (with its top-level copies
 * `emailStatus` and `emailDueAt`, which every query leads with), moved on only by conditional
 * updates, so two workers (or a worker and an admin) never both take one e-mail.
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
    return this.findMany(scope, { emailDueAt: { $lte: now } }, { sort: { emailDueAt: 1 }, limit });
  }

  /**
   * Takes the due e-mails among `ids` for sending (pending or held → sending) in one conditional
   * update, marked with the sweep's `claim`, and answers those this sweep won (another worker may
   * have taken some first).
   */
  async claim(scope: SystemScope, ids: string[], claim: string, now: Date): Promise<NotificationDocument[]> {
    if (ids.length === 0) {
      return [];
    }
    await this.updateMany(
      scope,
      { _id: { $in: ids }, emailDueAt: { $lte: now } },
      {
        $set: {
          emailStatus: 'sending',
          'email.status': 'sending',
          'email.notBefore': now,
          'email.claim': claim,
        },
        $unset: { emailDueAt: 1 },
        $inc: { 'email.attempts': 1 },
      },
    );
    return this.findMany(scope, { _id: { $in: ids }, 'email.claim': claim }, { limit: ids.length });
  }

  /** Marks the claimed e-mails among `ids` sent. */
  async markSent(scope: SystemScope, ids: string[], claim: string, now: Date): Promise<void> {
    if (ids.length === 0) {
      return;
    }
    await this.updateMany(
      scope,
      { _id: { $in: ids }, 'email.status': 'sending', 'email.claim': claim },
      {
        $set: { emailStatus: 'sent', 'email.status': 'sent', 'email.sentAt': now, 'email.lastError': null },
      },
    );
  }

  /** After a refused attempt: due again at `retryAt`, or `failed` when `retryAt` is null. */
  async markRefused(
    scope: SystemScope,
    id: string,
    claim: string,
    error: string,
    retryAt: Date | null,
    now: Date,
  ): Promise<void> {
    await this.updateOne(
      scope,
      { _id: id, 'email.status': 'sending', 'email.claim': claim },
      {
        $set: retryAt
          ? {
              emailStatus: 'pending',
              emailDueAt: retryAt,
              'email.status': 'pending',
              'email.notBefore': retryAt,
              'email.lastError': error,
            }
          : {
              emailStatus: 'failed',
              'email.status': 'failed',
              'email.notBefore': now,
              'email.lastError': error,
            },
      },
    );
  }

  /**
   * What needs an admin, the most recently stored first, a page after the cursor: failed e-mails,
   * and those claimed before `stuckBefore` and never confirmed (a crash mid-send: they may have
   * gone out, so nothing resends them on its own).
   */
  async needingAttention(
    scope: SystemScope,
    stuckBefore: Date,
    page: PageRequest,
  ): Promise<NotificationDocument[]> {
    return this.findPage(
      scope,
      {
        emailStatus: { $in: ['failed', 'sending'] },
        $or: [{ emailStatus: 'failed' }, { 'email.notBefore': { $lt: stuckBefore } }],
      },
      page,
      'desc',
    );
  }

  async byId(scope: SystemScope, id: string): Promise<NotificationDocument | null> {
    return this.findOne(scope, { _id: id });
  }

  /**
   * An admin's retry of a failed or stuck one: due at once, with a fresh count of attempts; null
   * unless it was failed, or sending since before `stuckBefore`.
   */
  async retry(
    scope: SystemScope,
    id: string,
    stuckBefore: Date,
    now: Date,
  ): Promise<NotificationDocument | null> {
    return this.findOneAndUpdate(
      scope,
      {
        _id: id,
        $or: [{ emailStatus: 'failed' }, { emailStatus: 'sending', 'email.notBefore': { $lt: stuckBefore } }],
      },
      {
        $set: {
          emailStatus: 'pending',
          emailDueAt: now,
          'email.status': 'pending',
          'email.notBefore': now,
          'email.attempts': 0,
        },
        $unset: { 'email.claim': 1 },
      },
    );
  }
}
