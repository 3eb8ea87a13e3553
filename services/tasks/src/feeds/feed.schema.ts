import { Schema } from 'mongoose';
import type { OutboxFields } from '@orbita/platform';
import { withOutbox } from '@orbita/platform';

export interface FeedEntryDocument extends OutboxFields {
  /** A ULID: entries read in `_id` order are in the order they happened. A system entry's is its event's id. */
  _id: string;
  instanceId: string;
  kind: 'comment' | 'system';
  /** Internal entries are never shown to portal users. */
  visibility: 'internal' | 'shared';
  authorId: string | null;
  text: string | null;
  mentions: string[];
  /** A request's own attachment also keeps its file's name and size (older entries lack them). */
  attachments: { documentId: string; title: string | null; fileName?: string | null; size?: number | null }[];
  event: {
    type: string;
    stepId: string | null;
    outcome: string | null;
    comment: string | null;
    actorId: string | null;
    documentId: string | null;
  } | null;
  createdAt: Date;
}

export const FeedEntrySchema = withOutbox(
  new Schema<FeedEntryDocument>(
    {
      _id: { type: String, required: true },
      instanceId: { type: String, required: true },
      kind: { type: String, required: true, enum: ['comment', 'system'] },
      visibility: { type: String, required: true, enum: ['internal', 'shared'] },
      authorId: { type: String, default: null },
      text: { type: String, default: null },
      mentions: { type: [String], default: [] },
      attachments: { type: Schema.Types.Mixed, default: [] },
      event: { type: Schema.Types.Mixed, default: null },
      createdAt: { type: Date, required: true },
    },
    { collection: 'feed_entries', versionKey: false, minimize: false },
  ),
);

// Serves a request's feed in order: find({ instanceId, visibility? }).sort({ _id: 1 }).
FeedEntrySchema.index({ instanceId: 1, _id: 1 });
