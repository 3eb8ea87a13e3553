import type { z } from 'zod';
import { AppError } from './app-error';

/** Parses input with a contract schema; a failure becomes VALIDATION_FAILED listing every problem. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) {
    return result.data;
  }
  const details = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
  const reason = details.map((d) => `${d.path}: ${d.message}`).join('; ');
  throw AppError.validation(reason.length > 500 ? `${reason.slice(0, 500)}…` : reason, details);
}
