import type { z } from 'zod';
import { EVENTS_STREAM, EVENTS_SUBJECT_PREFIX, MAIL_STREAM, MAIL_SUBJECT_PREFIX } from './event-envelope';
import type { ServiceName } from './services';

/**
 * EVENTS: facts, kept for 90 days, open to outside subscribers. MAIL: messages that carry secrets
 * (invitation and reset links) from a service to notifications; kept only a week, never granted to
 * outside subscribers.
 */
export type EventStream = typeof EVENTS_STREAM | typeof MAIL_STREAM;

/**
 * A kind of event with its versioned data schema. Published as `events.<type>`; documented for
 * outside subscribers. A breaking change to `data` is a new version with a new type (`….v2`).
 */
export interface EventContract<T extends string = string, D extends z.ZodType = z.ZodType> {
  readonly type: T;
  readonly version: number;
  readonly stream: EventStream;
  /** `events.<type>` or `mail.<type>`. */
  readonly subject: string;
  readonly data: D;
  readonly description: string;
  /** The services that may publish it (NATS permissions are generated from it). */
  readonly publishers: readonly ServiceName[];
}

export type EventData<C extends EventContract> = z.output<C['data']>;

export function defineEvent<T extends `${string}.${string}.${string}`, D extends z.ZodType>(
  type: T,
  version: number,
  data: D,
  description: string,
  options: { stream?: EventStream; publishers?: readonly ServiceName[] } = {},
): EventContract<T, D> {
  const stream = options.stream ?? EVENTS_STREAM;
  const prefix = stream === MAIL_STREAM ? MAIL_SUBJECT_PREFIX : EVENTS_SUBJECT_PREFIX;
  // By convention an event's type starts with the service that publishes it.
  const publishers = options.publishers ?? [type.slice(0, type.indexOf('.')) as ServiceName];
  return { type, version, stream, subject: `${prefix}.${type}`, data, description, publishers };
}
