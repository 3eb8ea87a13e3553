import type { NotificationKind } from '@orbita/contracts';
import { Schema } from 'mongoose';

/**
 * Where a notification's e-mail stands (ADR 017). Written with the notification in its one insert,
 * so a stored notification always knows whether it is still to be mailed: `pending` (due at
 * `notBefore`), `held` (quiet hours: due at their end), `sending` (claimed by the delivery worker,
 * the SMTP conversation under way), `sent`, `failed` (every attempt refused; an admin may retry it)
 * or `skipped` (no e-mail for it: the person has no address, is inactive, or does not want it).
 */
export type EmailStatus = 'pending' | 'held' | 'sending' | 'sent' | 'failed' | 'skipped';

export interface EmailDelivery {
  status: EmailStatus;
  /** When it is due (pending, held), or when it was claimed (sending). */
  notBefore: Date;
  /** SMTP attempts so far. */
  attempts: number;
  lastError: string | null;
  sentAt: Date | null;
  /** Why it is skipped, for the record. */
  reason?: string;
}

export interface NotificationDocument {
  _id: string;
  recipientId: string;
  /** The org that owns what the notification is about. */
  orgId: string;
  kind: NotificationKind;
  /** The object's title, as its service named it when the event happened. */
  title: string;
  /** A message in both languages, for kinds that carry one (a notify step's, a return's comment). */
  message: { ru: string; en: string } | null;
  subject: { type: string; id: string };
  /** The web app's path of the subject (deepLinkOf); absent on those stored before deep links. */
  link?: string;
  /** Who caused it, when a person did (never the recipient). */
  actorId: string | null;
  /** The event it was made from: one notification per event and recipient, whatever redelivers. */
  eventId: string;
  read: boolean;
  createdAt: Date;
  /** The e-mail channel's state; absent on notifications stored before e-mail was a channel. */
  email?: EmailDelivery;
}

export const NotificationSchema = new Schema<NotificationDocument>(
  {
    _id: { type: String, required: true },
    recipientId: { type: String, required: true },
    orgId: { type: String, required: true },
    kind: { type: String, required: true },
    title: { type: String, required: true },
    message: { type: Schema.Types.Mixed, default: null },
    subject: {
      type: { type: String, required: true },
      id: { type: String, required: true },
    },
    link: { type: String, required: true },
    actorId: { type: String, default: null },
    eventId: { type: String, required: true },
    read: { type: Boolean, required: true },
    createdAt: { type: Date, required: true },
    email: { type: Schema.Types.Mixed },
  },
  { collection: 'notifications', versionKey: false },
);

// Makes event handling idempotent: a redelivered event cannot notify the same person twice.
NotificationSchema.index({ eventId: 1, recipientId: 1 }, { unique: true });
// Serves the inbox, newest first: find({ recipientId }).sort({ _id: -1 }).
NotificationSchema.index({ recipientId: 1, _id: -1 });
// Serves the unread count and the unread filter: find({ recipientId, read: false }).
NotificationSchema.index({ recipientId: 1, read: 1, _id: -1 });
// Serves the e-mail delivery worker, due first: find({ 'email.status': { $in }, 'email.notBefore': { $lte } })
// .sort({ 'email.notBefore': 1 }).
NotificationSchema.index({ 'email.status': 1, 'email.notBefore': 1 });
// Serves the admins' list of failed e-mails, newest first: find({ 'email.status': 'failed' }).sort({ _id: -1 }).
NotificationSchema.index({ 'email.status': 1, _id: -1 });
