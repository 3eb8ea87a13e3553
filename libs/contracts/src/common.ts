import { z } from 'zod';
import { schemaMessage } from './errors/localised-text';

/** The message of the control-character check of free text (also used by the licence payload). */
export const NO_CONTROL_CHARACTERS = schemaMessage({
  en: 'must not contain control characters',
  ru: 'не должно содержать управляющих символов',
});

/** Opaque ids: the server makes them, clients only echo them back. */
export const IdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(
    /^[A-Za-z0-9_-]+$/,
    schemaMessage({
      en: 'must be an id made of letters, digits, "-" and "_"',
      ru: 'должно быть идентификатором из латинских букв, цифр, "-" и "_"',
    }),
  );

export const EmailSchema = z.string().trim().toLowerCase().pipe(z.email().max(254));

export const IsoDateTimeSchema = z.iso.datetime({ offset: true });

/** Free text a person types: trimmed, bounded, no control characters but newlines and tabs. */
export function textSchema(max: number) {
  return z
    .string()
    .trim()
    .max(max)
    .refine((value) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(value), NO_CONTROL_CHARACTERS);
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone name that this runtime knows (Europe/Moscow, Asia/Novosibirsk). */
export const TimeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine(
    isTimeZone,
    schemaMessage({
      en: 'is not an IANA time zone (e.g. Europe/Moscow, Asia/Novosibirsk)',
      ru: 'не является часовым поясом «IANA» (например, «Europe/Moscow», «Asia/Novosibirsk»)',
    }),
  );
