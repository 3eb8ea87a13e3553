import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import localizeRu from 'ajv-i18n/localize/ru';
import type { LocalisedText } from '@orbita/contracts';
import type { ErrorDetail } from '../errors/app-error';
import { AppError } from '../errors/app-error';

const MAX_REASON_CHARS = 500;

/** "items.0.price", or "(root)": the same path form as the contract validation (zod) reports. */
function pathOf(error: ErrorObject): string {
  const parts = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  const params = error.params as Record<string, unknown>;
  // A missing or unexpected field is named in the path, so the caller sees which one.
  const named = params['missingProperty'] ?? params['additionalProperty'];
  if (typeof named === 'string') {
    parts.push(named);
  }
  return parts.join('.') || '(root)';
}

function englishMessage(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a field here';
    case 'enum':
      return `must be one of ${JSON.stringify(params['allowedValues'])}`;
    default:
      return error.message ?? 'is invalid';
  }
}

function russianMessage(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
      return 'обязательное поле';
    case 'additionalProperties':
      return 'такого поля здесь нет';
    default: {
      const copy = { ...error };
      localizeRu([copy]);
      return copy.message ?? 'недопустимое значение';
    }
  }
}

/**
 * JSON Schema validation (Ajv) of data people or templates supply (document template data, process
 * forms, register records), failing as VALIDATION_FAILED in both languages with a path per field.
 */
export class JsonSchemaValidator {
  private readonly ajv: Ajv;

  constructor() {
    this.ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(this.ajv, ['date', 'date-time', 'email', 'uri']);
  }

  /** Compiles a schema (callers keep the function: compiling is slow); an invalid schema throws. */
  compile(schema: object, where: string): ValidateFunction {
    try {
      return this.ajv.compile(schema);
    } catch (err) {
      throw new Error(
        `The schema of ${where} is invalid: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  /** Every field that does not fit, with its path, in both languages (none when the data fits). */
  errorsOf(validate: ValidateFunction, data: unknown): Required<ErrorDetail>[] {
    if (validate(data)) {
      return [];
    }
    return (validate.errors ?? []).map((error) => ({
      path: pathOf(error),
      message: englishMessage(error),
      message_ru: russianMessage(error),
    }));
  }

  /** Throws AppError.validation naming every field that does not fit; `what` names the data ("the data of …"). */
  assertValid(validate: ValidateFunction, data: unknown, what: LocalisedText): void {
    const details = this.errorsOf(validate, data);
    if (details.length === 0) {
      return;
    }
    const cut = (text: string): string =>
      text.length > MAX_REASON_CHARS ? `${text.slice(0, MAX_REASON_CHARS)}…` : text;
    throw AppError.validation(
      {
        en: cut(`${what.en} is invalid: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`),
        ru: cut(`${what.ru} не подходят: ${details.map((d) => `${d.path}: ${d.message_ru}`).join('; ')}`),
      },
      details,
    );
  }
}
