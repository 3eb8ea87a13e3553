import { z } from 'zod';
import { MAIL_STREAM } from '../messaging/event-envelope';
import { defineEvent } from '../messaging/event-contract';

/** The e-mails notifications knows how to write (handlebars templates in Russian and English). */
export const MailTemplateSchema = z.enum(['invitation', 'password-reset']);
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
