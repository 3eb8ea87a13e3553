import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { deepLinkOf } from '@orbita/contracts';
import type { Clock } from '@orbita/platform';
import { CLOCK, systemScope } from '@orbita/platform';
import type { NotificationsConfig } from '../config';
import { NOTIFICATIONS_CONFIG } from '../config.token';
import type { NotificationDocument } from '../inbox/notification.schema';
import type { Mailer } from '../mail/mailer';
import { MAILER } from '../mail/mailer';
import { PeopleDirectory } from '../people/people-directory';
import { EmailDeliveryRepository } from './email-delivery.repository';
import { NotificationMailRenderer } from './notification-mail';

const WORKER = systemScope('the notification e-mail delivery worker');

/** The most e-mails one sweep takes. */
const PER_SWEEP = 50;
/** Backoff never waits longer than this between two attempts. */
const MAX_BACKOFF_MS = 6 * 60 * 60 * 1000;

/**
 * Sends the notifications' e-mails (ADR 017): every sweep takes those due, the longest due first,
 * each by a conditional update (pending or held → sending) so one e-mail goes to one worker, sends
 * it and marks it sent. An SMTP refusal puts it back pending with an exponential backoff, and after
 * EMAIL_MAX_ATTEMPTS marks it failed for an admin to retry. One a crash left `sending` (claimed, the
 * SMTP conversation perhaps finished) is not sent again: it may have gone out.
 */
@Injectable()
export class EmailDeliveryWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(EmailDeliveryWorker.name);
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<number> | null = null;

  constructor(
    private readonly deliveries: EmailDeliveryRepository,
    private readonly people: PeopleDirectory,
    private readonly renderer: NotificationMailRenderer,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.EMAIL_SWEEP_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /** Sends what is due now (one sweep at a time in this process); how many were sent. */
  sweep(): Promise<number> {
    this.sweeping ??= this.sendDue()
      .catch((err: unknown) => {
        this.logger.warn({ err, msg: 'The e-mail sweep failed; it runs again' });
        return 0;
      })
      .finally(() => {
        this.sweeping = null;
      });
    return this.sweeping;
  }

  private async sendDue(): Promise<number> {
    const due = await this.deliveries.due(WORKER, this.clock.now(), PER_SWEEP);
    let sent = 0;
    for (const notification of due) {
      if (await this.deliver(notification)) {
        sent += 1;
      }
    }
    return sent;
  }

  private async deliver(notification: NotificationDocument): Promise<boolean> {
    const email = notification.email;
    if (!email || (email.status !== 'pending' && email.status !== 'held')) {
      return false;
    }
    if (!(await this.deliveries.claim(WORKER, notification._id, email.status, this.clock.now()))) {
      // Another worker took it first.
      return false;
    }
    const attempt = email.attempts + 1;
    const context = { notificationId: notification._id, kind: notification.kind, attempt };
    const person = await this.people.get(notification.recipientId);
    if (!person?.email || !person.active) {
      await this.deliveries.markRefused(
        WORKER,
        notification._id,
        person ? 'the person has no address or is inactive' : 'identity does not know the person',
        null,
        this.clock.now(),
      );
      this.logger.warn({ ...context, msg: 'Notification e-mail has nobody to go to; marked failed' });
      return false;
    }
    const mail = this.renderer.render(person.locale, {
      kind: notification.kind,
      displayName: person.displayName,
      title: notification.title,
      message: notification.message?.[person.locale] ?? null,
      link: new URL(notification.link ?? deepLinkOf(notification.subject), this.config.PUBLIC_URL).toString(),
    });
    try {
      await this.mailer.send({ to: person.email, ...mail });
    } catch (err) {
      const reason = describeFailure(err, person.email);
      const now = this.clock.now();
      const retryAt =
        attempt >= this.config.EMAIL_MAX_ATTEMPTS
          ? null
          : new Date(
              now.getTime() + Math.min(this.config.EMAIL_RETRY_BASE_MS * 2 ** (attempt - 1), MAX_BACKOFF_MS),
            );
      await this.deliveries.markRefused(WORKER, notification._id, reason, retryAt, now);
      this.logger.warn({
        ...context,
        retryAt,
        msg: retryAt
          ? 'SMTP refused a notification e-mail; retried later'
          : 'SMTP refused a notification e-mail every time; marked failed',
      });
      return false;
    }
    await this.deliveries.markSent(WORKER, notification._id, this.clock.now());
    this.logger.log({ ...context, locale: person.locale, msg: 'Notification e-mail sent' });
    return true;
  }
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
  return [...parts.map(String), text.split(to).join('<recipient>')].join(' ').slice(0, 500);
}
