import { z } from 'zod';

export const EVENTS_STREAM = 'EVENTS';
export const EVENTS_SUBJECT_PREFIX = 'events';
export const MAIL_STREAM = 'MAIL';
export const MAIL_SUBJECT_PREFIX = 'mail';

export const ActorSchema = z.object({ userId: z.string(), orgId: z.string() });
export type Actor = z.infer<typeof ActorSchema>;

/**
 * Every fact published to JetStream travels in this envelope. `id` is also the `Nats-Msg-Id`, so the
 * stream drops a re-published duplicate, and consumers use it to stay idempotent.
 */
export const EventEnvelopeSchema = z.object({
  id: z.string().min(1),
  /** `<service>.<entity>.<verb>`; the NATS subject is `events.` + type. */
  type: z.string().min(1),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime(),
  correlationId: z.string().min(1),
  /** The id of the event or request that caused this one. */
  causationId: z.string().nullable(),
  /** Null for what the system does on its own (timers, schedules). */
  actor: ActorSchema.nullable(),
  /** The org that owns the subject of the event. */
  orgId: z.string().min(1),
  subject: z.object({ type: z.string().min(1), id: z.string().min(1) }),
  data: z.unknown(),
});

export type EventEnvelope<D = unknown> = Omit<z.infer<typeof EventEnvelopeSchema>, 'data'> & { data: D };
