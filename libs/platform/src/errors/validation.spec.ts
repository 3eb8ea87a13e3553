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
        details: expect.arrayContaining([
          { path: 'title', message: expect.any(String) },
          { path: 'assignee.userId', message: expect.any(String) },
          { path: 'tags', message: expect.any(String) },
        ]),
      }),
    );
    expect(parse).toThrow(/title: .+; assignee\.userId: .+; tags: .+/);
  });

  it('names array elements by index', () => {
    expect(() => parseOrThrow(schema, { title: 'x', assignee: { userId: 'u' }, tags: ['ok', 7] })).toThrow(
      errorMatching({ details: [{ path: 'tags.1', message: expect.any(String) }] }),
    );
  });

  it('names a failure of the whole value "(root)"', () => {
    expect(() => parseOrThrow(schema, 'not an object')).toThrow(
      errorMatching({
        details: [{ path: '(root)', message: expect.any(String) }],
        params: { reason: expect.stringMatching(/^\(root\): /) },
      }),
    );
  });

  it('keeps the reason short but every detail', () => {
    const wide = z.object(
      Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`field${i}`, z.string()])),
    );
    expect(() => parseOrThrow(wide, {})).toThrow(
      errorMatching({
        params: { reason: expect.stringMatching(/^.{500}…$/su) },
        details: Array.from({ length: 60 }, (_, i) => ({ path: `field${i}`, message: expect.any(String) })),
      }),
    );
  });
});
