import type { LocalisedText } from '@orbita/contracts';
import { AppError } from '../errors/app-error';

const NOT_UTF8: LocalisedText = {
  en: 'the body is not valid UTF-8',
  ru: 'тело запроса не в кодировке UTF-8',
};

const EMPTY: LocalisedText = {
  en: 'the body is empty; send a JSON value',
  ru: 'тело запроса пустое; отправьте значение JSON',
};

const CUT_OFF: LocalisedText = {
  en: 'the body is not valid JSON: it ends before the JSON value is complete (was it cut off?)',
  ru: 'тело запроса не является корректным JSON: оно заканчивается раньше, чем значение JSON (возможно, оно обрезано)',
};

const NOT_JSON: LocalisedText = {
  en: 'the body is not valid JSON',
  ru: 'тело запроса не является корректным JSON',
};

// fatal: a byte sequence that is not UTF-8 fails instead of becoming U+FFFD (RFC 8259 §8.1).
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Where in the text a JSON.parse error points, as V8 words it ("… in JSON at position 12"). */
function syntaxErrorPosition(error: unknown): number | null {
  const match = error instanceof Error ? /at position (\d+)/.exec(error.message) : null;
  return match ? Number(match[1]) : null;
}

function syntaxReason(text: string, error: unknown): LocalisedText {
  const position = syntaxErrorPosition(error);
  const ended = error instanceof Error && /Unexpected end of JSON input/.test(error.message);
  if (ended || (position !== null && position >= text.trimEnd().length)) {
    return CUT_OFF;
  }
  if (position === null) {
    return NOT_JSON;
  }
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return {
    en: `${NOT_JSON.en}: the error is at line ${line}, column ${column}`,
    ru: `${NOT_JSON.ru}: ошибка в строке ${line}, позиция ${column}`,
  };
}

/**
 * The first key in a parsed JSON value that would reach an object's prototype when the value is
 * merged or spread (`__proto__`, or `constructor` holding `prototype`), with its path. JSON.parse
 * itself makes such keys plain own properties; refusing them keeps later code from ever meeting one.
 * Walked with an explicit stack: a deeply nested body must not overflow the call stack.
 */
function forbiddenKey(value: unknown): { key: string; path: string } | null {
  const stack: { value: unknown; path: string }[] = [{ value, path: '' }];
  while (stack.length > 0) {
    const next = stack.pop();
    if (!next || typeof next.value !== 'object' || next.value === null) {
      continue;
    }
    const node = next.value as Record<string, unknown>;
    for (const key of Object.keys(node)) {
      const child = node[key];
      const path = next.path ? `${next.path}.${key}` : key;
      if (key === '__proto__') {
        return { key: '__proto__', path: next.path };
      }
      if (
        key === 'constructor' &&
        typeof child === 'object' &&
        child !== null &&
        Object.prototype.hasOwnProperty.call(child, 'prototype')
      ) {
        return { key: 'constructor.prototype', path: next.path };
      }
      stack.push({ value: child, path });
    }
  }
  return null;
}

/**
 * A JSON request body as the API takes it: UTF-8, one JSON value, no prototype keys. Anything else
 * is VALIDATION_FAILED saying precisely what is wrong, before any handler sees the body.
 */
export function parseJsonBody(body: Buffer): unknown {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw AppError.validation(NOT_UTF8);
  }
  if (text.trim() === '') {
    throw AppError.validation(EMPTY);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw AppError.validation(syntaxReason(text, err));
  }
  const forbidden = forbiddenKey(value);
  if (forbidden) {
    const where = forbidden.path
      ? { en: ` (in the field "${forbidden.path}")`, ru: ` (в поле "${forbidden.path}")` }
      : null;
    throw AppError.validation({
      en: `the key "${forbidden.key}" is not allowed${where?.en ?? ''}`,
      ru: `ключ "${forbidden.key}" не допускается${where?.ru ?? ''}`,
    });
  }
  return value;
}

/** The charset parameter of a Content-Type header, lower-cased, or null when there is none. */
export function contentTypeCharset(header: string | undefined): string | null {
  const match = header ? /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(header) : null;
  return match?.[1]?.toLowerCase() ?? null;
}
