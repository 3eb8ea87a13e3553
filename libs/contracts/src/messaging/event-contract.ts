import type { z } from 'zod';
import { EVENTS_SUBJECT_PREFIX } from './event-envelope';

/**
 * A kind of event with its versioned data schema. Published as `events.<type>`; documented for
 * outside subscribers. A breaking change to `data` is a new version with a new type (`….v2`).
 */
export interface EventContract<T extends string = string, D extends z.ZodType = z.ZodType> {
  readonly type: T;
  readonly version: number;
  readonly subject: `${typeof EVENTS_SUBJECT_PREFIX}.${T}`;
  readonly data: D;
  readonly description: string;
}

export type EventData<C extends EventContract> = z.output<C['data']>;

export function defineEvent<T extends `${string}.${string}.${string}`, D extends z.ZodType>(
  type: T,
  version: number,
  data: D,
  description: string,
): EventContract<T, D> {
  return { type, version, subject: `${EVENTS_SUBJECT_PREFIX}.${type}`, data, description };
}
