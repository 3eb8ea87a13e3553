import type { NotificationKind } from '@orbita/contracts';
import { Schema } from 'mongoose';

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
  },
  { collection: 'notifications', versionKey: false },
);

// Makes event handling idempotent: a redelivered event cannot notify the same person twice.
NotificationSchema.index({ eventId: 1, recipientId: 1 }, { unique: true });
// Serves the inbox, newest first: find({ recipientId }).sort({ _id: -1 }).
NotificationSchema.index({ recipientId: 1, _id: -1 });
// Serves the unread count and the unread filter: find({ recipientId, read: false }).
NotificationSchema.index({ recipientId: 1, read: 1, _id: -1 });
