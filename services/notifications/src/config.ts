import { LocalPorts } from '@orbita/contracts';
import type { ConfigOf } from '@orbita/platform';
import {
  env,
  eventsConfig,
  httpConfig,
  mailSealingConfig,
  mongoConfig,
  natsConfig,
  secret,
} from '@orbita/platform';

export const notificationsConfigShape = {
  ...httpConfig(LocalPorts.notifications),
  ...natsConfig,
  ...mongoConfig('orbita_notifications'),
  ...mailSealingConfig,
  ...eventsConfig,
  SMTP_HOST: env.string('127.0.0.1', 'SMTP server that sends the e-mail'),
  SMTP_PORT: env.port(LocalPorts.smtp, 'Port of the SMTP server'),
  SMTP_SECURE: env.bool(
    false,
    'Connect with TLS from the start (SMTPS, usually port 465); otherwise STARTTLS is used when the server offers it',
  ),
  SMTP_USER: env.string('-', 'SMTP user name ("-" for none)'),
  SMTP_PASSWORD: secret(env.string('-', 'SMTP password ("-" for none)')),
  MAIL_FROM: env.string('Orbita <no-reply@orbita.local>', 'Sender of the e-mails (From header)'),
};

export type NotificationsConfig = ConfigOf<typeof notificationsConfigShape>;
