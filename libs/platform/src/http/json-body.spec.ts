import { ErrorCode, describeError, latinProseIn } from '@orbita/contracts';
import { AppError } from '../errors/app-error';
import { contentTypeCharset, parseJsonBody } from './json-body';

/** The AppError parseJsonBody throws for a body, with its messages in both languages. */
function refusal(body: Buffer | string): { error: AppError; en: string; ru: string } {
  try {
    parseJsonBody(Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'));
  } catch (err) {
    if (!(err instanceof AppError)) {
      throw err;
    }
    return {
      error: err,
      en: describeError(err.code, 'en', err.params),
      ru: describeError(err.code, 'ru', err.params),
    };
  }
  throw new Error('expected the body to be refused');
}

describe('parseJsonBody', () => {
  it('parses a JSON value', () => {
    expect(parseJsonBody(Buffer.from('{"title":"Отчёт 😀","n":[1,2]}'))).toEqual({
      title: 'Отчёт 😀',
      n: [1, 2],
    });
    expect(parseJsonBody(Buffer.from('\uFEFF{"a":1}'))).toEqual({ a: 1 });
  });

  it.each([
    ['a lone continuation byte', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0x80, 0x22, 0x7d])],
    ['Latin-1 text', Buffer.from('{"city":"M\xfcnchen"}', 'latin1')],
    ['an overlong encoding', Buffer.from([0x22, 0xc0, 0xaf, 0x22])],
    ['a UTF-16 surrogate encoded in UTF-8', Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22])],
    ['bytes 0xFF 0xFE', Buffer.from([0x22, 0x61, 0xff, 0xfe, 0x62, 0x22])],
  ])('refuses invalid UTF-8 (%s) instead of storing U+FFFD', (_label, body) => {
    const { error, en, ru } = refusal(body);
    expect(error.code).toBe(ErrorCode.ValidationFailed);
    expect(en).toBe('The request is invalid: the body is not valid UTF-8');
    expect(ru).toBe('Некорректный запрос: тело запроса не в кодировке UTF-8');
  });

  it.each(['', '   ', '\n'])('refuses an empty body %p', (body) => {
    expect(refusal(body).en).toBe('The request is invalid: the body is empty; send a JSON value');
  });

  it.each(['{"title":"ab', '{"a":1', '[1,2', '{"a":', '"abc'])('says %p was cut off', (body) => {
    const { en, ru } = refusal(body);
    expect(en).toMatch(/it ends before the JSON value is complete/);
    expect(ru).toMatch(/обрезано/);
  });

  it('says where a syntax error is', () => {
    expect(refusal('{oops}').en).toBe(
      'The request is invalid: the body is not valid JSON: the error is at line 1, column 2',
    );
    expect(refusal('{\n  "a": 1,\n  x\n}').ru).toBe(
      'Некорректный запрос: тело запроса не является корректным JSON: ошибка в строке 3, позиция 3',
    );
    expect(refusal('{"a":tru}').en).toBe('The request is invalid: the body is not valid JSON');
  });

  it.each([
    ['{"__proto__":{"admin":true}}', 'the key "__proto__" is not allowed'],
    ['{"a":{"b":[{"__proto__":{}}]}}', 'the key "__proto__" is not allowed (in the field "a.b.0")'],
    ['{"\\u005f_proto__":{"x":1}}', 'the key "__proto__" is not allowed'],
    ['{"constructor":{"prototype":{"admin":true}}}', 'the key "constructor.prototype" is not allowed'],
  ])('refuses the prototype key in %s, naming it', (body, reason) => {
    const { en, ru } = refusal(body);
    expect(en).toBe(`The request is invalid: ${reason}`);
    expect(latinProseIn(ru)).toEqual([]);
    expect(({} as Record<string, unknown>)['admin']).toBeUndefined();
  });

  it('takes a plain "constructor" field and "prototype" elsewhere', () => {
    expect(
      parseJsonBody(Buffer.from('{"constructor":"Ivan","prototype":1,"x":{"constructor":{"name":"y"}}}')),
    ).toEqual({
      constructor: 'Ivan',
      prototype: 1,
      x: { constructor: { name: 'y' } },
    });
  });

  it('walks a deeply nested body without overflowing the stack', () => {
    const depth = 200_000;
    const body = `${'['.repeat(depth)}{"__proto__":1}${']'.repeat(depth)}`;
    expect(refusal(body).en).toMatch(/the key "__proto__" is not allowed/);
  });
});

describe('contentTypeCharset', () => {
  it.each([
    ['application/json', null],
    ['application/json; charset=utf-8', 'utf-8'],
    ['application/json;charset="UTF-8"', 'utf-8'],
    ['application/json; charset=ISO-8859-1', 'iso-8859-1'],
    [undefined, null],
  ])('reads %p as %p', (header, charset) => {
    expect(contentTypeCharset(header)).toBe(charset);
  });
});
