import { Inject, Injectable, Logger } from '@nestjs/common';
import type {
  EventEnvelope,
  ListNotificationsInput,
  MarkReadInput,
  MarkReadResult,
  NotificationKind,
  NotificationPage,
  NotificationsSince,
  NotificationsSinceInput,
  NotificationView,
  Principal,
} from '@orbita/contracts';
import { deepLinkOf } from '@orbita/contracts';
import type { Clock, IdGenerator } from '@orbita/platform';
import { CLOCK, ID_GENERATOR, ownScope, toPage } from '@orbita/platform';
import { EmailChannel } from '../email/email-channel';
import { LivePublisher } from './live-publisher';
import { NotificationRepository } from './notification.repository';
import type { NotificationDocument } from './notification.schema';
import { emailFields } from './notification.schema';

/** What a recipient rule decided an event tells whom. */
export interface Notice {
  recipientIds: readonly string[];
  kind: NotificationKind;
  title: string;
  subject: { type: string; id: string };
  message?: { ru: string; en: string } | null;
}

@Injectable()
export class InboxService {
  private readonly logger = new Logger(InboxService.name);

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly live: LivePublisher,
    private readonly emailChannel: EmailChannel,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  /**
   * Stores one notification per recipient of each notice of the event, never for the event's own
   * actor, and pushes the new ones live. A redelivered event finds its notifications stored (one
   * per event and recipient, a unique index) and pushes only those the first try did not store.
   * Each is stored with its e-mail channel's state (ADR 017) in the same insert.
   */
  async deliver(event: EventEnvelope, notices: readonly Notice[]): Promise<number> {
    const actorId = event.actor?.userId ?? null;
    const now = this.clock.now();
    const seen = new Set<string>();
    const recipients = await this.emailChannel.recipients(notices.flatMap((notice) => notice.recipientIds));
    const docs: NotificationDocument[] = [];
    for (const notice of notices) {
      for (const recipientId of notice.recipientIds) {
        // One notification per event and recipient: the first notice naming someone wins.
        if (recipientId === actorId || seen.has(recipientId)) {
          continue;
        }
        seen.add(recipientId);
        const recipient = recipients.get(recipientId) ?? null;
        // In-app off for the kind: nothing stored, so no e-mail either (its state lives in the notification).
        if (!this.emailChannel.wantsInApp(recipient, notice.kind)) {
          continue;
        }
        docs.push({
          _id: this.ids.newId(),
          recipientId,
          orgId: event.orgId,
          kind: notice.kind,
          title: notice.title,
          message: notice.message ?? null,
          subject: notice.subject,
          link: deepLinkOf(notice.subject),
          actorId,
          eventId: event.id,
          read: false,
          createdAt: now,
          ...emailFields(this.emailChannel.plan(recipient, notice.kind, now)),
        });
      }
    }
    const stored = await this.notifications.addAll(docs);
    if (stored.length < docs.length) {
      this.logger.debug({
        eventId: event.id,
        skipped: docs.length - stored.length,
        msg: 'Some recipients were already notified for this event',
      });
    }
    // Each pushed with its recipient's unread count, counted after the insert (so with it).
    const unread = await this.notifications.unreadCountsOf(stored.map((n) => n.recipientId));
    for (const notification of stored) {
      this.live.push({
        recipientId: notification.recipientId,
        notification: toView(notification),
        unreadCount: unread.get(notification.recipientId) ?? 1,
      });
    }
    return stored.length;
  }

  /** The caller's notifications stored after the last one their browser saw, oldest first. */
  async since(principal: Principal, input: NotificationsSinceInput): Promise<NotificationsSince> {
    const inbox = ownScope(principal);
    const [docs, unreadCount] = await Promise.all([
      this.notifications.listAfter(inbox, input.afterId, input.limit),
      this.notifications.countUnread(inbox),
    ]);
    return {
      items: docs.slice(0, input.limit).map(toView),
      more: docs.length > input.limit,
      unreadCount,
    };
  }

  async list(principal: Principal, input: ListNotificationsInput): Promise<NotificationPage> {
    const inbox = ownScope(principal);
    const [docs, unreadCount] = await Promise.all([
      this.notifications.listInbox(inbox, input),
      this.notifications.countUnread(inbox),
    ]);
    return { ...toPage(docs, input.limit, toView), unreadCount };
  }

  /** Marks the caller's own notifications among `ids` read; others' ids match nothing. */
  async markRead(principal: Principal, input: MarkReadInput): Promise<MarkReadResult> {
    const inbox = ownScope(principal);
    const marked = await this.notifications.markRead(inbox, [...new Set(input.ids)]);
    return { marked, unreadCount: await this.notifications.countUnread(inbox) };
  }

  async markAllRead(principal: Principal): Promise<MarkReadResult> {
    const inbox = ownScope(principal);
    const marked = await this.notifications.markAllRead(inbox);
    return { marked, unreadCount: await this.notifications.countUnread(inbox) };
  }
}

export function toView(doc: NotificationDocument): NotificationView {
  return {
    id: doc._id,
    kind: doc.kind,
    title: doc.title,
    message: doc.message ?? null,
    subject: doc.subject,
    link: doc.link ?? deepLinkOf(doc.subject),
    actorId: doc.actorId ?? null,
    read: doc.read,
    createdAt: doc.createdAt.toISOString(),
  };
}
