import { Inject, Injectable, Logger } from '@nestjs/common';
import type {
  EventData,
  EventEnvelope,
  ListNotificationsInput,
  NotificationPage,
  NotificationsSince,
  NotificationsSinceInput,
  NotificationView,
  Principal,
} from '@orbita/contracts';
import { TasksEvents } from '@orbita/contracts';
import type { Clock, IdGenerator } from '@orbita/platform';
import { CLOCK, ID_GENERATOR, OnEvent, ownScope, toPage } from '@orbita/platform';
import { LivePublisher } from './live-publisher';
import { NotificationRepository } from './notification.repository';
import type { NotificationDocument } from './notification.schema';

@Injectable()
export class InboxService {
  private readonly logger = new Logger(InboxService.name);

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly live: LivePublisher,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  @OnEvent(TasksEvents.taskCreated)
  async onTaskCreated(event: EventEnvelope<EventData<typeof TasksEvents.taskCreated>>): Promise<void> {
    const notification: NotificationDocument = {
      _id: this.ids.newId(),
      recipientId: event.data.assigneeId,
      orgId: event.orgId,
      kind: 'task.assigned',
      title: event.data.title,
      subject: event.subject,
      eventId: event.id,
      read: false,
      createdAt: this.clock.now(),
    };
    const stored = await this.notifications.add(notification);
    if (!stored) {
      this.logger.debug({ eventId: event.id, msg: 'Already notified for this event' });
      return;
    }
    await this.pushLive(notification);
  }

  /** Pushes a just-stored notification with its recipient's unread count to the gateways. */
  private async pushLive(notification: NotificationDocument): Promise<void> {
    const unreadCount = await this.notifications.countUnreadOf(notification.recipientId);
    this.live.push({
      recipientId: notification.recipientId,
      notification: toView(notification),
      unreadCount,
    });
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
}

function toView(doc: NotificationDocument): NotificationView {
  return {
    id: doc._id,
    kind: doc.kind,
    title: doc.title,
    subject: doc.subject,
    read: doc.read,
    createdAt: doc.createdAt.toISOString(),
  };
}
