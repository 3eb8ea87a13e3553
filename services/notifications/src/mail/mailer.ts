/** One e-mail to one recipient. */
export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
}

export interface MailReceipt {
  /** The Message-ID the e-mail went out with. */
  messageId: string;
}

/**
 * Sends e-mail. Resolves once the server has taken the message and rejects when it has not; the
 * SMTP implementation fits any SMTP server, and another delivery service can stand in for it.
 */
export interface Mailer {
  send(mail: OutgoingMail): Promise<MailReceipt>;
}

export const MAILER = Symbol('MAILER');
