import { z } from 'zod';
import { defineRequest } from '../messaging/request-contract';
import { NotificationViewSchema } from './notifications.contracts';

/**
 * Live delivery of in-app notifications. The notifications service, once it has stored a
 * notification, publishes it on core NATS to `notifications.live.<recipientId>`; every gateway
 * instance subscribes to `notifications.live.>` and writes it to the open Server-Sent Events
 * connections of that user, so any instance can serve any user. A push that nobody hears is not
 * lost: a browser that reconnects sends the last id it saw and replays the rest from the store
 * (`notifications.notification.since`).
 */
export const LIVE_SUBJECT_PREFIX = 'notifications.live';

export function liveSubjectOf(recipientId: string): string {
  return `${LIVE_SUBJECT_PREFIX}.${recipientId}`;
}

export const LiveNotificationSchema = z.object({
  recipientId: z.string(),
  notification: NotificationViewSchema,
  /** The recipient's unread count after this notification was stored. */
  unreadCount: z.number().int().nonnegative(),
});
export type LiveNotification = z.infer<typeof LiveNotificationSchema>;

export const NotificationsSinceInputSchema = z.object({
  /** The id of the last notification the client saw (the SSE `Last-Event-ID`). */
  afterId: z.string().min(1).max(64),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type NotificationsSinceInput = z.infer<typeof NotificationsSinceInputSchema>;

export const NotificationsSinceSchema = z.object({
  /** The caller's notifications stored after `afterId`, oldest first. */
  items: z.array(NotificationViewSchema),
  /** More are stored after the last item than the limit let through. */
  more: z.boolean(),
  unreadCount: z.number().int().nonnegative(),
});
export type NotificationsSince = z.infer<typeof NotificationsSinceSchema>;

export const LiveRequests = {
  since: defineRequest(
    'notifications.notification.since',
    NotificationsSinceInputSchema,
    NotificationsSinceSchema,
  ),
};
