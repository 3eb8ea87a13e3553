import { Injectable } from '@nestjs/common';
import type { ValidateFunction } from 'ajv';
import type { FormSpec } from '@orbita/contracts';
import { JsonSchemaValidator } from '@orbita/platform';

/**
 * Form data checked on the server against the template's JSON Schema (Ajv). Template versions are
 * immutable, so a form compiled once per version and place stays right.
 */
@Injectable()
export class FormValidator {
  private readonly validator = new JsonSchemaValidator();
  private readonly compiled = new Map<string, ValidateFunction>();

  assertValid(key: string, form: FormSpec | undefined, data: Record<string, unknown>): void {
    if (!form) {
      return;
    }
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.validator.compile(form.schema, key);
      this.compiled.set(key, validate);
    }
    this.validator.assertValid(validate, data, { en: 'the form', ru: 'данные формы' });
  }
}
