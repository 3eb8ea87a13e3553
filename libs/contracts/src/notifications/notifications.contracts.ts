import { z } from 'zod';
import { IdSchema } from '../common';
import { PageQuerySchema, pageSchema } from '../messaging/pagination';
import { defineRequest } from '../messaging/request-contract';

/**
 * What a notification tells its recipient. The web app and the e-mails word each kind in the
 * recipient's language; the notification itself carries the object's title and a deep link.
 */
export const NotificationKind = {
  /** A stand-alone task was given to me. */
  TaskAssigned: 'task.assigned',
  /** A manager gave me a task someone else held. */
  TaskReassigned: 'task.reassigned',
  /** A step of a request is mine to do (a task to fill, an approval to decide). */
  StepAssigned: 'step.assigned',
  /** My group has a task that one of us is to claim. */
  StepClaimable: 'step.claimable',
  /** An order or document addressed to me is to be acknowledged. */
  AcknowledgementRequested: 'acknowledgement.requested',
  /** I have not acknowledged an order yet: a reminder. */
  AcknowledgementReminder: 'acknowledgement.reminder',
  /** A step I hold is due soon. */
  StepReminder: 'step.reminder',
  /** A step held by me or my team passed its due time and was escalated to me. */
  StepEscalated: 'step.escalated',
  /** Someone mentioned me in a request's feed. */
  CommentMention: 'comment.mention',
  /** A comment on a request I take part in. */
  CommentAdded: 'comment.added',
  /** A notify step of a request addressed a message to me. */
  RequestMessage: 'request.message',
  /** My request moved on (a step of it was done). */
  RequestAdvanced: 'request.advanced',
  /** My request was returned to an earlier step, with a comment. */
  RequestReturned: 'request.returned',
  /** My request was completed, rejected or cancelled. */
  RequestEnded: 'request.ended',
  /** A document was published to my org. */
  DocumentPublished: 'document.published',
  /** What I may do changed (a role given or taken, a client given to me as their manager). */
  AccessChanged: 'access.changed',
} as const;
export type NotificationKind = (typeof NotificationKind)[keyof typeof NotificationKind];
export const NotificationKindSchema = z.enum(
  Object.values(NotificationKind) as [NotificationKind, ...NotificationKind[]],
);

/** The objects a notification can be about, each with its page in the web app. */
export const NotificationSubjectType = {
  Task: 'task',
  ProcessInstance: 'process-instance',
  Document: 'document',
  User: 'user',
} as const;
export type NotificationSubjectType = (typeof NotificationSubjectType)[keyof typeof NotificationSubjectType];

const DEEP_LINKS: Record<NotificationSubjectType, (id: string) => string> = {
  task: (id) => `/tasks/${encodeURIComponent(id)}`,
  'process-instance': (id) => `/requests/${encodeURIComponent(id)}`,
  document: (id) => `/documents/${encodeURIComponent(id)}`,
  user: () => '/profile',
};

/** The web app's path of the object a notification is about (relative to the app's base URL). */
export function deepLinkOf(subject: { type: string; id: string }): string {
  const link = DEEP_LINKS[subject.type as NotificationSubjectType] as ((id: string) => string) | undefined;
  return link ? link(subject.id) : '/notifications';
}

export const NotificationViewSchema = z.object({
  id: z.string(),
  kind: z.string(),
  /** The object's title (a request's number and title, a task's or document's title). */
  title: z.string(),
  /** A message in both languages, for kinds that carry one (a notify step's, a return's comment). */
  message: z.object({ ru: z.string(), en: z.string() }).nullable(),
  subject: z.object({ type: z.string(), id: z.string() }),
  /** Where the web app shows the object: a path under the app's base URL. */
  link: z.string(),
  /** Who caused it, when a person did. */
  actorId: z.string().nullable(),
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

export const MarkReadInputSchema = z.object({
  /** The caller's notifications to mark read; ids of others' or unknown ones change nothing. */
  ids: z.array(IdSchema).min(1).max(200),
});
export type MarkReadInput = z.infer<typeof MarkReadInputSchema>;

export const MarkReadResultSchema = z.object({
  /** How many were unread and are read now. */
  marked: z.number().int().nonnegative(),
  unreadCount: z.number().int().nonnegative(),
});
export type MarkReadResult = z.infer<typeof MarkReadResultSchema>;

export const NotificationsRequests = {
  list: defineRequest(
    'notifications.notification.list',
    ListNotificationsInputSchema,
    NotificationPageSchema,
  ),
  markRead: defineRequest('notifications.notification.mark-read', MarkReadInputSchema, MarkReadResultSchema),
  markAllRead: defineRequest('notifications.notification.mark-all-read', z.object({}), MarkReadResultSchema),
};
