import { Schema } from 'mongoose';

/**
 * One person's daily digest of one day (their local date): `_id` is `<userId>:<YYYY-MM-DD>`, so a
 * day's digest is claimed once whatever the number of workers or sweeps (ADR 017).
 */
export interface DigestDocument {
  _id: string;
  userId: string;
  day: string;
  /** `sending` while the SMTP conversation runs (a crash leaves it: that day's digest is not sent again). */
  status: 'sending' | 'sent' | 'empty' | 'failed';
  unread: number;
  lastError: string | null;
  createdAt: Date;
}

export const DigestSchema = new Schema<DigestDocument>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    day: { type: String, required: true },
    status: { type: String, required: true, enum: ['sending', 'sent', 'empty', 'failed'] },
    unread: { type: Number, required: true },
    lastError: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'digests', versionKey: false },
);
// Written by _id (claimed by insert, updated by _id): the default index serves it.
