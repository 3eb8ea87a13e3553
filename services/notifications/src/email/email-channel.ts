import { Injectable } from '@nestjs/common';
import type { NotificationKind } from '@orbita/contracts';
import type { EmailDelivery } from '../inbox/notification.schema';
import type { Person } from '../people/people-directory';

/**
 * The e-mail channel's decision for one new notification, made while it is built so that it is
 * stored in the same insert (ADR 017): `pending` and due now for a person it can reach, `skipped`
 * otherwise. The delivery worker then sends each pending one once. Every kind is mailed alike
 * (the kind is the key preferences will be kept by).
 */
@Injectable()
export class EmailChannel {
  plan(recipient: Person | null, _kind: NotificationKind, now: Date): EmailDelivery {
    const skipped = (reason: string): EmailDelivery => ({
      status: 'skipped',
      notBefore: now,
      attempts: 0,
      lastError: null,
      sentAt: null,
      reason,
    });
    if (!recipient) {
      return skipped('unknown person');
    }
    if (!recipient.active) {
      return skipped('inactive');
    }
    if (!recipient.email) {
      return skipped('no address');
    }
    return { status: 'pending', notBefore: now, attempts: 0, lastError: null, sentAt: null };
  }
}
