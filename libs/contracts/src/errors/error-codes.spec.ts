import {
  ErrorCode,
  describeBytes,
  describeError,
  errorCatalog,
  errorCodes,
  isErrorCode,
  payloadTooLargeParams,
} from './error-codes';
import { latinProseIn } from './localised-text';
import type { Locale } from './error-codes';

const locales: Locale[] = ['en', 'ru'];

/** Placeholder names of a catalog template, e.g. `reason` for "Conflict: {reason}". */
function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
}

describe('error codes', () => {
  it('lists every code of the ErrorCode map exactly once', () => {
    expect([...errorCodes].sort()).toEqual(Object.values(ErrorCode).sort());
    expect(new Set(errorCodes).size).toBe(errorCodes.length);
  });

  it('recognises only known codes', () => {
    expect(isErrorCode('NOT_FOUND')).toBe(true);
    expect(isErrorCode('not_found')).toBe(false);
    expect(isErrorCode('')).toBe(false);
    expect(isErrorCode(404)).toBe(false);
    expect(isErrorCode(undefined)).toBe(false);
  });

  describe.each(errorCodes)('%s', (code) => {
    const entry = errorCatalog[code];

    it('has a Russian message without English prose', () => {
      expect(latinProseIn(entry.ru.replace(/\{\w+\}/g, ''))).toEqual([]);
    });

    it('has a non-empty message in English and in Russian', () => {
      expect(entry.en.trim()).not.toBe('');
      expect(entry.ru.trim()).not.toBe('');
      // The Russian message is a translation, not a copy of the English one.
      expect(entry.ru).toMatch(/[А-Яа-яЁё]/);
      expect(entry.en).not.toMatch(/[А-Яа-яЁё]/);
    });

    it('maps to an HTTP error status', () => {
      expect(Number.isInteger(entry.status)).toBe(true);
      expect(entry.status).toBeGreaterThanOrEqual(400);
      expect(entry.status).toBeLessThan(600);
    });

    it('uses the same placeholders in both languages', () => {
      expect(placeholders(entry.ru).sort()).toEqual(placeholders(entry.en).sort());
    });

    it.each(locales)('fills every placeholder in %s', (locale) => {
      const params = Object.fromEntries(placeholders(entry[locale]).map((name) => [name, `<${name}>`]));
      const message = describeError(code, locale, params);
      expect(message).not.toMatch(/\{\w*\}/);
      for (const name of Object.keys(params)) {
        expect(message).toContain(`<${name}>`);
      }
    });

    it.each(locales)('leaves no raw placeholder in %s when params are missing', (locale) => {
      expect(describeError(code, locale)).not.toMatch(/\{\w*\}/);
      expect(describeError(code, locale, {})).not.toMatch(/\{\w*\}/);
    });
  });

  it('maps the codes the gateway relies on to their conventional statuses', () => {
    expect(errorCatalog.VALIDATION_FAILED.status).toBe(400);
    expect(errorCatalog.UNAUTHENTICATED.status).toBe(401);
    expect(errorCatalog.FORBIDDEN.status).toBe(403);
    expect(errorCatalog.NOT_FOUND.status).toBe(404);
    expect(errorCatalog.CONFLICT.status).toBe(409);
    expect(errorCatalog.PAYLOAD_TOO_LARGE.status).toBe(413);
    expect(errorCatalog.UNSUPPORTED_MEDIA_TYPE.status).toBe(415);
    expect(errorCatalog.TOO_MANY_REQUESTS.status).toBe(429);
    expect(errorCatalog.INTERNAL.status).toBe(500);
  });
});

describe('describeError', () => {
  it('fills a string parameter in the requested language', () => {
    expect(describeError('NOT_FOUND', 'en', { resource: 'task' })).toBe('The task was not found');
    expect(describeError('NOT_FOUND', 'ru', { resource: 'task' })).toBe('Не найдено: задача');
    expect(describeError('NOT_FOUND', 'ru', { resource: 'gizmo' })).toBe('Не найдено: gizmo');
    expect(describeError('NOT_FOUND', 'ru', { resource: 'task', resource_ru: 'задача' })).toBe(
      'Не найдено: задача',
    );
  });

  it('writes non-string parameters as JSON', () => {
    expect(describeError('TOO_MANY_REQUESTS', 'en', { retryAfter: 30 })).toBe(
      'Too many requests, try again in 30 seconds',
    );
    expect(describeError('CONFLICT', 'en', { reason: { field: 'email' } })).toBe(
      'Conflict: {"field":"email"}',
    );
  });

  it('drops missing, undefined and null parameters instead of printing them', () => {
    expect(describeError('CONFLICT', 'en')).toBe('Conflict: ');
    expect(describeError('CONFLICT', 'en', { reason: undefined })).toBe('Conflict: ');
    expect(describeError('CONFLICT', 'ru', { reason: null })).toBe('Конфликт: ');
    expect(describeError('CONFLICT', 'en', { reason: null })).not.toContain('null');
  });

  it('keeps falsy but present values', () => {
    expect(describeError('TOO_MANY_REQUESTS', 'en', { retryAfter: 0 })).toBe(
      'Too many requests, try again in 0 seconds',
    );
    expect(describeError('CONFLICT', 'en', { reason: false })).toBe('Conflict: false');
  });

  it('does not expand placeholders that appear inside parameter values', () => {
    expect(describeError('CONFLICT', 'en', { reason: 'see {resource}', resource: 'x' })).toBe(
      'Conflict: see {resource}',
    );
  });

  it('names services in Russian', () => {
    expect(describeError('SERVICE_UNAVAILABLE', 'ru', { service: 'documents' })).toBe(
      'Сервис «документы» недоступен, повторите позже',
    );
    expect(describeError('UPSTREAM_TIMEOUT', 'en', { service: 'documents' })).toBe(
      'The documents service did not answer in time',
    );
  });

  it('ignores parameters the template does not use', () => {
    expect(describeError('FORBIDDEN', 'en', { reason: 'whatever' })).toBe(errorCatalog.FORBIDDEN.en);
  });
});

describe('PAYLOAD_TOO_LARGE', () => {
  it.each([
    [0, '0 bytes', '0 байт'],
    [1, '1 byte', '1 байт'],
    [3, '3 bytes', '3 байта'],
    [12, '12 bytes', '12 байт'],
    [1000, '1000 bytes', '1000 байт'],
    [1024, '1024 bytes (1 KiB)', '1024 байта (1 КиБ)'],
    [1_048_576, '1048576 bytes (1 MiB)', '1048576 байт (1 МиБ)'],
    [1_500_000, '1500000 bytes (1.4 MiB)', '1500000 байт (1,4 МиБ)'],
  ])('writes %i bytes as "%s" / "%s"', (bytes, en, ru) => {
    expect(describeBytes(bytes)).toEqual({ en, ru });
  });

  it('says "file" for an upload and "request body" for a JSON body, with the limit', () => {
    expect(describeError('PAYLOAD_TOO_LARGE', 'en', payloadTooLargeParams('file', 1_048_576))).toBe(
      'The file is too large: the limit is 1048576 bytes (1 MiB)',
    );
    expect(describeError('PAYLOAD_TOO_LARGE', 'ru', payloadTooLargeParams('file', 1_048_576))).toBe(
      'Файл больше допустимого: предел 1048576 байт (1 МиБ)',
    );
    expect(describeError('PAYLOAD_TOO_LARGE', 'en', payloadTooLargeParams('body', 1_048_576))).toBe(
      'The request body is too large: the limit is 1048576 bytes (1 MiB)',
    );
    expect(describeError('PAYLOAD_TOO_LARGE', 'ru', payloadTooLargeParams('body', 1_048_576))).toBe(
      'Тело запроса больше допустимого: предел 1048576 байт (1 МиБ)',
    );
  });
});
