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

  it('has shorthands for validation and conflict failures', () => {
    const details = [{ path: 'title', message: 'Required' }];
    expect(AppError.validation('title: Required', details)).toMatchObject({
      code: 'VALIDATION_FAILED',
      params: { reason: 'title: Required' },
      details,
      message: 'The request is invalid: title: Required',
    });
    expect(AppError.conflict('email taken')).toMatchObject({
      code: 'CONFLICT',
      params: { reason: 'email taken' },
      message: 'Conflict: email taken',
    });
  });

  it('produces a wire error the contract schema accepts', () => {
    const wire = AppError.validation('bad', [{ path: 'a.b', message: 'Required' }]).toWire();
    expect(WireErrorSchema.safeParse(wire).success).toBe(true);
    expect(wire).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'The request is invalid: bad',
      params: { reason: 'bad' },
      details: [{ path: 'a.b', message: 'Required' }],
    });
  });

  it('leaves details out of the wire error when there are none', () => {
    expect(AppError.notFound('file').toWire()).not.toHaveProperty('details');
  });

  it.each([
    AppError.notFound('task'),
    AppError.validation('bad', [{ path: 'x', message: 'y' }]),
    new AppError(ErrorCode.PayloadTooLarge, { limit: 1024 }),
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
