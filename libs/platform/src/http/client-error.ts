import type { Socket } from 'node:net';
import type { LocalisedText } from '@orbita/contracts';
import { localeFromAcceptLanguage } from '../context/request-context';
import { AppError } from '../errors/app-error';
import { errorBody } from '../errors/http-exception.filter';

/** An error of Node's HTTP parser ('clientError'): a code, and the bytes that failed to parse. */
type ClientError = Error & { code?: string; rawPacket?: unknown };

/**
 * What Node's HTTP parser reports when a request cannot be read as HTTP at all (malformed, cut
 * off, too slow, headers too large). No route and no Nest filter ever sees these, so they are
 * answered here, in the same `{code, message}` shape and the caller's language as every other error.
 */
function describe(err: ClientError): { status: number; reason: LocalisedText } {
  switch (err.code ?? '') {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        reason: { en: 'the request did not arrive in time', ru: 'запрос не пришёл вовремя' },
      };
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        reason: { en: 'the request headers are too large', ru: 'заголовки запроса слишком велики' },
      };
    case 'HPE_INVALID_EOF_STATE':
      // The connection ended while the body was still owed (Content-Length larger than what came).
      return {
        status: 400,
        reason: {
          en: 'the body ended before all of it arrived (shorter than its Content-Length)',
          ru: 'тело запроса оборвалось, не дойдя целиком (короче, чем указано в Content-Length)',
        },
      };
    default:
      return {
        status: 400,
        reason: { en: 'the request is not valid HTTP', ru: 'запрос не является корректным запросом HTTP' },
      };
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

/**
 * The Accept-Language of the failed request: from the request Node had already parsed on this
 * socket (a body cut off after the headers), else from the raw bytes that failed to parse.
 */
function acceptLanguage(err: ClientError, socket: Socket): string | undefined {
  // Node keeps the response of the request in progress on the socket (not public API, hence guarded).
  const current = (socket as Socket & { _httpMessage?: { req?: { headers?: Record<string, unknown> } } })
    ._httpMessage?.req?.headers?.['accept-language'];
  if (typeof current === 'string') {
    return current;
  }
  const raw = Buffer.isBuffer(err.rawPacket) ? err.rawPacket.toString('latin1') : '';
  return /\r\naccept-language:[ \t]*([^\r\n]*)/i.exec(raw)?.[1];
}

/** Fastify's clientErrorHandler: answers in our error shape and closes the connection. */
export function answerClientError(err: ClientError, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) {
    return;
  }
  const { status, reason } = describe(err);
  const body = JSON.stringify(
    errorBody(AppError.validation(reason), localeFromAcceptLanguage(acceptLanguage(err, socket))),
  );
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Bad Request'}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Cache-Control: no-store\r\n' +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy(err);
}
