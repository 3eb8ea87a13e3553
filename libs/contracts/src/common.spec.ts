import { EmailSchema, IdSchema, IsoDateTimeSchema, textSchema } from './common';

describe('IdSchema', () => {
  it.each(['01J9ZK3T8Q6V2X4M5N7P8R9S0T', 'abc', 'a-b_c', 'A'.repeat(64)])('accepts %s', (id) => {
    expect(IdSchema.parse(id)).toBe(id);
  });

  it.each([
    ['an empty string', ''],
    ['a space', '01J9ZK3T8Q 6V2X4M5N7P8R9S0T'],
    ['a leading space', ' abc'],
    ['a Mongo operator', '$gt'],
    ['a dot', 'a.b'],
    ['a path', '../etc/passwd'],
    ['65 characters', 'A'.repeat(65)],
    ['a Cyrillic letter', 'аbc'],
  ])('rejects %s', (_label, id) => {
    expect(IdSchema.safeParse(id).success).toBe(false);
  });

  it.each([123, null, undefined, { $ne: null }, ['abc']])('rejects the non-string %p', (value) => {
    expect(IdSchema.safeParse(value).success).toBe(false);
  });
});

describe('EmailSchema', () => {
  it('trims and lowercases the address', () => {
    expect(EmailSchema.parse('  Anna.Petrova@Example.COM \n')).toBe('anna.petrova@example.com');
  });

  it.each(['', '   ', 'not-an-email', 'a@', '@example.com', 'a b@example.com', 'a@@example.com'])(
    'rejects %p',
    (value) => {
      expect(EmailSchema.safeParse(value).success).toBe(false);
    },
  );

  it('rejects addresses longer than 254 characters', () => {
    const local = 'a'.repeat(60);
    const domain = `${Array.from({ length: 5 }, () => 'b'.repeat(60)).join('.')}.com`;
    expect(`${local}@${domain}`.length).toBeGreaterThan(254);
    expect(EmailSchema.safeParse(`${local}@${domain}`).success).toBe(false);
  });

  it('rejects non-strings', () => {
    expect(EmailSchema.safeParse(42).success).toBe(false);
    expect(EmailSchema.safeParse({ $regex: '.*' }).success).toBe(false);
  });
});

describe('IsoDateTimeSchema', () => {
  it('accepts UTC and offset date-times and rejects dates without time', () => {
    expect(IsoDateTimeSchema.safeParse('2025-03-01T10:00:00Z').success).toBe(true);
    expect(IsoDateTimeSchema.safeParse('2025-03-01T10:00:00+03:00').success).toBe(true);
    expect(IsoDateTimeSchema.safeParse('2025-03-01').success).toBe(false);
    expect(IsoDateTimeSchema.safeParse('yesterday').success).toBe(false);
  });
});

describe('textSchema', () => {
  const schema = textSchema(20);

  it('trims surrounding whitespace', () => {
    expect(schema.parse('  hello  ')).toBe('hello');
  });

  it('keeps newlines, carriage returns and tabs inside the text', () => {
    expect(schema.parse('line 1\nline 2\r\n\tx')).toBe('line 1\nline 2\r\n\tx');
  });

  it('keeps Cyrillic text', () => {
    expect(schema.parse('Привет, мир')).toBe('Привет, мир');
  });

  it.each([
    ['NUL', 'a\u0000b'],
    ['BEL', 'a\u0007b'],
    ['vertical tab', 'a\u000Bb'],
    ['form feed', 'a\u000Cb'],
    ['ESC', 'a\u001B[31mb'],
    ['DEL', 'a\u007Fb'],
  ])('rejects the control character %s', (_label, value) => {
    const result = schema.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toContain('must not contain control characters');
  });

  it('enforces the maximum length', () => {
    expect(schema.safeParse('x'.repeat(20)).success).toBe(true);
    expect(schema.safeParse('x'.repeat(21)).success).toBe(false);
  });

  it('measures the length after trimming', () => {
    expect(schema.parse(`   ${'x'.repeat(20)}   `)).toBe('x'.repeat(20));
  });

  it('uses the maximum it was built with', () => {
    expect(textSchema(3).safeParse('abcd').success).toBe(false);
    expect(textSchema(1000).safeParse('abcd').success).toBe(true);
  });
});
