import { Controller } from '@nestjs/common';
import type {
  FailedEmailView,
  ListFailedEmailsInput,
  Page,
  Principal,
  RetryEmailInput,
} from '@orbita/contracts';
import { NotificationEmailRequests, Permission } from '@orbita/contracts';
import { Access, CurrentPrincipal, Handle, Input } from '@orbita/platform';
import { EmailAdminService } from './email-admin.service';

@Controller()
export class EmailAdminNatsController {
  constructor(private readonly admin: EmailAdminService) {}

  @Handle(NotificationEmailRequests.listFailed, Access.permission(Permission.OpsManage))
  listFailed(
    @CurrentPrincipal() principal: Principal,
    @Input() input: ListFailedEmailsInput,
  ): Promise<Page<FailedEmailView>> {
    return this.admin.listFailed(principal, input);
  }

  @Handle(NotificationEmailRequests.retry, Access.permission(Permission.OpsManage))
  retry(@CurrentPrincipal() principal: Principal, @Input() input: RetryEmailInput): Promise<FailedEmailView> {
    return this.admin.retry(principal, input);
  }
}
