import i18next from 'i18next';
import type { TokenPair } from '@orbita/contracts';
import { currentLanguage } from '../i18n/i18n';
import { ApiError } from './api-error';
import { SessionStore } from './session-store';

interface RequestOptions {
  /** Send the session's bearer token (and refresh once on 401). Public routes say false. */
  auth?: boolean;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function errorOf(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as {
    code?: unknown;
    message?: unknown;
    details?: unknown;
  } | null;
  const code = typeof body?.code === 'string' ? body.code : `HTTP_${response.status}`;
  const message = typeof body?.message === 'string' ? body.message : response.statusText;
  const details = Array.isArray(body?.details)
    ? (body.details as unknown[]).flatMap((d) => {
        const detail = d as { path?: unknown; message?: unknown } | null;
        return typeof detail?.path === 'string' && typeof detail.message === 'string'
          ? [{ path: detail.path, message: detail.message }]
          : [];
      })
    : [];
  return new ApiError(response.status, code, message, details);
}

/**
 * Calls the gateway on the app's own origin. Every call says the user's language
 * (Accept-Language), so the API's error messages come back in it (ADR 009).
 */
export class ApiClient {
  readonly sessions = new SessionStore((refreshToken) => this.refreshPair(refreshToken));

  async get<T>(path: string, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return (await this.send('GET', path, options)).json() as Promise<T>;
  }

  async post<T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return (await this.send('POST', path, { ...options, body })).json() as Promise<T>;
  }

  /** The raw answer of an authenticated GET (a stream), refreshed once on 401 like any call. */
  stream(path: string, headers: Record<string, string>, signal: AbortSignal): Promise<Response> {
    return this.send('GET', path, { headers: { accept: 'text/event-stream', ...headers }, signal });
  }

  async send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const auth = options.auth ?? true;
    if (!auth) {
      return this.checked(await this.fetch(method, path, options, null));
    }
    const session = await this.sessions.fresh();
    if (!session) {
      throw new ApiError(401, 'UNAUTHENTICATED', i18next.t('login.sessionEnded'));
    }
    let response = await this.fetch(method, path, options, session.accessToken);
    if (response.status === 401) {
      const renewed = await this.sessions.refresh(session.accessToken);
      if (!renewed) {
        throw await errorOf(response);
      }
      response = await this.fetch(method, path, options, renewed.accessToken);
    }
    return this.checked(response);
  }

  private async checked(response: Response): Promise<Response> {
    if (!response.ok) {
      throw await errorOf(response);
    }
    return response;
  }

  private async fetch(
    method: string,
    path: string,
    options: RequestOptions,
    accessToken: string | null,
  ): Promise<Response> {
    const headers: Record<string, string> = { 'accept-language': currentLanguage(), ...options.headers };
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
    }
    if (accessToken) {
      headers['authorization'] = `Bearer ${accessToken}`;
    }
    try {
      return await fetch(path, {
        method,
        headers,
        body: options.body === undefined ? null : JSON.stringify(options.body),
        signal: options.signal ?? null,
        credentials: 'same-origin',
      });
    } catch (err) {
      if (options.signal?.aborted) {
        throw err;
      }
      throw ApiError.network(i18next.t('common.networkError'));
    }
  }

  private async refreshPair(refreshToken: string): Promise<TokenPair | 'refused'> {
    const response = await this.fetch('POST', '/api/auth/refresh', { body: { refreshToken } }, null);
    if (response.status === 401 || response.status === 400) {
      return 'refused';
    }
    return (await this.checked(response)).json() as Promise<TokenPair>;
  }
}

export const api = new ApiClient();
