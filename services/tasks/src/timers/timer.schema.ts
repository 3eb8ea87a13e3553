import { Schema } from 'mongoose';

/**
 * A durable timer: something the service must do at a time (a wait step ends, an SLA's reminder or
 * escalation is due), kept in the database so that restarts and several instances of the service
 * neither lose nor repeat it.
 *
 * A pending timer is claimed by moving its `dueAt` forward by the lease (the original stays in
 * `scheduledFor`) and naming the claimer in `leaseOwner`: a claimer that dies leaves a timer that
 * simply becomes due again when the lease runs out, so the worker reads only `{ status: 'pending',
 * dueAt ≤ now }` by index — fired timers are never read again.
 */
/** `cancelled`: what it was for ended first (a step finished before its SLA's timers were due). */
export type TimerStatus = 'pending' | 'fired' | 'cancelled';

export interface TimerSubject {
  /** A step run's timers (waits, SLAs). */
  runId?: string;
  stepId?: string;
  instanceId?: string;
  /** An escalation's level. */
  level?: number;
  /** A schedule's occurrence (ADR 022): the schedule, its period key and, for register dates, the record. */
  scheduleId?: string;
  period?: string;
  recordId?: string;
}

export interface TimerDocument {
  /** Deterministic per purpose (e.g. `wait:<runId>:<stepId>:<attempt>`): scheduling twice is once. */
  _id: string;
  kind: string;
  subject: TimerSubject;
  status: TimerStatus;
  /** When it may be claimed next: the scheduled time, or the end of the current lease. */
  dueAt: Date;
  /** When it was scheduled for; the order late timers fire in. */
  scheduledFor: Date;
  leaseOwner: string | null;
  attempts: number;
  firedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const TimerSchema = new Schema<TimerDocument>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    subject: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true },
    dueAt: { type: Date, required: true },
    scheduledFor: { type: Date, required: true },
    leaseOwner: { type: String, default: null },
    attempts: { type: Number, default: 0 },
    firedAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'timers', versionKey: false },
);

// Serves the worker's claim: findOneAndUpdate({ status: 'pending', dueAt: { $lte: now } }).sort({ dueAt: 1 }).
TimerSchema.index({ status: 1, dueAt: 1 });
