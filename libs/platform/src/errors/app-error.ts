import type { ErrorCode, WireError } from '@orbita/contracts';
import { ErrorCode as Codes, WireErrorSchema, describeError, resourceNamesRu } from '@orbita/contracts';

export interface ErrorDetail {
  path: string;
  message: string;
}

/**
 * An expected failure with a stable code. It crosses NATS as a `WireError` and is turned back into
 * an AppError on the calling side, where `instanceof` of the original would have been lost.
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

  static validation(reason: string, details?: ErrorDetail[]): AppError {
    return new AppError(Codes.ValidationFailed, { reason }, details);
  }

  static conflict(reason: string): AppError {
    return new AppError(Codes.Conflict, { reason });
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
