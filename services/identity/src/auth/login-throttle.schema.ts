import { Schema } from 'mongoose';
import type { OutboxFields } from '@orbita/platform';
import { withOutbox } from '@orbita/platform';

/** Failed attempts counted under one key (an account, an address, or the pair) in a window. */
export interface ThrottleDocument extends OutboxFields {
  _id: string;
  failures: number;
  windowStartedAt: Date;
  blockedUntil: Date | null;
  updatedAt: Date;
}

export const ThrottleSchema = withOutbox(
  new Schema<ThrottleDocument>(
    {
      _id: { type: String, required: true },
      failures: { type: Number, required: true },
      windowStartedAt: { type: Date, required: true },
      blockedUntil: { type: Date, default: null },
      updatedAt: { type: Date, required: true },
    },
    { collection: 'login_throttle', versionKey: false },
  ),
);

// Serves the clean-up of stale counters: deleteMany({ updatedAt: { $lt } }).
ThrottleSchema.index({ updatedAt: 1 });
