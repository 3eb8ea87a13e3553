import type { ErrorCode, LocalisedText, WireError } from '@orbita/contracts';
import {
  ErrorCode as Codes,
  WireErrorSchema,
  describeError,
  localisedParam,
  payloadTooLargeParams,
  resourceNamesRu,
} from '@orbita/contracts';

export interface ErrorDetail {
  path: string;
  /** In English; `message_ru` is the Russian text the gateway answers Russian callers with. */
  message: string;
  message_ru?: string;
}

/**
 * An expected failure with a stable code. It crosses NATS as a `WireError` and is turned back into
 * an AppError on the calling side, where `instanceof` of the original would have been lost. Reasons
 * are `LocalisedText`, so the gateway can answer in the caller's language (docs/adr/009).
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, unknown> = {},
    readonly details?: ErrorDetail[],
    message?: string,
  ) {
    super(message ?? describeError(code, 'en', params));
    this.name = 'AppError';
  }

  static notFound(resource: string): AppError {
    return new AppError(Codes.NotFound, { resource, resource_ru: resourceNamesRu[resource] ?? resource });
  }

  static validation(reason: LocalisedText, details?: ErrorDetail[]): AppError {
    return new AppError(Codes.ValidationFailed, localisedParam('reason', reason), details);
  }

  static conflict(reason: LocalisedText): AppError {
    return new AppError(Codes.Conflict, localisedParam('reason', reason));
  }

  static unsupportedMediaType(reason: LocalisedText): AppError {
    return new AppError(Codes.UnsupportedMediaType, localisedParam('reason', reason));
  }

  /** A file (upload) or a request body (JSON) over the limit, which the message names in bytes. */
  static payloadTooLarge(what: 'file' | 'body', limitBytes: number): AppError {
    return new AppError(Codes.PayloadTooLarge, payloadTooLargeParams(what, limitBytes));
  }

  toWire(): WireError {
    return {
      code: this.code,
      message: this.message,
      params: this.params,
      ...(this.details ? { details: this.details } : {}),
    };
  }

  static fromWire(value: unknown): AppError | null {
    const parsed = WireErrorSchema.safeParse(value);
    if (!parsed.success) {
      return null;
    }
    const wire = parsed.data;
    return new AppError(wire.code as ErrorCode, wire.params ?? {}, wire.details, wire.message);
  }
}
