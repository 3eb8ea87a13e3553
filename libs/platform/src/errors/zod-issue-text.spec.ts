import { z } from 'zod';
import {
  CreateTaskInputSchema,
  IdSchema,
  NewPasswordSchema,
  declaredSchemaMessages,
  latinProseIn,
  schemaMessage,
} from '@orbita/contracts';
import { LicencePayloadSchema } from '../licensing/licence-file';
import { describeIssues, safeParseLocalised } from './validation';

/** The issue texts of a failed parse, per language. */
function texts(schema: z.ZodType, input: unknown): { en: string[]; ru: string[] } {
  const result = safeParseLocalised(schema, input);
  if (result.success) {
    throw new Error('expected the input to be refused');
  }
  const { details } = describeIssues(result.error);
  return { en: details.map((d) => d.message), ru: details.map((d) => d.message_ru) };
}

/** One schema and input per kind of zod issue the contracts can raise. */
const cases: [string, z.ZodType, unknown][] = [
  ['a missing field', z.object({ title: z.string() }), {}],
  ['a wrong type', z.object({ title: z.string() }), { title: 5 }],
  ['a list instead of an object', z.object({ a: z.string() }), []],
  ['null instead of a number', z.number(), null],
  ['a boolean instead of a string', z.string(), true],
  ['an empty string', z.string().min(1), ''],
  ['a short string', z.string().min(8), 'abc'],
  ['a long string', z.string().max(3), 'abcd'],
  ['an exact length', z.string().length(4), 'abc'],
  ['too many items', z.array(z.string()).max(2), ['a', 'b', 'c']],
  ['too few items', z.array(z.string()).min(2), ['a']],
  ['a small number', z.number().min(10), 3],
  ['a big number', z.number().lt(10), 30],
  ['a fraction for an integer', z.number().int(), 1.5],
  ['a multiple', z.number().multipleOf(5), 7],
  ['an e-mail', z.email(), 'not-an-email'],
  ['an ISO date and time', z.iso.datetime({ offset: true }), 'yesterday'],
  ['a URL', z.url(), 'nowhere'],
  ['a pattern without a message', z.string().regex(/^\d+$/), 'abc'],
  ['a prefix', z.string().startsWith('ab'), 'xy'],
  ['an unknown key', z.object({ a: z.string() }).strict(), { a: 'x', extra: 1 }],
  ['unknown keys', z.object({}).strict(), { b: 1, c: 2 }],
  ['an enum', z.enum(['open', 'done']), 'closed'],
  ['a literal', z.literal(1), 2],
  ['a union', z.union([z.string(), z.number()]), true],
  ['a refinement without a message', z.string().refine((v) => v === 'x'), 'y'],
  ['a record key', z.record(z.enum(['a']), z.string()), { b: 'x' }],
  [
    'a task without a title',
    CreateTaskInputSchema,
    { title: '  ', assigneeId: '01ZZZZZZZZZZZZZZZZZZZZZZZZ' },
  ],
  ['an id with spaces', IdSchema, 'a b'],
  ['a short password', NewPasswordSchema, 'short'],
  ['free text with control characters', CreateTaskInputSchema, { title: 'a\u0007b', assigneeId: 'x' }],
  ['a bad licence id', LicencePayloadSchema, { formatVersion: 1, licenceId: '-x' }],
];

describe('zod issues in both languages', () => {
  it.each(cases)('writes %s in English and in Russian without English prose', (_label, schema, input) => {
    const { en, ru } = texts(schema, input);
    expect(en.length).toBeGreaterThan(0);
    for (const [i, message] of ru.entries()) {
      expect({ message, latin: latinProseIn(message) }).toEqual({ message, latin: [] });
      expect(message).toMatch(/[а-яё]/i);
      expect(en[i]).not.toMatch(/[а-яё]/i);
      expect(en[i]).not.toBe('');
    }
  });

  it('names the expected and received types, never the received value', () => {
    const { en, ru } = texts(z.object({ password: z.string() }), { password: 12345678 });
    expect(en).toEqual(['must be a string, not a number']);
    expect(ru).toEqual(['ожидается строка, получено: число']);
    expect([...en, ...ru].join(' ')).not.toContain('12345678');
  });

  it('says a missing field is required', () => {
    expect(texts(z.object({ title: z.string() }), {})).toEqual({
      en: ['is required'],
      ru: ['обязательное поле'],
    });
  });

  it('counts characters with the Russian plural', () => {
    expect(texts(z.string().min(2), 'a').ru).toEqual(['должно содержать не меньше 2 символов']);
    expect(texts(z.string().max(21), 'a'.repeat(30)).ru).toEqual(['должно содержать не больше 21 символа']);
    expect(texts(z.string().max(200), 'a'.repeat(300)).ru).toEqual([
      'должно содержать не больше 200 символов',
    ]);
    expect(texts(z.string().max(1), 'ab').en).toEqual(['must have at most 1 character']);
  });

  it('takes a declared custom message in both languages', () => {
    const schema = z.string().regex(/^x+$/, schemaMessage({ en: 'must be only x', ru: 'только буквы x' }));
    expect(texts(schema, 'y')).toEqual({ en: ['must be only x'], ru: ['только буквы x'] });
  });

  it('keeps an undeclared custom message in English and answers Russians with a generic text', () => {
    const message = 'an undeclared message';
    const schema = z.string().refine((v) => v === 'x', message);
    expect(texts(schema, 'y')).toEqual({ en: [message], ru: ['недопустимое значение'] });
  });

  it('joins the issues into one reason per language, with their paths', () => {
    const result = safeParseLocalised(CreateTaskInputSchema, { title: 5 });
    expect(result.success).toBe(false);
    const { reason } = describeIssues(result.error!);
    expect(reason.en).toBe('title: must be a string, not a number; assigneeId: is required');
    expect(reason.ru).toBe('title: ожидается строка, получено: число; assigneeId: обязательное поле');
  });

  it('has a Russian text without English prose for every custom message the contracts declare', () => {
    const declared = declaredSchemaMessages();
    expect(declared.length).toBeGreaterThanOrEqual(5);
    for (const { en, ru } of declared) {
      expect({ en, ru, latin: latinProseIn(ru) }).toEqual({ en, ru, latin: [] });
      expect(ru).not.toBe(en);
    }
  });
});
