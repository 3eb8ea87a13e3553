import type { z } from 'zod';
import type { ServiceName } from './services';

/**
 * A NATS request/reply subject with its payload schemas. Call sites pass the contract object, never
 * the subject string, so the payload and answer types follow from it (`bus.request(contract, input)`).
 * Subjects are public API: add fields, never rename; a breaking change is a new subject (`….v2`).
 */
export interface RequestContract<
  S extends string = string,
  I extends z.ZodType = z.ZodType,
  O extends z.ZodType = z.ZodType,
> {
  readonly subject: S;
  readonly request: I;
  readonly response: O;
  /** Who answers: the service name, used in error messages when it is down. */
  readonly service: string;
  /**
   * The services that may send this request. NATS permissions are generated from it, so nobody
   * else (another service, an outside system) can publish to the subject at all.
   */
  readonly callers: readonly ServiceName[];
}

export interface RequestOptions {
  /** Who may send it; the gateway (for the users it verified) unless said otherwise. */
  callers?: readonly ServiceName[];
}

export type RequestInput<C extends RequestContract> = z.input<C['request']>;
export type RequestPayload<C extends RequestContract> = z.output<C['request']>;
export type ResponseOf<C extends RequestContract> = z.output<C['response']>;

export function defineRequest<
  S extends `${string}.${string}.${string}`,
  I extends z.ZodType,
  O extends z.ZodType,
>(subject: S, request: I, response: O, options: RequestOptions = {}): RequestContract<S, I, O> {
  const service = subject.slice(0, subject.indexOf('.'));
  return { subject, request, response, service, callers: options.callers ?? ['gateway'] };
}
