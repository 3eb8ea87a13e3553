/**
 * A human text in every language the API answers in. Reasons of expected failures are written this
 * way at the call site, so no English reason reaches a Russian caller (docs/adr/009).
 */
export interface LocalisedText {
  en: string;
  ru: string;
}

/** Joins texts language by language, e.g. the issues of one validation failure. */
export function joinLocalised(texts: readonly LocalisedText[], separator: string): LocalisedText {
  return {
    en: texts.map((t) => t.en).join(separator),
    ru: texts.map((t) => t.ru).join(separator),
  };
}

/** A param of a catalog message in both languages: `{name: en, name_ru: ru}` (see describeError). */
export function localisedParam(name: string, text: LocalisedText): Record<string, string> {
  return { [name]: text.en, [`${name}_ru`]: text.ru };
}

/** Custom messages of schemas, by their English text (which is what zod carries in an issue). */
const schemaMessages = new Map<string, LocalisedText>();

/**
 * A custom zod message in both languages: returns the English text for zod and remembers the
 * Russian one, which the validation layer looks up when it formats the issue for a Russian caller.
 * A lint rule refuses a bare string as a zod message, so every custom message goes through here.
 */
export function schemaMessage(text: LocalisedText): string {
  const known = schemaMessages.get(text.en);
  if (known && known.ru !== text.ru) {
    throw new Error(`The schema message "${text.en}" has two Russian texts`);
  }
  schemaMessages.set(text.en, text);
  return text.en;
}

/** The localised text of a custom schema message, or undefined when it was not declared. */
export function schemaMessageText(message: string): LocalisedText | undefined {
  return schemaMessages.get(message);
}

/** Every custom schema message declared so far (for the spec that checks the translations). */
export function declaredSchemaMessages(): LocalisedText[] {
  return [...schemaMessages.values()];
}

/**
 * Words that may appear in a Russian message in Latin letters: technical names that have no Russian
 * form in use (e-mail, JSON, URL, header names, formats).
 */
const LATIN_TERMS = new Set(
  [
    'e-mail',
    'email',
    'json',
    'utf-8',
    'url',
    'id',
    'content-type',
    'content-length',
    'accept-language',
    'iso',
    'mib',
    'gib',
    'kib',
    'tib',
    'null',
    'true',
    'false',
    'base64',
    'base64url',
    'pem',
    'spki',
    'pkcs#8',
    'ed25519',
    'orbita',
    'windows',
    'cr',
    'lf',
    'nan',
    'ulid',
    'uuid',
    'jwt',
    'http',
    'https',
  ].map((term) => term.toLowerCase()),
);

/**
 * English prose left in a text meant to be Russian: the Latin-alphabet words that remain after
 * removing markup, placeholders, quoted values, field paths, codes, numbers, URLs, MIME types and
 * known technical terms.
 * Empty for a good Russian message. A heuristic for tests, deliberately strict about prose.
 */
export function latinProseIn(text: string): string[] {
  const stripped = text
    // Markup and placeholders of templates: <p style="…">, {reason}, {{date expiresAt}}.
    .replace(/<[^>]*>/g, ' ')
    .replace(/\{\{[^}]*\}\}|\{\w+\}/g, ' ')
    // Quoted values are the caller's own data or names: "x", «x», 'x', `x`.
    .replace(/"[^"]*"|«[^»]*»|'[^']*'|`[^`]*`/g, ' ')
    .replace(/\bhttps?:\/\/\S+/g, ' ')
    // MIME types and paths with slashes: application/x-msdownload, multipart/form-data.
    .replace(/\b[\w.+-]+\/[\w.+-]+\b/g, ' ')
    // A field path before a colon: title:, assignee.userId:, tags.1:, (root):
    .replace(/(^|[\s;,(])[\w.[\]()-]+:/g, '$1 ')
    // Codes and identifiers: VALIDATION_FAILED, x-correlation-id, camelCase, ids with digits.
    .replace(/\b[A-Z][A-Z0-9_]{1,}\b/g, ' ')
    .replace(/\b[a-z]+[A-Z]\w*\b/g, ' ')
    .replace(/\b\w*\d\w*\b/g, ' ');
  const words = stripped.match(/[A-Za-z][A-Za-z#-]*[A-Za-z0-9]|[A-Za-z]/g) ?? [];
  return words.filter((word) => !LATIN_TERMS.has(word.toLowerCase()) && word.length > 1);
}
