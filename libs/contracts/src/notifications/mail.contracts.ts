import { z } from 'zod';
import { MAIL_STREAM } from '../messaging/event-envelope';
import { schemaMessage } from '../errors/localised-text';
import { defineEvent } from '../messaging/event-contract';

/**
 * The e-mails notifications knows how to write (handlebars templates in Russian and English).
 * `invitation-existing-account` tells the owner of an account that someone invited their address.
 */
export const MailTemplateSchema = z.enum(['invitation', 'password-reset', 'invitation-existing-account']);
export type MailTemplate = z.infer<typeof MailTemplateSchema>;

/** What a mail request says once unsealed (see SealedMailSchema). */
export const MailRequestedDataSchema = z.object({
  to: z.string(),
  locale: z.enum(['ru', 'en']),
  template: MailTemplateSchema,
  /** Values the template shows (e.g. link, orgName, inviterName, expiresAt). */
  params: z.record(z.string(), z.string()),
});
export type MailRequestedData = z.infer<typeof MailRequestedDataSchema>;

/**
 * A mail request as it travels and rests in the MAIL stream: MailRequestedData encrypted with
 * AES-256-GCM under the mail sealing key that only its senders and notifications hold, so the
 * invitation and reset links inside are readable by no one who merely reads the stream.
 * Format: `v1.<iv>.<ciphertext>.<tag>`, each part base64url.
 */
export const SealedMailSchema = z.object({
  sealed: z
    .string()
    .regex(
      /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/,
      schemaMessage({ en: 'must be a sealed mail request', ru: 'должен быть запечатанный запрос письма' }),
    ),
});
export type SealedMail = z.infer<typeof SealedMailSchema>;

export const MailMessages = {
  /**
   * Asks notifications to send an e-mail. In the MAIL stream, not EVENTS, and sealed, because it
   * carries secret links. Sent at most once per message id.
   */
  mailRequested: defineEvent('notifications.mail.requested', 1, SealedMailSchema, 'Send an e-mail.', {
    stream: MAIL_STREAM,
    publishers: ['identity'],
  }),
};
