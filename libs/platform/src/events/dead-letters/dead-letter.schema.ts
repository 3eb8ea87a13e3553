import { Schema } from 'mongoose';
import type { DeadLetterStatus } from '@orbita/contracts';

/** A message a consumer could not handle, parked with the error for an admin (ADR 012). */
export interface DeadLetterDocument {
  _id: string;
  /** `<consumer>:<stream sequence>`: a message is parked once, however often it comes again. */
  key: string;
  service: string;
  consumer: string;
  stream: string;
  subject: string;
  streamSequence: number;
  eventId: string | null;
  eventType: string | null;
  orgId: string | null;
  error: string;
  attempts: number;
  status: DeadLetterStatus;
  firstFailedAt: Date;
  lastFailedAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  payload: string;
}

export const DeadLetterSchema = new Schema<DeadLetterDocument>(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true },
    service: { type: String, required: true },
    consumer: { type: String, required: true },
    stream: { type: String, required: true },
    subject: { type: String, required: true },
    streamSequence: { type: Number, required: true },
    eventId: { type: String, default: null },
    eventType: { type: String, default: null },
    orgId: { type: String, default: null },
    error: { type: String, required: true },
    attempts: { type: Number, required: true },
    status: { type: String, required: true, enum: ['parked', 'replayed', 'discarded'] },
    firstFailedAt: { type: Date, required: true },
    lastFailedAt: { type: Date, required: true },
    resolvedAt: { type: Date, default: null },
    resolvedBy: { type: String, default: null },
    payload: { type: String, required: true },
  },
  { collection: 'dead_letters', versionKey: false },
);

// Parks a message once: insert-once on { key }.
DeadLetterSchema.index({ key: 1 }, { unique: true });
// Serves the admin's list, newest first: find({ status }).sort({ _id: -1 }).
DeadLetterSchema.index({ status: 1, _id: -1 });
