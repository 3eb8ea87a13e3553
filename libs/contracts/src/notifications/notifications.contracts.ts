import { z } from 'zod';
import { PageQuerySchema, pageSchema } from '../messaging/pagination';
import { defineRequest } from '../messaging/request-contract';

export const NotificationViewSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  subject: z.object({ type: z.string(), id: z.string() }),
  read: z.boolean(),
  createdAt: z.string(),
});
export type NotificationView = z.infer<typeof NotificationViewSchema>;

export const ListNotificationsInputSchema = PageQuerySchema.extend({
  unreadOnly: z
    .union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')])
    .default(false),
});
export type ListNotificationsInput = z.infer<typeof ListNotificationsInputSchema>;

export const NotificationPageSchema = pageSchema(NotificationViewSchema).extend({
  unreadCount: z.number().int().nonnegative(),
});
export type NotificationPage = z.infer<typeof NotificationPageSchema>;

export const NotificationsRequests = {
  list: defineRequest(
    'notifications.notification.list',
    ListNotificationsInputSchema,
    NotificationPageSchema,
  ),
};
