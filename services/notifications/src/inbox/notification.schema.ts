import { Schema } from 'mongoose';

export interface NotificationDocument {
  _id: string;
  recipientId: string;
  /** The org that owns what the notification is about. */
  orgId: string;
  kind: string;
  title: string;
  subject: { type: string; id: string };
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
    subject: {
      type: { type: String, required: true },
      id: { type: String, required: true },
    },
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
