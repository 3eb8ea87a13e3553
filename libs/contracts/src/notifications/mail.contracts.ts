import { z } from 'zod';
import { MAIL_STREAM } from '../messaging/event-envelope';
import { defineEvent } from '../messaging/event-contract';

/**
 * The e-mails notifications knows how to write (handlebars templates in Russian and English).
 * `invitation-existing-account` tells the owner of an account that someone invited their address.
 */
export const MailTemplateSchema = z.enum(['invitation', 'password-reset', 'invitation-existing-account']);
export type MailTemplate = z.infer<typeof MailTemplateSchema>;

export const MailRequestedDataSchema = z.object({
  to: z.string(),
  locale: z.enum(['ru', 'en']),
  template: MailTemplateSchema,
  /** Values the template shows (e.g. link, orgName, inviterName, expiresAt). */
  params: z.record(z.string(), z.string()),
});
export type MailRequestedData = z.infer<typeof MailRequestedDataSchema>;

export const MailMessages = {
  /**
   * Asks notifications to send an e-mail. In the MAIL stream, not EVENTS, because it carries secret
   * links. Sent at most once per message id.
   */
  mailRequested: defineEvent(
    'notifications.mail.requested',
    1,
    MailRequestedDataSchema,
    'Send an e-mail.',
    MAIL_STREAM,
  ),
};
