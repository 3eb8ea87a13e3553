/** One field the API refused, by its path (`address`, `schedule.days`), with the reason in the caller's language. */
export interface ApiErrorDetail {
  path: string;
  message: string;
}

/** An error the API answered ({code, message, details?} in the caller's language), or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly ApiErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** No answer at all (offline, server down): status 0. */
  static network(message: string): ApiError {
    return new ApiError(0, 'NETWORK', message);
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}
