import { Schema } from 'mongoose';

/**
 * Content stored (or being stored) in object storage that no metadata references yet. Written before
 * the first byte is stored and removed once the caller's metadata references the key, so an object
 * a crash left behind is always found by the sweep, never by listing the bucket.
 */
export interface PendingUploadDocument {
  /** The storage key. */
  _id: string;
  /** The key's prefix, whose reference checkers the sweep asks. */
  keyPrefix: string;
  startedAt: Date;
  /** Moved on while the upload streams, so a long upload is never taken for an abandoned one. */
  seenAt: Date;
}

export const PendingUploadSchema = new Schema<PendingUploadDocument>(
  {
    _id: { type: String, required: true },
    keyPrefix: { type: String, required: true },
    startedAt: { type: Date, required: true },
    seenAt: { type: Date, required: true },
  },
  { collection: 'pending_uploads', versionKey: false },
);

// Serves the sweep: find({ seenAt: { $lt: <cutoff> } }).sort({ seenAt: 1 }).limit(n).
PendingUploadSchema.index({ seenAt: 1 });
