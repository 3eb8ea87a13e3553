import { ErrorCode, WireErrorSchema, describeError } from '@orbita/contracts';
import { AppError } from './app-error';

describe('AppError', () => {
  it('takes its English catalog message by default', () => {
    const error = AppError.notFound('task');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('AppError');
    expect(error.code).toBe(ErrorCode.NotFound);
    expect(error.params).toEqual({ resource: 'task', resource_ru: 'задача' });
    expect(error.message).toBe('The task was not found');
    expect(describeError(error.code, 'ru', error.params)).toBe('Не найдено: задача');
  });

  it('has shorthands for validation and conflict failures with reasons in both languages', () => {
    const details = [{ path: 'title', message: 'is required', message_ru: 'обязательное поле' }];
    const invalid = AppError.validation(
      { en: 'title: is required', ru: 'title: обязательное поле' },
      details,
    );
    expect(invalid).toMatchObject({
      code: 'VALIDATION_FAILED',
      params: { reason: 'title: is required', reason_ru: 'title: обязательное поле' },
      details,
      message: 'The request is invalid: title: is required',
    });
    expect(describeError(invalid.code, 'ru', invalid.params)).toBe(
      'Некорректный запрос: title: обязательное поле',
    );
    const conflict = AppError.conflict({ en: 'email taken', ru: 'e-mail занят' });
    expect(conflict).toMatchObject({ code: 'CONFLICT', message: 'Conflict: email taken' });
    expect(describeError(conflict.code, 'ru', conflict.params)).toBe('Конфликт: e-mail занят');
  });

  it('names the limit of PAYLOAD_TOO_LARGE and what exceeded it, in both languages', () => {
    const file = AppError.payloadTooLarge('file', 1024 * 1024 * 1024);
    expect(file.message).toBe('The file is too large: the limit is 1073741824 bytes (1 GiB)');
    expect(describeError(file.code, 'ru', file.params)).toBe(
      'Файл больше допустимого: предел 1073741824 байта (1 ГиБ)',
    );
    const body = AppError.payloadTooLarge('body', 1_500_000);
    expect(body.message).toBe('The request body is too large: the limit is 1500000 bytes (1.4 MiB)');
    expect(describeError(body.code, 'ru', body.params)).toBe(
      'Тело запроса больше допустимого: предел 1500000 байт (1,4 МиБ)',
    );
    expect(body.params['limitBytes']).toBe(1_500_000);
  });

  it('produces a wire error the contract schema accepts', () => {
    const wire = AppError.validation({ en: 'bad', ru: 'плохо' }, [
      { path: 'a.b', message: 'is required', message_ru: 'обязательное поле' },
    ]).toWire();
    expect(WireErrorSchema.safeParse(wire).success).toBe(true);
    expect(wire).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'The request is invalid: bad',
      params: { reason: 'bad', reason_ru: 'плохо' },
      details: [{ path: 'a.b', message: 'is required', message_ru: 'обязательное поле' }],
    });
  });

  it('leaves details out of the wire error when there are none', () => {
    expect(AppError.notFound('file').toWire()).not.toHaveProperty('details');
  });

  it.each([
    AppError.notFound('task'),
    AppError.validation({ en: 'bad', ru: 'плохо' }, [{ path: 'x', message: 'y', message_ru: 'у' }]),
    AppError.payloadTooLarge('body', 1024),
    new AppError(ErrorCode.Forbidden, {}, undefined, 'custom message'),
  ])('survives a round trip through the wire as JSON: %p', (original) => {
    const restored = AppError.fromWire(JSON.parse(JSON.stringify(original.toWire())));
    expect(restored).toBeInstanceOf(AppError);
    expect(restored?.code).toBe(original.code);
    expect(restored?.message).toBe(original.message);
    expect(restored?.params).toEqual(original.params);
    expect(restored?.details).toEqual(original.details);
  });

  it('accepts a minimal wire error', () => {
    const restored = AppError.fromWire({ code: 'FORBIDDEN', message: 'no' });
    expect(restored).toMatchObject({ code: 'FORBIDDEN', message: 'no', params: {} });
  });

  it.each([
    ['null', null],
    ['a string', 'NOT_FOUND'],
    ['an Error', new Error('boom')],
    ['an unknown code', { code: 'TEAPOT', message: 'x' }],
    ['no message', { code: 'NOT_FOUND' }],
    ['params that are not an object', { code: 'NOT_FOUND', message: 'x', params: 'task' }],
    ['malformed details', { code: 'NOT_FOUND', message: 'x', details: [{ path: 1 }] }],
  ])('reads %s as not a wire error', (_label, value) => {
    expect(AppError.fromWire(value)).toBeNull();
  });
});
