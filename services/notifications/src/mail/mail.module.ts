import { Module } from '@nestjs/common';
import type { NotificationsConfig } from '../config';
import { NOTIFICATIONS_CONFIG } from '../config.token';
import { MailRenderer } from './mail-renderer';
import { MailService } from './mail.service';
import { MAILER } from './mailer';
import { SentMailRepository } from './sent-mail.repository';
import { SmtpMailer } from './smtp-mailer';

/** E-mail: renders the templates and sends what other services ask for over SMTP, once per event. */
@Module({
  providers: [
    MailRenderer,
    MailService,
    SentMailRepository,
    {
      provide: MAILER,
      inject: [NOTIFICATIONS_CONFIG],
      useFactory: (config: NotificationsConfig): SmtpMailer =>
        new SmtpMailer({
          host: config.SMTP_HOST,
          port: config.SMTP_PORT,
          secure: config.SMTP_SECURE,
          ...(config.SMTP_USER === '-'
            ? {}
            : {
                auth: {
                  user: config.SMTP_USER,
                  pass: config.SMTP_PASSWORD === '-' ? '' : config.SMTP_PASSWORD,
                },
              }),
          from: config.MAIL_FROM,
        }),
    },
  ],
  exports: [MAILER],
})
export class MailModule {}
