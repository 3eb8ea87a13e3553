import { Inject, Injectable, Logger } from '@nestjs/common';
import type {
  EventData,
  EventEnvelope,
  ListNotificationsInput,
  NotificationPage,
  NotificationView,
  Principal,
} from '@orbita/contracts';
import { TasksEvents } from '@orbita/contracts';
import type { Clock, IdGenerator } from '@orbita/platform';
import { CLOCK, ID_GENERATOR, OnEvent, ownScope, toPage } from '@orbita/platform';
import { NotificationRepository } from './notification.repository';
import type { NotificationDocument } from './notification.schema';

@Injectable()
export class InboxService {
  private readonly logger = new Logger(InboxService.name);

  constructor(
    private readonly notifications: NotificationRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  @OnEvent(TasksEvents.taskCreated)
  async onTaskCreated(event: EventEnvelope<EventData<typeof TasksEvents.taskCreated>>): Promise<void> {
    const stored = await this.notifications.add({
      _id: this.ids.newId(),
      recipientId: event.data.assigneeId,
      orgId: event.orgId,
      kind: 'task.assigned',
      title: event.data.title,
      subject: event.subject,
      eventId: event.id,
      read: false,
      createdAt: this.clock.now(),
    });
    if (!stored) {
      this.logger.debug({ eventId: event.id, msg: 'Already notified for this event' });
    }
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
