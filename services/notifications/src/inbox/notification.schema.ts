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
  /** The sweep that claimed it (sending): its batch reads back what it won by this. */
  claim?: string;
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
  /**
   * Top-level copies of `email.status` and, while pending or held, of `email.notBefore` (absent
   * otherwise): the delivery worker's and the admins' queries lead with them, because FerretDB's
   * SQLite backend pushes down conditions on top-level fields only (ADR 010), and a dotted one
   * would read the whole collection at every sweep. Written with `email` in every write.
   */
  emailStatus?: EmailStatus;
  emailDueAt?: Date;
}

/** The fields a notification stores for its e-mail state (see {@link NotificationDocument.emailDueAt}). */
export function emailFields(
  email: EmailDelivery,
): Pick<NotificationDocument, 'email' | 'emailStatus' | 'emailDueAt'> {
  const due = email.status === 'pending' || email.status === 'held';
  return { email, emailStatus: email.status, ...(due ? { emailDueAt: email.notBefore } : {}) };
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
    emailStatus: { type: String },
    emailDueAt: { type: Date },
  },
  { collection: 'notifications', versionKey: false },
);

// Makes event handling idempotent: a redelivered event cannot notify the same person twice.
NotificationSchema.index({ eventId: 1, recipientId: 1 }, { unique: true });
// Serves the inbox, newest first: find({ recipientId }).sort({ _id: -1 }).
NotificationSchema.index({ recipientId: 1, _id: -1 });
// Serves the unread count and the unread filter: find({ recipientId, read: false }).
NotificationSchema.index({ recipientId: 1, read: 1, _id: -1 });
// Serves the e-mail delivery worker, due first: find({ emailDueAt: { $lte } }).sort({ emailDueAt: 1 }); only
// pending and held ones have the field (sparse on MongoDB; on FerretDB a missing field never matches a range).
NotificationSchema.index({ emailDueAt: 1 }, { sparse: true });
// Serves the admins' list of failed and stuck e-mails, newest first: find({ emailStatus: { $in } }).sort({ _id: -1 }).
NotificationSchema.index({ emailStatus: 1, _id: -1 });
