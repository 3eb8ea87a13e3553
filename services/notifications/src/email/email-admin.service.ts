import { Inject, Injectable } from '@nestjs/common';
import type {
  FailedEmailView,
  ListFailedEmailsInput,
  Page,
  Principal,
  RetryEmailInput,
} from '@orbita/contracts';
import { Permission } from '@orbita/contracts';
import type { Clock } from '@orbita/platform';
import { AppError, CLOCK, requirePermission, systemScope, toPage } from '@orbita/platform';
import type { NotificationsConfig } from '../config';
import { NOTIFICATIONS_CONFIG } from '../config.token';
import type { NotificationDocument } from '../inbox/notification.schema';
import { EmailDeliveryRepository } from './email-delivery.repository';

/** Failed e-mails concern people of every org: only those who run the installation see them. */
function requireOperator(principal: Principal): void {
  requirePermission(principal, Permission.OpsManage, [principal.orgPath[0] ?? principal.orgId]);
}

const OPERATOR = systemScope('an operator of the installation, on failed notification e-mails');

/** What admins do about notification e-mails the SMTP server kept refusing (ADR 017). */
@Injectable()
export class EmailAdminService {
  constructor(
    private readonly deliveries: EmailDeliveryRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
  ) {}

  /** Failed e-mails, and those sending for longer than EMAIL_STUCK_MS, the newest first. */
  async listFailed(principal: Principal, input: ListFailedEmailsInput): Promise<Page<FailedEmailView>> {
    requireOperator(principal);
    return toPage(
      await this.deliveries.needingAttention(OPERATOR, this.stuckBefore(), input),
      input.limit,
      toFailedView,
    );
  }

  async retry(principal: Principal, input: RetryEmailInput): Promise<FailedEmailView> {
    requireOperator(principal);
    const now = this.clock.now();
    const retried = await this.deliveries.retry(OPERATOR, input.notificationId, this.stuckBefore(), now);
    if (!retried) {
      const found = await this.deliveries.byId(OPERATOR, input.notificationId);
      if (!found?.email) {
        throw AppError.notFound('notification e-mail');
      }
      throw AppError.conflict({
        en: `the e-mail is ${found.email.status}, neither failed nor stuck: there is nothing to retry`,
        ru: `письмо в состоянии «${found.email.status}», а не «failed» и не зависло при отправке: повторять нечего`,
      });
    }
    return toFailedView(retried);
  }

  private stuckBefore(): Date {
    return new Date(this.clock.now().getTime() - this.config.EMAIL_STUCK_MS);
  }
}

function toFailedView(doc: NotificationDocument): FailedEmailView {
  // Only notifications with an e-mail state are listed or retried.
  const email = doc.email ?? { status: 'failed', attempts: 0, lastError: null, notBefore: doc.createdAt };
  const status = { failed: 'failed', sending: 'stuck' } as const;
  return {
    notificationId: doc._id,
    recipientId: doc.recipientId,
    orgId: doc.orgId,
    kind: doc.kind,
    title: doc.title,
    status: email.status === 'failed' || email.status === 'sending' ? status[email.status] : 'pending',
    attempts: email.attempts,
    lastError: email.lastError,
    at: email.notBefore.toISOString(),
  };
}
