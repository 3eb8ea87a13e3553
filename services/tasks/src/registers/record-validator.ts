import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import localizeRu from 'ajv-i18n/localize/ru';
import { Injectable } from '@nestjs/common';
import type { ErrorDetail } from '@orbita/platform';

export type RecordProblem = Required<ErrorDetail>;

/** "schedule.time", or "(root)": the path form the contract validation (zod) reports. */
function pathOf(error: ErrorObject, prefix: string[] = []): string {
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
  return [...prefix, ...parts].join('.') || '(root)';
}

function englishMessage(error: ErrorObject, noun: string): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return `is not a field of this ${noun}`;
    case 'enum':
      return `must be one of ${JSON.stringify(params['allowedValues'])}`;
    default:
      return error.message ?? 'is invalid';
  }
}

function russianMessage(error: ErrorObject, nounRu: string): string {
  switch (error.keyword) {
    case 'required':
      return 'обязательное поле';
    case 'additionalProperties':
      return `такого поля у ${nounRu} нет`;
    default: {
      const copy = { ...error };
      localizeRu([copy]);
      return copy.message ?? 'недопустимое значение';
    }
  }
}

function problems(errors: readonly ErrorObject[], prefix: string[], noun: [string, string]): RecordProblem[] {
  return errors.map((error) => ({
    path: pathOf(error, prefix),
    message: englishMessage(error, noun[0]),
    message_ru: russianMessage(error, noun[1]),
  }));
}

/**
 * JSON Schema validation of register records (Ajv 8 with ajv-formats). A register's schema is
 * compiled once per definition version and kept; a schema an admin uploads is checked here first
 * (as a schema, then by compiling it), so a bad one is refused with its paths before it is stored.
 */
@Injectable()
export class RecordValidator {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    this.ajv = new Ajv({ allErrors: true, strict: true, addUsedSchema: false });
    addFormats(this.ajv, ['date', 'date-time', 'time', 'email', 'uri']);
  }

  /** Problems of a schema as a JSON Schema, with paths under "schema"; none when it compiles. */
  checkSchema(schema: Record<string, unknown>): RecordProblem[] {
    if (!this.ajv.validateSchema(schema)) {
      return problems(this.ajv.errors ?? [], ['schema'], ['schema', 'схемы']);
    }
    try {
      this.ajv.compile(schema);
      return [];
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
      return [{ path: 'schema', message: text, message_ru: `схема не компилируется: ${text}` }];
    }
  }

  /** Problems of a record's data under the register's schema (compiled once per `version`). */
  check(
    register: { key: string; version: number; schema: Record<string, unknown> },
    data: unknown,
    prefix: string[] = [],
  ): RecordProblem[] {
    const id = `${register.key}@${register.version}`;
    let validate = this.compiled.get(id);
    if (!validate) {
      validate = this.ajv.compile(register.schema);
      this.compiled.set(id, validate);
    }
    if (validate(data)) {
      return [];
    }
    return problems(validate.errors ?? [], prefix, ['register', 'реестра']);
  }
}
