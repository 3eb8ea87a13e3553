import { Validator } from '@cfworker/json-schema';
import type { OutputUnit, Schema } from '@cfworker/json-schema';
import type {
  CustomValidator,
  ErrorTransformer,
  RJSFSchema,
  RJSFValidationError,
  UiSchema,
  ValidationData,
  ValidatorType,
} from '@rjsf/utils';
import { toErrorSchema } from '@rjsf/utils';

/** The words of a refusal, by keyword, with the schema's limit where it has one. */
export type Wording = (keyword: string, limit: unknown) => string;

/** Keywords that only say "something inside failed": the inner keyword says what. */
const WRAPPERS = new Set([
  'properties',
  'items',
  'prefixItems',
  'additionalItems',
  'allOf',
  'anyOf',
  'oneOf',
  '$ref',
  'if',
  'then',
  'else',
  'dependentSchemas',
  'contains',
  'not',
  'additionalProperties',
  'unevaluatedProperties',
  'patternProperties',
]);

function valueAt(root: unknown, pointer: string): unknown {
  const parts = pointer.replace(/^#\/?/, '').split('/').filter(Boolean);
  let node: unknown = root;
  for (const part of parts) {
    if (node === null || typeof node !== 'object') {
      return undefined;
    }
    node = (node as Record<string, unknown>)[
      decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~')
    ];
  }
  return node;
}

/** `#/schedule/days` → `.schedule.days` (the property path @rjsf's error schema is built from). */
function propertyOf(instanceLocation: string): string {
  const parts = instanceLocation.replace(/^#\/?/, '').split('/').filter(Boolean);
  return parts.map((p) => `.${decodeURIComponent(p).replace(/~1/g, '/').replace(/~0/g, '~')}`).join('');
}

/**
 * @rjsf's validator on @cfworker/json-schema, which interprets a schema instead of compiling it to
 * code: Ajv's compiled validators need `eval`, which the page's CSP (`script-src 'self'`) refuses,
 * and templates' forms are data, known only at run time, so they cannot be compiled at build time
 * either. The server checks the same schema with Ajv; its refusals are shown at the fields too.
 */
export class SchemaValidator implements ValidatorType<Record<string, unknown>> {
  constructor(private readonly wording: Wording) {}

  private run(schema: RJSFSchema, data: unknown, rootSchema?: RJSFSchema): OutputUnit[] {
    // A subschema of the form may refer to the form's definitions.
    const withDefinitions: Schema = rootSchema
      ? {
          ...(schema as Schema),
          ...(rootSchema['definitions'] ? { definitions: rootSchema['definitions'] } : {}),
          ...(rootSchema['$defs'] ? { $defs: rootSchema['$defs'] } : {}),
        }
      : (schema as Schema);
    return new Validator(withDefinitions, '2020-12', false).validate(data).errors;
  }

  validateFormData(
    formData: Record<string, unknown> | undefined,
    schema: RJSFSchema,
    _customValidate?: CustomValidator<Record<string, unknown>>,
    transformErrors?: ErrorTransformer<Record<string, unknown>>,
    uiSchema?: UiSchema<Record<string, unknown>>,
  ): ValidationData<Record<string, unknown>> {
    let errors: RJSFValidationError[] = this.run(schema, formData ?? {})
      .filter((unit) => !WRAPPERS.has(unit.keyword))
      .map((unit) => {
        let property = propertyOf(unit.instanceLocation);
        if (unit.keyword === 'required') {
          // "Instance does not have required property "address"." — the field is the missing one.
          const missing = /"([^"]+)"/.exec(unit.error)?.[1];
          property = missing ? `${property}.${missing}` : property;
        }
        const limit = valueAt(schema, unit.keywordLocation);
        const message = this.wording(unit.keyword, limit);
        return {
          name: unit.keyword,
          property,
          message,
          params: { limit },
          stack: `${property} ${message}`.trim(),
          schemaPath: unit.keywordLocation,
        };
      });
    // One message per field and keyword: a schema's alternatives may repeat one.
    errors = errors.filter(
      (error, index) =>
        errors.findIndex((e) => e.property === error.property && e.name === error.name) === index,
    );
    if (transformErrors) {
      errors = transformErrors(errors, uiSchema);
    }
    return { errors, errorSchema: toErrorSchema<Record<string, unknown>>(errors) };
  }

  isValid(
    schema: RJSFSchema,
    formData: Record<string, unknown> | undefined,
    rootSchema: RJSFSchema,
  ): boolean {
    return this.run(schema, formData, rootSchema).length === 0;
  }

  // The interface's generic signature: the caller names what it reads the errors as.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
  rawValidation<Result = unknown>(schema: RJSFSchema, formData?: Record<string, unknown>) {
    return { errors: this.run(schema, formData) as Result[] };
  }
}
