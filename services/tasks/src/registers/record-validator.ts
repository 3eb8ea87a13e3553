import type { ValidateFunction } from 'ajv';
import { Injectable } from '@nestjs/common';
import type { ErrorDetail } from '@orbita/platform';
import { JsonSchemaValidator } from '@orbita/platform';

export type RecordProblem = Required<ErrorDetail>;

/**
 * JSON Schema validation of register records (the platform's Ajv validator). A register's schema
 * is compiled once per definition version and kept; a schema an admin uploads is checked here first
 * (as a schema, then by compiling it), so a bad one is refused with its paths before it is stored.
 */
@Injectable()
export class RecordValidator {
  private readonly validator = new JsonSchemaValidator();
  private readonly compiled = new Map<string, ValidateFunction>();

  /** Problems of a schema as a JSON Schema, with paths under "schema"; none when it compiles. */
  checkSchema(schema: Record<string, unknown>): RecordProblem[] {
    return this.validator.schemaErrors(schema, 'schema');
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
      validate = this.validator.compile(register.schema, `the register ${id}`);
      this.compiled.set(id, validate);
    }
    return this.validator.errorsOf(validate, data, prefix);
  }
}
