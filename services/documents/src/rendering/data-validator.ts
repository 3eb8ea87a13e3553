import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import localizeRu from 'ajv-i18n/localize/ru';
import type { ErrorDetail } from '@orbita/platform';
import { AppError } from '@orbita/platform';

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
      return 'is not a field of this template';
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
      return 'такого поля у шаблона нет';
    default: {
      const copy = { ...error };
      localizeRu([copy]);
      return copy.message ?? 'недопустимое значение';
    }
  }
}

/** JSON Schema validation of template data (Ajv), failing as VALIDATION_FAILED in both languages. */
export class DataValidator {
  private readonly ajv: Ajv;

  constructor() {
    this.ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(this.ajv, ['date', 'date-time', 'email', 'uri']);
  }

  /** Compiles a template's schema once; an invalid schema is a broken template pack. */
  compile(schema: object, where: string): ValidateFunction {
    try {
      return this.ajv.compile(schema);
    } catch (err) {
      throw new Error(
        `The data schema of ${where} is invalid: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  /** Throws AppError.validation naming every field that does not fit, with its path. */
  assertValid(validate: ValidateFunction, data: unknown, template: string): void {
    if (validate(data)) {
      return;
    }
    const details: Required<ErrorDetail>[] = (validate.errors ?? []).map((error) => ({
      path: pathOf(error),
      message: englishMessage(error),
      message_ru: russianMessage(error),
    }));
    const cut = (text: string): string =>
      text.length > MAX_REASON_CHARS ? `${text.slice(0, MAX_REASON_CHARS)}…` : text;
    throw AppError.validation(
      {
        en: cut(
          `the data of the template "${template}" is invalid: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
        ),
        ru: cut(
          `данные шаблона «${template}» не подходят: ${details.map((d) => `${d.path}: ${d.message_ru}`).join('; ')}`,
        ),
      },
      details,
    );
  }
}
