import { z } from 'zod';
import { ErrorCode } from '@orbita/contracts';
import { AppError } from './app-error';
import { parseOrThrow } from './validation';

/** What `toThrow` takes to match an error's fields (@types/jest types asymmetric matchers as `any`). */
function errorMatching(fields: Record<string, unknown>): Error {
  return expect.objectContaining(fields) as Error;
}

const schema = z.object({
  title: z.string().min(1),
  assignee: z.object({ userId: z.string() }),
  tags: z.array(z.string()).max(3),
  dueAt: z.coerce.date().optional(),
});

describe('parseOrThrow', () => {
  it('returns the parsed output of valid input', () => {
    const result = parseOrThrow(schema, {
      title: 'Call the client',
      assignee: { userId: 'u1' },
      tags: [],
      dueAt: '2025-03-01T10:00:00Z',
      extra: 'dropped',
    });
    expect(result).toEqual({
      title: 'Call the client',
      assignee: { userId: 'u1' },
      tags: [],
      dueAt: new Date('2025-03-01T10:00:00Z'),
    });
  });

  it('throws VALIDATION_FAILED listing every problem with its dotted path', () => {
    const parse = () => parseOrThrow(schema, { title: '', assignee: {}, tags: ['a', 'b', 'c', 'd'] });
    expect(parse).toThrow(AppError);
    expect(parse).toThrow(
      errorMatching({
        code: ErrorCode.ValidationFailed,
        details: [
          { path: 'title', message: 'must not be empty', message_ru: 'не должно быть пустым' },
          { path: 'assignee.userId', message: 'is required', message_ru: 'обязательное поле' },
          {
            path: 'tags',
            message: 'must have at most 3 items',
            message_ru: 'должно содержать не больше 3 элементов',
          },
        ],
        params: {
          reason: 'title: must not be empty; assignee.userId: is required; tags: must have at most 3 items',
          reason_ru:
            'title: не должно быть пустым; assignee.userId: обязательное поле; tags: должно содержать не больше 3 элементов',
        },
      }),
    );
  });

  it('names array elements by index', () => {
    expect(() => parseOrThrow(schema, { title: 'x', assignee: { userId: 'u' }, tags: ['ok', 7] })).toThrow(
      errorMatching({ details: [expect.objectContaining({ path: 'tags.1' })] }),
    );
  });

  it('names a failure of the whole value "(root)"', () => {
    expect(() => parseOrThrow(schema, 'not an object')).toThrow(
      errorMatching({
        details: [expect.objectContaining({ path: '(root)' })],
        params: expect.objectContaining({ reason: expect.stringMatching(/^\(root\): /) }),
      }),
    );
  });

  it('keeps the reason short but every detail', () => {
    const wide = z.object(
      Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`field${i}`, z.string()])),
    );
    expect(() => parseOrThrow(wide, {})).toThrow(
      errorMatching({
        params: {
          reason: expect.stringMatching(/^.{500}…$/su),
          reason_ru: expect.stringMatching(/^.{500}…$/su),
        },
        details: Array.from({ length: 60 }, (_, i) => ({
          path: `field${i}`,
          message: 'is required',
          message_ru: 'обязательное поле',
        })),
      }),
    );
  });
});
