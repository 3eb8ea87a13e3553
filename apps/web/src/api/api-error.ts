/** An error the API answered ({code, message} in the caller's language), or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
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
