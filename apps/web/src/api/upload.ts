import i18next from 'i18next';
import { currentLanguage } from '../i18n/i18n';
import { api, errorOf } from './api-client';
import { ApiError } from './api-error';

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadOptions {
  onProgress: (progress: UploadProgress) => void;
  signal: AbortSignal;
}

/** The error an upload cancelled by its signal ends with (not shown as a failure). */
export class UploadCancelled extends Error {
  constructor() {
    super('The upload was cancelled');
    this.name = 'UploadCancelled';
  }
}

interface Answer {
  status: number;
  body: string;
}

function send(path: string, file: Blob, accessToken: string, options: UploadOptions): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // fetch() reports no upload progress: XMLHttpRequest does, and aborts as cleanly.
    const request = new XMLHttpRequest();
    const abort = (): void => {
      request.abort();
    };
    request.open('POST', path);
    request.setRequestHeader('authorization', `Bearer ${accessToken}`);
    request.setRequestHeader('accept-language', currentLanguage());
    request.setRequestHeader('content-type', 'application/octet-stream');
    request.upload.onprogress = (event) => {
      options.onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
    };
    request.onload = () => {
      options.signal.removeEventListener('abort', abort);
      resolve({ status: request.status, body: request.responseText });
    };
    request.onerror = () => {
      options.signal.removeEventListener('abort', abort);
      reject(ApiError.network(i18next.t('common.networkError')));
    };
    request.onabort = () => {
      reject(new UploadCancelled());
    };
    if (options.signal.aborted) {
      reject(new UploadCancelled());
      return;
    }
    options.signal.addEventListener('abort', abort, { once: true });
    request.send(file);
  });
}

/**
 * Streams a file to an upload route of the gateway as raw bytes (the gateway detects its type and
 * refuses what it does not allow, with the reason in the user's language), reporting progress and
 * stopping when the signal aborts. A refused access token is refreshed once, as for any call.
 */
export async function uploadFile<T>(path: string, file: Blob, options: UploadOptions): Promise<T> {
  const session = await api.sessions.fresh();
  if (!session) {
    throw new ApiError(401, 'UNAUTHENTICATED', i18next.t('login.sessionEnded'));
  }
  let answer = await send(path, file, session.accessToken, options);
  if (answer.status === 401) {
    const renewed = await api.sessions.refresh(session.accessToken);
    if (renewed) {
      answer = await send(path, file, renewed.accessToken, options);
    }
  }
  if (answer.status < 200 || answer.status >= 300) {
    throw await errorOf(new Response(answer.body, { status: answer.status }));
  }
  return JSON.parse(answer.body) as T;
}
