import { Schema } from 'mongoose';
import type { LocalisedName, ScheduleLastRun, ScheduleRule, ScheduleTargets } from '@orbita/contracts';

/**
 * A schedule (ADR 022): what process to start, as whom, with what form, and when. `nextPeriod` and
 * `nextRunAt` are the pending calendar occurrence (its timer is `schedule:<id>:<period>`);
 * `activeSince` is when it was created or last resumed: an occurrence due before it (while paused)
 * never fires.
 */
export interface ScheduleDocument {
  _id: string;
  /** The company the schedule belongs to (its root org). */
  orgId: string;
  name: LocalisedName;
  templateKey: string;
  starterId: string;
  form: Record<string, unknown>;
  rule: ScheduleRule;
  targets: ScheduleTargets;
  /** The register of a register-date rule, top-level for the record events' look-up; else null. */
  registerKey: string | null;
  status: 'active' | 'paused';
  activeSince: Date;
  nextPeriod: string | null;
  nextRunAt: Date | null;
  lastRun: (Omit<ScheduleLastRun, 'at'> & { at: Date }) | null;
  revision: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export const ScheduleSchema = new Schema<ScheduleDocument>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    name: { type: Object, required: true },
    templateKey: { type: String, required: true },
    starterId: { type: String, required: true },
    form: { type: Object, required: true },
    rule: { type: Object, required: true },
    targets: { type: String, required: true },
    registerKey: { type: String, default: null },
    status: { type: String, required: true, enum: ['active', 'paused'] },
    activeSince: { type: Date, required: true },
    nextPeriod: { type: String, default: null },
    nextRunAt: { type: Date, default: null },
    lastRun: { type: Object, default: null },
    revision: { type: Number, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'schedules', versionKey: false, minimize: false },
);

// Serves the admins' list: find({ orgId }).sort({ _id: 1 }).
ScheduleSchema.index({ orgId: 1, _id: 1 });
// Serves a register record's change: find({ registerKey, status: 'active' }).
ScheduleSchema.index({ registerKey: 1, status: 1 });
