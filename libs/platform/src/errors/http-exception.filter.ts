import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { ErrorCode } from '@orbita/contracts';
import { ErrorCode as Codes, describeError, errorCatalog, resourceNamesRu } from '@orbita/contracts';
import { localeFromAcceptLanguage } from '../context/request-context';
import { AppError } from './app-error';

export interface HttpErrorBody {
  code: ErrorCode;
  message: string;
  details?: { path: string; message: string }[];
  errorId?: string;
}

const statusToCode: Partial<Record<number, ErrorCode>> = {
  [HttpStatus.BAD_REQUEST]: Codes.ValidationFailed,
  [HttpStatus.UNAUTHORIZED]: Codes.Unauthenticated,
  [HttpStatus.FORBIDDEN]: Codes.Forbidden,
  [HttpStatus.NOT_FOUND]: Codes.NotFound,
  [HttpStatus.CONFLICT]: Codes.Conflict,
  [HttpStatus.PAYLOAD_TOO_LARGE]: Codes.PayloadTooLarge,
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: Codes.UnsupportedMediaType,
  [HttpStatus.TOO_MANY_REQUESTS]: Codes.TooManyRequests,
  [HttpStatus.SERVICE_UNAVAILABLE]: Codes.ServiceUnavailable,
  [HttpStatus.GATEWAY_TIMEOUT]: Codes.UpstreamTimeout,
};

/** Fastify's own errors (body too large, bad JSON, wrong content type) carry a statusCode. */
function frameworkStatus(exception: unknown): number | null {
  if (typeof exception === 'object' && exception !== null && 'statusCode' in exception) {
    const status = exception.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return status;
    }
  }
  return null;
}

/**
 * Answers every HTTP error as `{code, message}` with the right status, the message in the caller's
 * language. Never a stack trace: an unexpected error is logged whole and answered with an errorId.
 */
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') {
      throw exception;
    }
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const locale = localeFromAcceptLanguage(request.headers['accept-language']);
    const { status, body } = this.toBody(exception, locale);
    if (reply.sent) {
      return;
    }
    const retryAfter = exception instanceof AppError ? exception.params['retryAfter'] : undefined;
    if (typeof retryAfter === 'number') {
      void reply.header('retry-after', String(retryAfter));
    }
    void reply.status(status).send(body);
  }

  private toBody(exception: unknown, locale: 'en' | 'ru'): { status: number; body: HttpErrorBody } {
    if (exception instanceof AppError) {
      const body: HttpErrorBody = {
        code: exception.code,
        message: describeError(exception.code, locale, exception.params),
      };
      if (exception.details) {
        body.details = exception.details;
      }
      if (exception.code === Codes.Internal && typeof exception.params['errorId'] === 'string') {
        body.errorId = exception.params['errorId'];
      }
      return { status: errorCatalog[exception.code].status, body };
    }
    const status = exception instanceof HttpException ? exception.getStatus() : frameworkStatus(exception);
    const code = status === null ? undefined : statusToCode[status];
    if (status !== null && code) {
      const reason = exception instanceof Error ? exception.message : '';
      const params = {
        reason,
        resource: 'resource',
        resource_ru: resourceNamesRu['resource'],
        service: 'upstream',
        limit: '',
        retryAfter: '',
      };
      return { status, body: { code, message: describeError(code, locale, params) } };
    }
    const errorId = randomUUID();
    this.logger.error({ err: exception, errorId, msg: 'Unhandled error in an HTTP handler' });
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      body: { code: Codes.Internal, message: describeError(Codes.Internal, locale, { errorId }), errorId },
    };
  }
}
