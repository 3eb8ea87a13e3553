import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { deepLinkOf } from '@orbita/contracts';
import type { Clock, IdGenerator } from '@orbita/platform';
import { CLOCK, ID_GENERATOR, PeriodicSweep, systemScope } from '@orbita/platform';
import type { NotificationsConfig } from '../config';
import { NOTIFICATIONS_CONFIG } from '../config.token';
import type { NotificationDocument } from '../inbox/notification.schema';
import type { Mailer } from '../mail/mailer';
import { MAILER } from '../mail/mailer';
import { SMTP_CONNECTIONS } from '../mail/smtp-mailer';
import type { Person } from '../people/people-directory';
import { PeopleDirectory } from '../people/people-directory';
import { EmailDeliveryRepository } from './email-delivery.repository';
import { NotificationMailRenderer } from './notification-mail';

const WORKER = systemScope('the notification e-mail delivery worker');

/** The most e-mails one batch claims (one conditional update, one read back, one people look-up). */
const PER_BATCH = 25;
/** Batches one sweep takes at most before it lets the next sweep start over. */
const BATCHES_PER_SWEEP = 20;
/** Sent e-mails are marked in one update per this many. */
const MARK_SENT_EVERY = 10;
/** Backoff never waits longer than this between two attempts. */
const MAX_BACKOFF_MS = 6 * 60 * 60 * 1000;

/**
 * Sends the notifications' e-mails (ADR 017): every sweep takes those due, the longest due first,
 * in batches claimed by one conditional update each (pending or held → sending, marked with the
 * batch's claim) so one e-mail goes to one worker; it sends them a few at a time and marks those
 * sent in one update. An SMTP refusal puts one back pending with an exponential backoff, and after
 * EMAIL_MAX_ATTEMPTS marks it failed for an admin to retry. One a crash left `sending` (claimed, the
 * SMTP conversation perhaps finished) is not sent again: it may have gone out; after EMAIL_STUCK_MS
 * admins see it as stuck and may send it again.
 */
@Injectable()
export class EmailDeliveryWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(EmailDeliveryWorker.name);
  private readonly sweeps: PeriodicSweep<number>;

  constructor(
    private readonly deliveries: EmailDeliveryRepository,
    private readonly people: PeopleDirectory,
    private readonly renderer: NotificationMailRenderer,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
  ) {
    this.sweeps = new PeriodicSweep(
      config.EMAIL_SWEEP_MS,
      () => this.sendDue(),
      0,
      (err) => {
        this.logger.warn({ err, msg: 'The e-mail sweep failed; it runs again' });
      },
    );
  }

  onApplicationBootstrap(): void {
    this.sweeps.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.sweeps.stop();
  }

  /** Sends what is due now (one sweep at a time in this process); how many were sent. */
  sweep(): Promise<number> {
    return this.sweeps.now();
  }

  private async sendDue(): Promise<number> {
    let sent = 0;
    for (let batch = 0; batch < BATCHES_PER_SWEEP; batch++) {
      const due = await this.deliveries.due(WORKER, this.clock.now(), PER_BATCH);
      sent += await this.sendBatch(due.map((notification) => notification._id));
      if (due.length < PER_BATCH) {
        break;
      }
    }
    return sent;
  }

  private async sendBatch(ids: string[]): Promise<number> {
    const claim = this.ids.newId();
    const claimed = await this.deliveries.claim(WORKER, ids, claim, this.clock.now());
    if (claimed.length === 0) {
      return 0;
    }
    const people = await this.people.getMany(claimed.map((notification) => notification.recipientId));
    let sent = 0;
    let unmarked: string[] = [];
    const markSent = async (): Promise<void> => {
      const ids = unmarked;
      unmarked = [];
      await this.deliveries.markSent(WORKER, ids, claim, this.clock.now());
    };
    const queue = [...claimed];
    const sender = async (): Promise<void> => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        if (await this.deliver(next, people.get(next.recipientId) ?? null, claim)) {
          sent += 1;
          unmarked.push(next._id);
          // Marked a few at a time: a crash leaves few sent ones looking stuck to admins.
          if (unmarked.length >= MARK_SENT_EVERY) {
            await markSent();
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(SMTP_CONNECTIONS, claimed.length) }, sender));
    await markSent();
    if (sent > 0) {
      this.logger.log({ sent, claimed: claimed.length, msg: 'Notification e-mails sent' });
    }
    return sent;
  }

  /** Sends one claimed e-mail; true when the SMTP server took it (marked sent with its batch). */
  private async deliver(
    notification: NotificationDocument,
    person: Person | null,
    claim: string,
  ): Promise<boolean> {
    const attempt = notification.email?.attempts ?? 1;
    const context = { notificationId: notification._id, kind: notification.kind, attempt };
    if (!person?.email || !person.active) {
      await this.deliveries.markRefused(
        WORKER,
        notification._id,
        claim,
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
      await this.deliveries.markRefused(WORKER, notification._id, claim, reason, retryAt, now);
      this.logger.warn({
        ...context,
        retryAt,
        msg: retryAt
          ? 'SMTP refused a notification e-mail; retried later'
          : 'SMTP refused a notification e-mail every time; marked failed',
      });
      return false;
    }
    this.logger.debug({ ...context, locale: person.locale, msg: 'Notification e-mail sent' });
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
