export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** A small fetch wrapper for tests that drive the gateway over real HTTP. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string | null = null,
    private readonly defaultHeaders: Record<string, string> = {},
  ) {}

  as(token: string): ApiClient {
    return new ApiClient(this.baseUrl, token, this.defaultHeaders);
  }

  withHeaders(headers: Record<string, string>): ApiClient {
    return new ApiClient(this.baseUrl, this.token, { ...this.defaultHeaders, ...headers });
  }

  get<T = unknown>(path: string): Promise<ApiResponse<T>> {
    return this.send<T>('GET', path);
  }

  post<T = unknown>(path: string, body?: unknown): Promise<ApiResponse<T>> {
    return this.send<T>('POST', path, body);
  }

  /** A GET whose body is bytes (a download), with the headers given (Range, If-None-Match…). */
  async bytes(path: string, headers: Record<string, string> = {}): Promise<ApiResponse<Buffer>> {
    const allHeaders: Record<string, string> = { ...this.defaultHeaders, ...headers };
    if (this.token) {
      allHeaders['authorization'] = `Bearer ${this.token}`;
    }
    const response = await fetch(`${this.baseUrl}${path}`, {
      headers: allHeaders,
      signal: AbortSignal.timeout(60_000),
    });
    return {
      status: response.status,
      headers: response.headers,
      body: Buffer.from(await response.arrayBuffer()),
    };
  }

  async send<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const allHeaders: Record<string, string> = { ...this.defaultHeaders, ...headers };
    if (this.token) {
      allHeaders['authorization'] = `Bearer ${this.token}`;
    }
    let payload: string | Uint8Array | undefined;
    if (body instanceof Uint8Array) {
      payload = body;
    } else if (body !== undefined) {
      allHeaders['content-type'] ??= 'application/json';
      payload = JSON.stringify(body);
    }
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: allHeaders,
      body: payload ?? null,
      signal: AbortSignal.timeout(30_000),
    });
    const type = response.headers.get('content-type') ?? '';
    const parsed = type.includes('application/json')
      ? ((await response.json()) as T)
      : ((await response.text()) as T);
    return { status: response.status, headers: response.headers, body: parsed };
  }
}

export async function login(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await new ApiClient(baseUrl).post<{ accessToken?: string }>('/api/auth/login', {
    email,
    password,
  });
  if (response.status !== 200 || !response.body.accessToken) {
    throw new Error(`Login of ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body.accessToken;
}
