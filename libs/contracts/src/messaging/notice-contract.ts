import type { z } from 'zod';
import type { ServiceName } from './services';

/**
 * A notice: a fire-and-forget message on core NATS to every instance of every service, for things
 * that need no persistence because each receiver can also find them out by itself later (e.g. "the
 * signing keys changed: refresh now rather than at the next periodic refresh"). Facts go in events.
 */
export interface NoticeContract<T extends string = string, D extends z.ZodType = z.ZodType> {
  readonly type: T;
  /** `notice.<type>`. */
  readonly subject: string;
  readonly data: D;
  readonly publishers: readonly ServiceName[];
}

export const NOTICE_SUBJECT_PREFIX = 'notice';

export function defineNotice<T extends `${string}.${string}.${string}`, D extends z.ZodType>(
  type: T,
  data: D,
): NoticeContract<T, D> {
  return {
    type,
    subject: `${NOTICE_SUBJECT_PREFIX}.${type}`,
    data,
    publishers: [type.slice(0, type.indexOf('.')) as ServiceName],
  };
}
