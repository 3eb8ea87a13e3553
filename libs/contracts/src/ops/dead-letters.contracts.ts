import { z } from 'zod';
import { IdSchema } from '../common';
import { PageQuerySchema, pageSchema } from '../messaging/pagination';
import type { RequestContract } from '../messaging/request-contract';
import { defineRequest } from '../messaging/request-contract';
import type { ServiceName } from '../messaging/services';

/**
 * The services that consume events, each with a dead-letter store of its own: where an event a
 * handler could not handle after its tries is parked, with the error, for an admin to replay.
 */
export const EVENT_CONSUMING_SERVICES = ['identity', 'tasks', 'documents', 'notifications'] as const;
export type EventConsumingService = (typeof EVENT_CONSUMING_SERVICES)[number];
export const EventConsumingServiceSchema = z.enum(EVENT_CONSUMING_SERVICES);

export const DeadLetterStatusSchema = z.enum(['parked', 'replayed', 'discarded']);
export type DeadLetterStatus = z.infer<typeof DeadLetterStatusSchema>;

export const DeadLetterViewSchema = z.object({
  id: z.string(),
  service: z.string(),
  /** The durable consumer it came through (e.g. `notifications`, `notifications-mail`). */
  consumer: z.string(),
  stream: z.string(),
  subject: z.string(),
  streamSequence: z.number().int(),
  /** Null when the message was not even an event envelope. */
  eventId: z.string().nullable(),
  eventType: z.string().nullable(),
  orgId: z.string().nullable(),
  /** Why it was parked (the last error), and how often it was tried. */
  error: z.string(),
  attempts: z.number().int(),
  status: DeadLetterStatusSchema,
  firstFailedAt: z.string(),
  lastFailedAt: z.string(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  /** The message as it was received (for a sealed mail request, still sealed). */
  payload: z.string(),
});
export type DeadLetterView = z.infer<typeof DeadLetterViewSchema>;

export const ListDeadLettersInputSchema = PageQuerySchema.extend({
  status: DeadLetterStatusSchema.default('parked'),
});
export type ListDeadLettersInput = z.infer<typeof ListDeadLettersInputSchema>;
export const DeadLetterPageSchema = pageSchema(DeadLetterViewSchema);

export const DeadLetterActionInputSchema = z.object({ deadLetterId: IdSchema });

export interface DeadLetterRequests {
  get: RequestContract<string, typeof DeadLetterActionInputSchema, typeof DeadLetterViewSchema>;
  list: RequestContract<string, typeof ListDeadLettersInputSchema, typeof DeadLetterPageSchema>;
  replay: RequestContract<string, typeof DeadLetterActionInputSchema, typeof DeadLetterViewSchema>;
  discard: RequestContract<string, typeof DeadLetterActionInputSchema, typeof DeadLetterViewSchema>;
}

function requestsOf(service: ServiceName): DeadLetterRequests {
  return {
    get: defineRequest(`${service}.dead-letter.get`, DeadLetterActionInputSchema, DeadLetterViewSchema),
    list: defineRequest(`${service}.dead-letter.list`, ListDeadLettersInputSchema, DeadLetterPageSchema),
    /** Runs the handler again on the parked message; it stays parked, with the new error, if it fails again. */
    replay: defineRequest(`${service}.dead-letter.replay`, DeadLetterActionInputSchema, DeadLetterViewSchema),
    /** Gives a parked message up for good (it is kept, marked discarded, for the record). */
    discard: defineRequest(
      `${service}.dead-letter.discard`,
      DeadLetterActionInputSchema,
      DeadLetterViewSchema,
    ),
  };
}

export const DeadLetterRequestsByService: Record<EventConsumingService, DeadLetterRequests> = {
  identity: requestsOf('identity'),
  tasks: requestsOf('tasks'),
  documents: requestsOf('documents'),
  notifications: requestsOf('notifications'),
};

export function deadLetterRequestsOf(service: string): DeadLetterRequests | undefined {
  return (DeadLetterRequestsByService as Record<string, DeadLetterRequests | undefined>)[service];
}
