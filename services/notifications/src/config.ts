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
  PUBLIC_URL: env.url(
    `http://127.0.0.1:${LocalPorts.gateway}`,
    "Where users reach the product: the links in notifications' e-mails start with it",
  ),
  NOTIFICATIONS_TIME_ZONE: env.string(
    'Europe/Moscow',
    'IANA time zone of the people whose own one identity does not know (quiet hours, the daily digest)',
  ),
  DIGEST_HOUR: env.int(
    9,
    "Hour of the day (in each person's time zone) from which their daily digest of unread notifications goes out",
    0,
  ),
  DIGEST_SWEEP_MS: env.int(600_000, 'How often people whose daily digest is due are looked for', 50),
  EMAIL_SWEEP_MS: env.int(2_000, 'How often notification e-mails that are due are looked for', 50),
  EMAIL_MAX_ATTEMPTS: env.int(
    5,
    'How often a notification e-mail is tried over SMTP before it is marked failed for an admin',
    1,
  ),
  EMAIL_RETRY_BASE_MS: env.int(
    30_000,
    'Delay before a notification e-mail the SMTP server refused is tried again; it doubles with every attempt',
    10,
  ),
  EMAIL_STUCK_MS: env.int(
    900_000,
    'A notification e-mail claimed for sending this long ago and never confirmed (the service stopped mid-send) is shown to admins as stuck',
    1_000,
  ),
};

export type NotificationsConfig = ConfigOf<typeof notificationsConfigShape>;
