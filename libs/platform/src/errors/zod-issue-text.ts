import type { z } from 'zod';
import type { LocalisedText } from '@orbita/contracts';
import { schemaMessageText } from '@orbita/contracts';

/**
 * What zod is told to write for an issue that has no custom message of its schema. Seeing it in an
 * issue means "format me from the code"; anything else is a custom message (see parseOrThrow).
 */
export const GENERIC_ISSUE = '\u0000generic';

type Issue = z.core.$ZodIssue & { input?: unknown };

interface Names {
  en: string;
  ru: string;
}

/** Type names in both languages: zod's own Russian locale leaves them in English ("ожидалось string"). */
const TYPE_NAMES: Record<string, Names> = {
  string: { en: 'a string', ru: 'строка' },
  number: { en: 'a number', ru: 'число' },
  int: { en: 'an integer', ru: 'целое число' },
  bigint: { en: 'an integer', ru: 'целое число' },
  boolean: { en: 'true or false', ru: 'логическое значение (true или false)' },
  object: { en: 'an object', ru: 'объект' },
  record: { en: 'an object', ru: 'объект' },
  array: { en: 'a list', ru: 'список' },
  tuple: { en: 'a list', ru: 'список' },
  date: { en: 'a date', ru: 'дата' },
  null: { en: 'null', ru: 'null' },
  undefined: { en: 'nothing', ru: 'пустое значение' },
  nan: { en: 'not a number', ru: 'не число' },
  symbol: { en: 'a symbol', ru: 'символ' },
  function: { en: 'a function', ru: 'функция' },
  map: { en: 'a map', ru: 'словарь' },
  set: { en: 'a set', ru: 'множество' },
  file: { en: 'a file', ru: 'файл' },
};

const FORMAT_NAMES: Record<string, Names> = {
  email: { en: 'an e-mail address', ru: 'адрес e-mail' },
  url: { en: 'a URL', ru: 'URL' },
  uuid: { en: 'a UUID', ru: 'UUID' },
  guid: { en: 'a GUID', ru: 'GUID' },
  ulid: { en: 'a ULID', ru: 'ULID' },
  datetime: { en: 'a date and time in ISO 8601 with an offset', ru: 'дата и время в ISO 8601 со смещением' },
  date: { en: 'a date in ISO 8601 (YYYY-MM-DD)', ru: 'дата в ISO 8601 (ГГГГ-ММ-ДД)' },
  time: { en: 'a time in ISO 8601', ru: 'время в ISO 8601' },
  duration: { en: 'a duration in ISO 8601', ru: 'длительность в ISO 8601' },
  ipv4: { en: 'an IPv4 address', ru: 'адрес IPv4' },
  ipv6: { en: 'an IPv6 address', ru: 'адрес IPv6' },
  base64: { en: 'base64 text', ru: 'текст base64' },
  base64url: { en: 'base64url text', ru: 'текст base64url' },
  jwt: { en: 'a JWT', ru: 'JWT' },
  lowercase: { en: 'lower-case text', ru: 'текст в нижнем регистре' },
  uppercase: { en: 'upper-case text', ru: 'текст в верхнем регистре' },
};

/** The type of a received value as named in messages (never the value itself: it may be a password). */
function receivedType(input: unknown): string {
  if (input === null) {
    return 'null';
  }
  if (Array.isArray(input)) {
    return 'array';
  }
  if (input instanceof Date) {
    return 'date';
  }
  if (typeof input === 'number' && Number.isNaN(input)) {
    return 'nan';
  }
  return typeof input;
}

function typeName(type: string): Names {
  return TYPE_NAMES[type] ?? { en: type, ru: `«${type}»` };
}

/**
 * "8 characters" / "8 символов": the Russian form follows the case the phrase puts the noun in
 * (genitive after "не больше", "не меньше": 1 символа, 5 символов; accusative after "ровно": 1 символ,
 * 2 символа, 5 символов).
 */
function counted(count: number | bigint, origin: string, grammaticalCase: 'genitive' | 'accusative'): Names {
  const n = Number(count);
  const lastTwo = n % 100;
  const last = n % 10;
  const one = last === 1 && lastTwo !== 11;
  const few = last >= 2 && last <= 4 && (lastTwo < 12 || lastTwo > 14);
  const pick = (forms: { one: string; oneGen: string; few: string; many: string }) =>
    grammaticalCase === 'genitive'
      ? one
        ? forms.oneGen
        : forms.many
      : one
        ? forms.one
        : few
          ? forms.few
          : forms.many;
  if (origin === 'string') {
    return {
      en: `${n} character${n === 1 ? '' : 's'}`,
      ru: `${n} ${pick({ one: 'символ', oneGen: 'символа', few: 'символа', many: 'символов' })}`,
    };
  }
  if (origin === 'file') {
    return {
      en: `${n} byte${n === 1 ? '' : 's'}`,
      ru: `${n} ${pick({ one: 'байт', oneGen: 'байта', few: 'байта', many: 'байт' })}`,
    };
  }
  return {
    en: `${n} item${n === 1 ? '' : 's'}`,
    ru: `${n} ${pick({ one: 'элемент', oneGen: 'элемента', few: 'элемента', many: 'элементов' })}`,
  };
}

function quoted(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

function sizeText(issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall): LocalisedText {
  const big = issue.code === 'too_big';
  const bound = big ? issue.maximum : issue.minimum;
  const inclusive = issue.inclusive !== false;
  if (
    issue.origin === 'string' ||
    issue.origin === 'array' ||
    issue.origin === 'set' ||
    issue.origin === 'file'
  ) {
    if (!big && Number(bound) === 1 && inclusive) {
      return { en: 'must not be empty', ru: 'не должно быть пустым' };
    }
    const amount = counted(bound, issue.origin, 'genitive');
    if (issue.exact) {
      const exactly = counted(bound, issue.origin, 'accusative');
      return { en: `must have exactly ${exactly.en}`, ru: `должно содержать ровно ${exactly.ru}` };
    }
    return big
      ? { en: `must have at most ${amount.en}`, ru: `должно содержать не больше ${amount.ru}` }
      : { en: `must have at least ${amount.en}`, ru: `должно содержать не меньше ${amount.ru}` };
  }
  const value = issue.origin === 'date' ? new Date(Number(bound)).toISOString() : String(bound);
  if (big) {
    return inclusive
      ? { en: `must be at most ${value}`, ru: `должно быть не больше ${value}` }
      : { en: `must be less than ${value}`, ru: `должно быть меньше ${value}` };
  }
  return inclusive
    ? { en: `must be at least ${value}`, ru: `должно быть не меньше ${value}` }
    : { en: `must be greater than ${value}`, ru: `должно быть больше ${value}` };
}

function formatText(issue: z.core.$ZodIssueInvalidStringFormat): LocalisedText {
  const known = FORMAT_NAMES[issue.format];
  if (known) {
    return { en: `must be ${known.en}`, ru: `должно быть: ${known.ru}` };
  }
  const extra = issue as z.core.$ZodIssueInvalidStringFormat & {
    prefix?: string;
    suffix?: string;
    includes?: string;
  };
  if (issue.format === 'starts_with') {
    return {
      en: `must start with ${quoted(extra.prefix)}`,
      ru: `должно начинаться с ${quoted(extra.prefix)}`,
    };
  }
  if (issue.format === 'ends_with') {
    return {
      en: `must end with ${quoted(extra.suffix)}`,
      ru: `должно заканчиваться на ${quoted(extra.suffix)}`,
    };
  }
  if (issue.format === 'includes') {
    return { en: `must include ${quoted(extra.includes)}`, ru: `должно содержать ${quoted(extra.includes)}` };
  }
  // A pattern (regex) without a custom message, or a format named nowhere above.
  return { en: 'is not in the expected format', ru: 'имеет неверный формат' };
}

/** An issue zod raised without a custom message, in both languages. */
function genericText(issue: Issue): LocalisedText {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) {
        return { en: 'is required', ru: 'обязательное поле' };
      }
      const expected = typeName(issue.expected);
      const received = typeName(receivedType(issue.input));
      return {
        en: `must be ${expected.en}, not ${received.en}`,
        ru: `ожидается ${expected.ru}, получено: ${received.ru}`,
      };
    }
    case 'too_big':
    case 'too_small':
      return sizeText(issue);
    case 'invalid_format':
      return formatText(issue);
    case 'not_multiple_of':
      return {
        en: `must be a multiple of ${issue.divisor}`,
        ru: `должно быть кратно ${issue.divisor}`,
      };
    case 'unrecognized_keys': {
      const keys = issue.keys.map(quoted).join(', ');
      return issue.keys.length === 1
        ? { en: `the field ${keys} is not allowed`, ru: `поле ${keys} не допускается` }
        : { en: `the fields ${keys} are not allowed`, ru: `поля ${keys} не допускаются` };
    }
    case 'invalid_union':
      return {
        en: 'matches none of the allowed forms',
        ru: 'не подходит ни под один из допустимых вариантов',
      };
    case 'invalid_key':
      return { en: 'has an invalid key', ru: 'содержит недопустимый ключ' };
    case 'invalid_element':
      return { en: 'has an invalid element', ru: 'содержит недопустимый элемент' };
    case 'invalid_value': {
      const values = issue.values.map(quoted).join(', ');
      return issue.values.length === 1
        ? { en: `must be ${values}`, ru: `должно быть ${values}` }
        : { en: `must be one of ${values}`, ru: `должно быть одним из: ${values}` };
    }
    case 'custom':
      return { en: 'is invalid', ru: 'недопустимое значение' };
  }
}

/**
 * The text of one zod issue in both languages. A custom message declared with `schemaMessage` comes
 * in its two languages; an undeclared one keeps its English and gets a generic Russian text (so a
 * Russian caller never reads English); everything else is formatted here from the issue's code.
 */
export function issueText(issue: Issue): LocalisedText {
  if (issue.message === GENERIC_ISSUE) {
    return genericText(issue);
  }
  return schemaMessageText(issue.message) ?? { en: issue.message, ru: genericText(issue).ru };
}

/** The dotted path of an issue, "(root)" for the whole value. */
export function issuePath(issue: z.core.$ZodIssue): string {
  return issue.path.map(String).join('.') || '(root)';
}
