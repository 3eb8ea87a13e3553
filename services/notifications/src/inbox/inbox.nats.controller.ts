import { Controller } from '@nestjs/common';
import type {
  ListNotificationsInput,
  MarkReadInput,
  MarkReadResult,
  NotificationPage,
  NotificationsSince,
  NotificationsSinceInput,
  Principal,
} from '@orbita/contracts';
import { LiveRequests, NotificationsRequests } from '@orbita/contracts';
import { Access, CurrentPrincipal, Handle, Input } from '@orbita/platform';
import { InboxService } from './inbox.service';

@Controller()
export class InboxNatsController {
  constructor(private readonly inbox: InboxService) {}

  @Handle(NotificationsRequests.list, Access.signedIn("one's own inbox"))
  list(
    @CurrentPrincipal() principal: Principal,
    @Input() input: ListNotificationsInput,
  ): Promise<NotificationPage> {
    return this.inbox.list(principal, input);
  }

  @Handle(LiveRequests.since, Access.signedIn("one's own inbox, replayed after a reconnect"))
  since(
    @CurrentPrincipal() principal: Principal,
    @Input() input: NotificationsSinceInput,
  ): Promise<NotificationsSince> {
    return this.inbox.since(principal, input);
  }

  @Handle(NotificationsRequests.markRead, Access.signedIn("one's own notifications"))
  markRead(@CurrentPrincipal() principal: Principal, @Input() input: MarkReadInput): Promise<MarkReadResult> {
    return this.inbox.markRead(principal, input);
  }

  @Handle(NotificationsRequests.markAllRead, Access.signedIn("one's own notifications"))
  markAllRead(@CurrentPrincipal() principal: Principal): Promise<MarkReadResult> {
    return this.inbox.markAllRead(principal);
  }
}
