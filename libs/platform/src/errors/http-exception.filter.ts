import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { ErrorCode, Locale } from '@orbita/contracts';
import { ErrorCode as Codes, describeError, errorCatalog } from '@orbita/contracts';
import { localeFromAcceptLanguage } from '../context/request-context';
import { AppError } from './app-error';
import { fromFrameworkError } from './framework-errors';

export interface HttpErrorBody {
  code: ErrorCode;
  message: string;
  details?: { path: string; message: string }[];
  errorId?: string;
}

/** An AppError as the caller reads it: message and details in their language. */
export function errorBody(error: AppError, locale: Locale): HttpErrorBody {
  const body: HttpErrorBody = { code: error.code, message: describeError(error.code, locale, error.params) };
  if (error.details) {
    body.details = error.details.map((d) => ({
      path: d.path,
      message: (locale === 'ru' ? d.message_ru : undefined) ?? d.message,
    }));
  }
  if (error.code === Codes.Internal && typeof error.params['errorId'] === 'string') {
    body.errorId = error.params['errorId'];
  }
  return body;
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
    const { status, body } = this.toBody(exception, request, locale);
    if (reply.sent) {
      return;
    }
    const retryAfter = exception instanceof AppError ? exception.params['retryAfter'] : undefined;
    if (typeof retryAfter === 'number') {
      void reply.header('retry-after', String(retryAfter));
    }
    void reply.status(status).send(body);
  }

  private toBody(
    exception: unknown,
    request: FastifyRequest,
    locale: Locale,
  ): { status: number; body: HttpErrorBody } {
    if (exception instanceof AppError) {
      return { status: errorCatalog[exception.code].status, body: errorBody(exception, locale) };
    }
    const framework = fromFrameworkError(exception, request);
    if (framework) {
      return { status: framework.status, body: errorBody(framework.error, locale) };
    }
    const errorId = randomUUID();
    this.logger.error({ err: exception, errorId, msg: 'Unhandled error in an HTTP handler' });
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      body: errorBody(new AppError(Codes.Internal, { errorId }), locale),
    };
  }
}
