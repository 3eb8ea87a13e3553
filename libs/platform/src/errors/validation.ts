import type { z } from 'zod';
import type { LocalisedText } from '@orbita/contracts';
import { joinLocalised } from '@orbita/contracts';
import { AppError } from './app-error';
import type { ErrorDetail } from './app-error';
import { GENERIC_ISSUE, issuePath, issueText } from './zod-issue-text';

const MAX_REASON_CHARS = 500;

/**
 * safeParse that leaves each issue formattable in both languages: issues without a custom message
 * carry GENERIC_ISSUE (zod's English default would otherwise be indistinguishable from a custom
 * message), and the input is reported so a type error can name what it received.
 */
export function safeParseLocalised<T extends z.ZodType>(
  schema: T,
  input: unknown,
): ReturnType<T['safeParse']> {
  return schema.safeParse(input, { error: () => GENERIC_ISSUE, reportInput: true }) as ReturnType<
    T['safeParse']
  >;
}

/** Every issue as "path: text", in both languages, kept short. */
export function describeIssues(error: z.ZodError): {
  reason: LocalisedText;
  details: Required<ErrorDetail>[];
} {
  const details = error.issues.map((issue) => {
    const text = issueText(issue);
    return { path: issuePath(issue), message: text.en, message_ru: text.ru };
  });
  const joined = joinLocalised(
    details.map((d) => ({ en: `${d.path}: ${d.message}`, ru: `${d.path}: ${d.message_ru}` })),
    '; ',
  );
  const cut = (text: string) =>
    text.length > MAX_REASON_CHARS ? `${text.slice(0, MAX_REASON_CHARS)}…` : text;
  return { reason: { en: cut(joined.en), ru: cut(joined.ru) }, details };
}

/** Parses input with a contract schema; a failure becomes VALIDATION_FAILED listing every problem. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = safeParseLocalised(schema, input);
  if (result.success) {
    return result.data as z.output<T>;
  }
  const { reason, details } = describeIssues(result.error);
  throw AppError.validation(reason, details);
}
