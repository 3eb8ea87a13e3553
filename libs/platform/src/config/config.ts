import { z } from 'zod';

const sensitiveSchemas = new WeakSet<z.ZodType>();

/** Marks a config variable as a secret: it is never logged and shown only as `***`. */
export function secret<T extends z.ZodType>(schema: T): T {
  sensitiveSchemas.add(schema);
  return schema;
}

export type ConfigShape = Record<string, z.ZodType>;
export type ConfigOf<S extends ConfigShape> = z.output<z.ZodObject<S>>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates a service's configuration from the environment at boot, failing fast with
 * every problem listed. Nothing else in a service reads `process.env`.
 */
export function loadConfig<S extends ConfigShape>(
  shape: S,
  env: NodeJS.ProcessEnv = process.env,
): ConfigOf<S> {
  const input: Record<string, string | undefined> = {};
  for (const key of Object.keys(shape)) {
    const value = env[key];
    input[key] = value === undefined || value.trim() === '' ? undefined : value;
  }
  const result = z.object(shape).safeParse(input);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  return result.data;
}

/** The config as it may be logged: secrets masked. */
export function describeConfig<S extends ConfigShape>(
  shape: S,
  config: ConfigOf<S>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(shape)) {
    out[key] = sensitiveSchemas.has(schema) ? '***' : (config as Record<string, unknown>)[key];
  }
  return out;
}

/** Variables without a default: a deployment must set them. */
export function requiredVariables(shape: ConfigShape): string[] {
  return Object.entries(shape)
    .filter(([, schema]) => !schema.safeParse(undefined).success)
    .map(([key]) => key);
}

/** Plain decimal digits only: "0x10", "1e3" and " " are not numbers of a config file. */
function decimal() {
  return z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform((value) => Number(value));
}

export const env = {
  string: (defaultValue: string, description: string) =>
    z.string().min(1).default(defaultValue).describe(description),
  requiredString: (description: string) => z.string().min(1).describe(description),
  port: (defaultValue: number, description: string) =>
    decimal().pipe(z.number().int().min(1).max(65535)).default(defaultValue).describe(description),
  int: (defaultValue: number, description: string, min = 0) =>
    decimal().pipe(z.number().int().min(min)).default(defaultValue).describe(description),
  bool: (defaultValue: boolean, description: string) =>
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'])
      .transform((value) => value === 'true' || value === '1' || value === 'yes')
      .default(defaultValue)
      .describe(description),
  url: (defaultValue: string, description: string) =>
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .default(defaultValue)
      .describe(description),
  logLevel: () =>
    z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info')
      .describe('pino log level'),
};
