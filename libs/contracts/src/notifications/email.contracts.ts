import { z } from 'zod';
import { IdSchema } from '../common';
import { PageQuerySchema, pageSchema } from '../messaging/pagination';
import { defineRequest } from '../messaging/request-contract';

/**
 * A notification e-mail that needs an admin (ADR 017): `failed` (the SMTP server refused it every
 * time), `stuck` (claimed for sending and never confirmed: the service stopped mid-send, so it may
 * have gone out), or `pending` once an admin retried it.
 */
export const FailedEmailViewSchema = z.object({
  notificationId: z.string(),
  recipientId: z.string(),
  orgId: z.string(),
  kind: z.string(),
  title: z.string(),
  status: z.enum(['failed', 'stuck', 'pending']),
  attempts: z.number().int(),
  /** The SMTP server's last answer (without the address). */
  lastError: z.string().nullable(),
  /** When it failed or was claimed (stuck), or, once retried, when it is due. */
  at: z.string(),
});
export type FailedEmailView = z.infer<typeof FailedEmailViewSchema>;

export const ListFailedEmailsInputSchema = PageQuerySchema;
export type ListFailedEmailsInput = z.infer<typeof ListFailedEmailsInputSchema>;
export const FailedEmailPageSchema = pageSchema(FailedEmailViewSchema);

export const RetryEmailInputSchema = z.object({ notificationId: IdSchema });
export type RetryEmailInput = z.infer<typeof RetryEmailInputSchema>;

/** Operating the e-mail channel (ops.manage at the installation's root). */
export const NotificationEmailRequests = {
  listFailed: defineRequest(
    'notifications.email.list-failed',
    ListFailedEmailsInputSchema,
    FailedEmailPageSchema,
  ),
  /** Sends a failed or stuck e-mail again: due at once, with a fresh count of attempts. */
  retry: defineRequest('notifications.email.retry', RetryEmailInputSchema, FailedEmailViewSchema),
};
