import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EventData, EventEnvelope, MailRequestedData } from '@orbita/contracts';
import { EmailSchema, MailMessages } from '@orbita/contracts';
import type { Clock } from '@orbita/platform';
import { CLOCK, OnEvent, openMailRequest } from '@orbita/platform';
import type { NotificationsConfig } from '../config';
import { NOTIFICATIONS_CONFIG } from '../config.token';
import { MailDeliveryError, MailRenderError } from './mail.errors';
import { MailRenderer } from './mail-renderer';
import type { MailReceipt, Mailer } from './mailer';
import { MAILER } from './mailer';
import { SentMailRepository } from './sent-mail.repository';

type MailRequested = EventEnvelope<EventData<typeof MailMessages.mailRequested>>;

/**
 * Sends the e-mails other services ask for, at most once per event: a record per event id is
 * claimed before the SMTP conversation and marked after it. A failure marks it `failed` and throws,
 * so JetStream redelivers with backoff and the next delivery sends; a record a crash left
 * `sending` may or may not have gone out, and is not sent again.
 */
@Injectable()
export class MailService {
  private readonly logger = new Logger(MailService.name);

  constructor(
    private readonly renderer: MailRenderer,
    private readonly sentMails: SentMailRepository,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
  ) {}

  @OnEvent(MailMessages.mailRequested)
  async onMailRequested(event: MailRequested): Promise<void> {
    const request = this.unseal(event);
    const { template, locale, params } = request;
    const to = recipientOf(request.to);
    const mail = this.renderer.render(template, locale, params);
    // Never the whole address in the logs: the domain says enough to trace a delivery problem.
    const recipientDomain = to.slice(to.lastIndexOf('@') + 1);
    const context = { eventId: event.id, template, locale, recipientDomain };

    const claim = await this.sentMails.claim(
      { _id: event.id, orgId: event.orgId, template, locale, recipientDomain },
      this.clock.now(),
    );
    if (!claim.claimed) {
      if (claim.status === 'sent') {
        this.logger.log({ ...context, msg: 'E-mail already sent for this event, skipped' });
      } else {
        this.logger.warn({
          ...context,
          msg: 'E-mail of this event was left "sending" (a crash mid-send?); it may have gone out, so it is not sent again',
        });
      }
      return;
    }

    let receipt: MailReceipt;
    try {
      receipt = await this.mailer.send({ to, ...mail });
    } catch (err) {
      const reason = describeFailure(err, to);
      await this.sentMails.markFailed(event.id, reason, this.clock.now());
      throw new MailDeliveryError(`SMTP delivery failed (attempt ${claim.attempt}): ${reason}`);
    }
    await this.sentMails.markSent(event.id, receipt.messageId, this.clock.now());
    this.logger.log({ ...context, attempt: claim.attempt, msg: 'E-mail sent' });
  }

  private unseal(event: MailRequested): MailRequestedData {
    try {
      return openMailRequest(event.data, this.config.MAIL_SEALING_KEY);
    } catch {
      // Sealed with another key (MAIL_SEALING_KEY differs between the services) or altered.
      throw new MailRenderError(
        "The mail request could not be unsealed (is MAIL_SEALING_KEY the same as the sender's?)",
      );
    }
  }
}

/** One plain address: never a list, a display name or anything nodemailer would read otherwise. */
function recipientOf(value: string): string {
  const parsed = EmailSchema.safeParse(value);
  if (!parsed.success) {
    throw new MailRenderError('The recipient is not a valid e-mail address');
  }
  return parsed.data;
}

/** The SMTP error without the recipient's address, which servers like to quote. */
function describeFailure(err: unknown, to: string): string {
  const { code, responseCode, message } = err as {
    code?: unknown;
    responseCode?: unknown;
    message?: unknown;
  };
  const parts = [code, responseCode].filter((part) => typeof part === 'string' || typeof part === 'number');
  const text = typeof message === 'string' ? message : String(err);
  return [...parts.map(String), text.split(to).join('<recipient>')].join(' ');
}
