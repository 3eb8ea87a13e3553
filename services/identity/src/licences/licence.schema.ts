import { Schema } from 'mongoose';
import type { SeatType } from '@orbita/contracts';
import type { OutboxFields } from '@orbita/platform';
import { withOutbox } from '@orbita/platform';

/**
 * One installation of a licence file; the newest is the licence in force. Written once and never
 * changed (only the outbox relay clears its events), so a later install is a new document and the
 * documents are the history of what was installed when and by whom. The text is kept exactly as
 * signed and verified again on every read, so editing it here cannot raise seats.
 */
export interface LicenceDocument extends OutboxFields {
  /** Id of this installation (time-ordered). */
  _id: string;
  licenceId: string;
  text: string;
  installedAt: Date;
  /** The user who installed it; null when the service installed it at boot. */
  installedBy: string | null;
}

export const LicenceSchema = withOutbox(
  new Schema<LicenceDocument>(
    {
      _id: { type: String, required: true },
      licenceId: { type: String, required: true },
      text: { type: String, required: true },
      installedAt: { type: Date, required: true },
      installedBy: { type: String, default: null },
    },
    { collection: 'licences', versionKey: false },
  ),
);

// Serves "the licence in force": findOne().sort({ installedAt: -1, _id: -1 }).
LicenceSchema.index({ installedAt: -1, _id: -1 });

/**
 * One taken seat. A pool of size N is the slots 0..N-1; taking a seat inserts the document of a
 * free slot, so the unique `_id` (`<pool>:<slot>`) makes two takers of the last seat collide and
 * only one of them win. An insert is the one write FerretDB 1.24 performs atomically under
 * concurrency: its updates are read-modify-write and lose concurrent changes (docs/adr/006).
 */
export interface SeatDocument {
  /** `<pool>:<slot>`. */
  _id: string;
  pool: SeatType;
  slot: number;
  holderId: string;
  takenAt: Date;
}

export const SeatSchema = new Schema<SeatDocument>(
  {
    _id: { type: String, required: true },
    pool: { type: String, required: true, enum: ['full', 'portal'] },
    slot: { type: Number, required: true },
    holderId: { type: String, required: true },
    takenAt: { type: Date, required: true },
  },
  { collection: 'seats', versionKey: false },
);

// One seat per holder and pool. Serves "does the holder have a seat": exists({ pool, holderId }),
// and releasing it: deleteOne({ pool, holderId }).
SeatSchema.index({ pool: 1, holderId: 1 }, { unique: true });
// Serves the pool's seats: countDocuments({ pool }), find({ pool, slot: { $lt: size } }) when
// looking for a free slot, and find({ pool, takenAt: { $lte } }).sort({ slot: 1 }) of reconcile.
SeatSchema.index({ pool: 1, slot: 1 });
