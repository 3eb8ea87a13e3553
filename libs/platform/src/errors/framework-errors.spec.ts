import { BadRequestException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { describeError, latinProseIn } from '@orbita/contracts';
import { fromFrameworkError } from './framework-errors';

/** What fromFrameworkError reads of a request: its headers and the route's body limit. */
function request(headers: Record<string, string> = {}, bodyLimit = 1_048_576): FastifyRequest {
  return { headers, routeOptions: { bodyLimit } } as unknown as FastifyRequest;
}

/** A Fastify error as Fastify builds them: an Error with a code and a status. */
function fastifyError(code: string, statusCode: number, message = 'English only'): Error {
  return Object.assign(new Error(message), { code, statusCode });
}

function answer(exception: unknown, req = request()) {
  const failure = fromFrameworkError(exception, req);
  if (!failure) {
    return null;
  }
  const { error } = failure;
  return {
    status: failure.status,
    code: error.code,
    en: describeError(error.code, 'en', error.params),
    ru: describeError(error.code, 'ru', error.params),
  };
}

describe('fromFrameworkError', () => {
  it('names the body limit of the route for a body that is too large', () => {
    expect(answer(fastifyError('FST_ERR_CTP_BODY_TOO_LARGE', 413), request({}, 2048))).toEqual({
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      en: 'The request body is too large: the limit is 2048 bytes (2 KiB)',
      ru: 'Тело запроса больше допустимого: предел 2048 байт (2 КиБ)',
    });
  });

  it('names the refused Content-Type and the one expected', () => {
    const refused = answer(
      fastifyError('FST_ERR_CTP_INVALID_MEDIA_TYPE', 415),
      request({ 'content-type': 'text/plain; charset=utf-8' }),
    );
    expect(refused).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(refused?.en).toBe(
      'This type of content is not accepted: a body sent as "text/plain" is not accepted here; send it as application/json',
    );
  });

  it.each([
    ['FST_ERR_CTP_INVALID_JSON_BODY', 400, /not valid JSON/],
    ['FST_ERR_CTP_EMPTY_JSON_BODY', 400, /the body is empty/],
    ['FST_ERR_CTP_INVALID_CONTENT_LENGTH', 400, /Content-Length/],
    ['FST_ERR_BAD_URL', 400, /URL is malformed/],
    ['FST_ERR_MAX_PARAM_LENGTH', 414, /too long/],
    ['ECONNRESET', 400, /ended before all of it arrived/],
  ])('answers %s with status %i in both languages, never with its English message', (code, status, en) => {
    const result = answer(fastifyError(code, status));
    expect(result).toMatchObject({ status, code: 'VALIDATION_FAILED', en: expect.stringMatching(en) });
    expect(result?.en).not.toContain('English only');
    expect(latinProseIn(result?.ru ?? 'x')).toEqual([]);
  });

  it('answers other 4xx statuses with a generic reason and keeps the status', () => {
    expect(answer(fastifyError('FST_SOMETHING_NEW', 405))).toEqual({
      status: 405,
      code: 'VALIDATION_FAILED',
      en: 'The request is invalid: the request cannot be processed',
      ru: 'Некорректный запрос: запрос не может быть обработан',
    });
  });

  it("maps Nest's exceptions by status, never passing their English message on", () => {
    expect(answer(new NotFoundException('Cannot GET /api/x'))).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
      ru: 'Не найдено: запрошенный ресурс',
    });
    expect(answer(new BadRequestException('Validation failed (numeric string is expected)'))?.en).toBe(
      'The request is invalid: the request cannot be processed',
    );
  });

  it('leaves server errors and anything else to the unexpected-error path', () => {
    expect(answer(new ServiceUnavailableException())).toBeNull();
    expect(answer(new Error('boom'))).toBeNull();
    expect(answer(Object.assign(new Error('x'), { statusCode: 500 }))).toBeNull();
    expect(answer('a string')).toBeNull();
  });
});
