import { HttpException, HttpStatus } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { LocalisedText } from '@orbita/contracts';
import { ErrorCode, localisedParam } from '@orbita/contracts';
import { AppError } from './app-error';

/** An error Fastify or Nest raised before (or instead of) our handler, as we answer it. */
export interface FrameworkFailure {
  status: number;
  error: AppError;
}

const GENERIC_REASON: LocalisedText = {
  en: 'the request cannot be processed',
  ru: 'запрос не может быть обработан',
};

/**
 * Reasons for Fastify's own errors by their code. Fastify's messages are English only, so they are
 * never passed on; a code missing here is answered with a generic reason for its status.
 */
const FASTIFY_REASONS: Record<string, LocalisedText> = {
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    en: 'the body is empty; send a JSON value',
    ru: 'тело запроса пустое; отправьте значение JSON',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    en: 'the body is not valid JSON',
    ru: 'тело запроса не является корректным JSON',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    en: 'the body is not as long as its Content-Length says',
    ru: 'длина тела запроса не совпадает с заголовком Content-Length',
  },
  FST_ERR_BAD_URL: { en: 'the URL is malformed', ru: 'адрес запроса (URL) некорректен' },
  FST_ERR_MAX_PARAM_LENGTH: {
    en: 'a part of the URL is too long',
    ru: 'часть адреса запроса (URL) слишком длинная',
  },
  FST_ERR_CTP_EMPTY_TYPE: {
    en: 'the Content-Type header is empty',
    ru: 'заголовок Content-Type пуст',
  },
  FST_ERR_CTP_INVALID_TYPE: {
    en: 'the Content-Type header is malformed',
    ru: 'заголовок Content-Type некорректен',
  },
};

/** The client went away (or its connection broke) while the body was arriving. */
const BODY_INTERRUPTED: LocalisedText = {
  en: 'the body ended before all of it arrived',
  ru: 'тело запроса оборвалось, не дойдя целиком',
};

function frameworkCode(exception: object): string | undefined {
  return 'code' in exception && typeof exception.code === 'string' ? exception.code : undefined;
}

function frameworkStatus(exception: unknown): number | null {
  if (exception instanceof HttpException) {
    // A 5xx of Nest's is no client error: it is answered as unexpected, with an errorId.
    const status = exception.getStatus();
    return status >= 400 && status < 500 ? status : null;
  }
  if (typeof exception === 'object' && exception !== null && 'statusCode' in exception) {
    const status = exception.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return status;
    }
  }
  return null;
}

/** The media type of a request, for messages: "text/plain", or "(none)". */
export function requestMediaType(request: FastifyRequest): string {
  const header = request.headers['content-type'];
  return (typeof header === 'string' ? header.split(';')[0]?.trim() : '') || '(none)';
}

/** The reason for a body whose Content-Type a route does not take, naming the types it does. */
export function unsupportedBodyType(mediaType: string, expected: readonly string[]): LocalisedText {
  return {
    en: `a body sent as "${mediaType}" is not accepted here; send it as ${expected.join(' or ')}`,
    ru: `тело с типом "${mediaType}" здесь не принимается; отправьте его как ${expected.join(' или ')}`,
  };
}

/**
 * Turns an error of the HTTP framework (Fastify parsing and routing, Nest's HttpException) into the
 * AppError we answer with, in both languages, keeping the framework's status; null when it is not
 * one (an unexpected error).
 */
export function fromFrameworkError(exception: unknown, request: FastifyRequest): FrameworkFailure | null {
  const status = frameworkStatus(exception);
  if (status === null || typeof exception !== 'object' || exception === null) {
    return null;
  }
  const code = frameworkCode(exception);
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) {
    // The route's own limit (the server's unless the route sets one).
    const limit = request.routeOptions.bodyLimit;
    return { status: HttpStatus.PAYLOAD_TOO_LARGE, error: AppError.payloadTooLarge('body', limit) };
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415) {
    return {
      status: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      error: AppError.unsupportedMediaType(
        unsupportedBodyType(requestMediaType(request), ['application/json']),
      ),
    };
  }
  const known = code ? FASTIFY_REASONS[code] : undefined;
  if (known) {
    return { status, error: AppError.validation(known) };
  }
  // The body stream failed: Fastify marks it 400 and passes on Node's "aborted" / ECONNRESET.
  if (code === 'ECONNRESET' || code === 'ECONNABORTED' || /^aborted$/i.test((exception as Error).message)) {
    return { status: HttpStatus.BAD_REQUEST, error: AppError.validation(BODY_INTERRUPTED) };
  }
  switch (status) {
    case 401:
      return { status, error: new AppError(ErrorCode.Unauthenticated) };
    case 403:
      return { status, error: new AppError(ErrorCode.Forbidden) };
    case 404:
      // Nest's answer to a route that does not exist.
      return { status, error: AppError.notFound('resource') };
    case 409:
      return { status, error: AppError.conflict(GENERIC_REASON) };
    default:
      // Any other 4xx (405, 406, 408, 414, 431…): the status tells what kind, the reason stays generic.
      return {
        status,
        error: new AppError(ErrorCode.ValidationFailed, localisedParam('reason', GENERIC_REASON)),
      };
  }
}
