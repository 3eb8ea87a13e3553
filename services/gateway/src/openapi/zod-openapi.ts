import type { ApiBodyOptions } from '@nestjs/swagger';
import { z } from 'zod';

/** The schema object type @nestjs/swagger takes (not exported by its package entry). */
export type SchemaObject = Extract<ApiBodyOptions, { schema: unknown }>['schema'];

/**
 * The OpenAPI schema of a contract schema, so the docs describe exactly what is validated: the
 * contracts stay the single source of truth.
 */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output' = 'output'): SchemaObject {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as SchemaObject;
}
