import type { OnApplicationBootstrap } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import type { Transporter } from 'nodemailer';
import { createTransport } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { MailReceipt, Mailer, OutgoingMail } from './mailer';

export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the start (SMTPS); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  /** Omitted: no authentication. */
  auth?: { user: string; pass: string };
  /** The From header. */
  from: string;
}

/*
 * A send must end well inside the event consumer's ack wait (30 s): were it still running then, the
 * event would be redelivered to another instance, which skips a mail still "sending".
 */
const CONNECTION_TIMEOUT_MS = 10_000;
const GREETING_TIMEOUT_MS = 5_000;
const SOCKET_TIMEOUT_MS = 15_000;
/**
 * E-mails one sender has under way at once, each on a connection of its own. Not nodemailer's
 * pooled transport: with the server down, it keeps a message queued instead of failing the send.
 */
export const SMTP_CONNECTIONS = 4;

/** {@link Mailer} over SMTP (nodemailer), a new connection per e-mail. */
export class SmtpMailer implements Mailer, OnApplicationBootstrap {
  private readonly logger = new Logger(SmtpMailer.name);
  private readonly transport: Transporter<SMTPTransport.SentMessageInfo, SMTPTransport.Options>;

  constructor(private readonly settings: SmtpSettings) {
    this.transport = createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      ...(settings.auth ? { auth: settings.auth } : {}),
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      greetingTimeout: GREETING_TIMEOUT_MS,
      socketTimeout: SOCKET_TIMEOUT_MS,
    });
  }

  /** Says at start whether the server answers; mail waits (and retries) rather than the service failing. */
  onApplicationBootstrap(): void {
    const server = `${this.settings.host}:${this.settings.port}`;
    this.transport.verify().then(
      () => {
        this.logger.log({ server, msg: 'SMTP server is reachable' });
      },
      (err: unknown) => {
        this.logger.warn({ err, server, msg: 'SMTP server is not reachable; e-mail waits until it is' });
      },
    );
  }

  async send(mail: OutgoingMail): Promise<MailReceipt> {
    const info = await this.transport.sendMail({
      from: this.settings.from,
      // An address object, so nodemailer never reads a list of recipients into it.
      to: { name: '', address: mail.to },
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
    });
    return { messageId: info.messageId };
  }
}
