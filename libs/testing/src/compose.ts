import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@orbita/infra';
import { parse } from 'yaml';

/**
 * Reads docker-compose.yml so unit specs can hold it to the services' config shapes: what a
 * service's `environment:` sets must be declared by its config and must pass its validation.
 */
export const composeFilePath = join(repoRoot, 'docker-compose.yml');

/** Documents what docker-compose.yml interpolates and, per service, what its config reads. */
export const envExamplePath = join(repoRoot, '.env.example');

/** What a test may substitute for `${VAR}` / `${VAR:?message}`, which have no default to use. */
export const COMPOSE_DUMMY_VALUE = 'x-long-enough-secret-value';

type ComposeService = { environment?: unknown };
type ComposeFile = { services?: Record<string, ComposeService | null> };

export function readComposeFile(path: string = composeFilePath): ComposeFile {
  const parsed: unknown = parse(readFileSync(path, 'utf8'), { merge: true });
  if (parsed === null || typeof parsed !== 'object') {
    throw new Error(`${path} is not a compose file`);
  }
  return parsed;
}

export function composeServiceNames(path: string = composeFilePath): string[] {
  return Object.keys(readComposeFile(path).services ?? {});
}

/**
 * The `environment:` of a compose service as written (interpolations left in place), in either
 * form: a map (`KEY: value`) or a list (`- KEY=value`). A variable passed through from the host
 * without a value (`KEY:` / `- KEY`) is returned as `${KEY}`, which is what it means.
 */
export function composeEnvironment(service: string, path: string = composeFilePath): Record<string, string> {
  const definition = readComposeFile(path).services?.[service];
  if (!definition) {
    throw new Error(`docker-compose.yml has no service "${service}"`);
  }
  const environment = definition.environment;
  const out: Record<string, string> = {};
  if (environment === undefined || environment === null) {
    return out;
  }
  if (Array.isArray(environment)) {
    for (const entry of environment as unknown[]) {
      if (typeof entry !== 'string') {
        throw new Error(`${service}: environment entry ${JSON.stringify(entry)} is not a string`);
      }
      const eq = entry.indexOf('=');
      const key = eq === -1 ? entry : entry.slice(0, eq);
      out[key] = eq === -1 ? `\${${key}}` : entry.slice(eq + 1);
    }
    return out;
  }
  if (typeof environment !== 'object') {
    throw new Error(`${service}: environment is neither a map nor a list`);
  }
  for (const [key, value] of Object.entries(environment as Record<string, unknown>)) {
    if (value === null || value === undefined) {
      out[key] = `\${${key}}`;
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      out[key] = String(value);
    } else {
      throw new Error(`${service}: environment value of ${key} is not a scalar`);
    }
  }
  return out;
}

/**
 * The names of the variables a compose service (or, without one, the whole file) interpolates:
 * `${VAR}`, `${VAR:-default}`, `$VAR`, … anywhere in its definition (environment, ports, …),
 * including those nested in defaults.
 */
export function composeInterpolatedVariables(service?: string, path: string = composeFilePath): string[] {
  const file = readComposeFile(path);
  const root: unknown = service === undefined ? file : file.services?.[service];
  if (root === undefined || root === null) {
    throw new Error(`docker-compose.yml has no service "${String(service)}"`);
  }
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (typeof node === 'string') {
      for (const match of node.replace(/\$\$/g, '').matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) {
        names.add(match[1] ?? '');
      }
    } else if (Array.isArray(node)) {
      node.forEach(visit);
    } else if (node !== null && typeof node === 'object') {
      Object.values(node).forEach(visit);
    }
  };
  visit(root);
  return [...names].sort();
}

/**
 * What .env.example documents: `compose`, the variables docker-compose.yml interpolates (set or
 * shown commented out before the first service section), and per service (`# [name] …` sections)
 * the variables its config reads (`#   NAME=default` lines).
 */
export function readEnvExample(path: string = envExamplePath): {
  compose: string[];
  services: Record<string, string[]>;
} {
  const compose: string[] = [];
  const services: Record<string, string[]> = {};
  let section: string[] | null = null;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const heading = /^# \[([a-z0-9-]+)\]/.exec(line);
    if (heading) {
      section = [];
      services[heading[1] ?? ''] = section;
      continue;
    }
    const variable = section
      ? /^# {3}([A-Z][A-Z0-9_]*)=/.exec(line)
      : /^(?:# ?)?([A-Z][A-Z0-9_]*)=/.exec(line);
    if (variable) {
      (section ?? compose).push(variable[1] ?? '');
    }
  }
  return { compose, services };
}

/**
 * Resolves compose interpolation the way `docker compose` would with no variables set:
 * `${VAR:-default}` / `${VAR-default}` become the default (itself resolved, so nesting works),
 * `${VAR:+alt}` / `${VAR+alt}` become empty, `${VAR}`, `$VAR`, `${VAR:?msg}` / `${VAR?msg}` (which
 * compose would refuse) become `dummy`, and `$$` becomes `$`.
 */
export function interpolateCompose(value: string, dummy: string = COMPOSE_DUMMY_VALUE): string {
  let out = '';
  let i = 0;
  while (i < value.length) {
    const ch = value.charAt(i);
    if (ch !== '$') {
      out += ch;
      i += 1;
      continue;
    }
    const next = value.charAt(i + 1);
    if (next === '$') {
      out += '$';
      i += 2;
    } else if (next === '{') {
      const end = closingBrace(value, i + 2);
      out += resolveBraced(value.slice(i + 2, end), dummy);
      i = end + 1;
    } else {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(value.slice(i + 1));
      if (name) {
        out += dummy;
        i += 1 + name[0].length;
      } else {
        out += '$';
        i += 1;
      }
    }
  }
  return out;
}

/** A compose service's environment with every interpolation resolved by {@link interpolateCompose}. */
export function resolvedComposeEnvironment(
  service: string,
  dummy: string = COMPOSE_DUMMY_VALUE,
  path: string = composeFilePath,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(composeEnvironment(service, path)).map(([key, value]) => [
      key,
      interpolateCompose(value, dummy),
    ]),
  );
}

/** Anything with zod's `safeParse`: a config shape's schemas, without depending on the platform. */
type ParsesInput = Record<string, { safeParse(input: unknown): { success: boolean; data?: unknown } }>;

/**
 * The variables of a config shape whose default points at the loopback interface (127.0.0.1,
 * localhost): inside a container that reaches nothing, so a compose service must set each of them.
 */
export function loopbackDefaults(shape: ParsesInput): string[] {
  return Object.entries(shape)
    .map(([key, schema]) => [key, schema.safeParse(undefined).data] as const)
    .filter(([, value]) => typeof value === 'string' && /127\.0\.0\.1|localhost|\[::1\]/.test(value))
    .map(([key]) => key);
}

function closingBrace(value: string, from: number): number {
  let depth = 1;
  for (let i = from; i < value.length; i += 1) {
    if (value[i] === '{') {
      depth += 1;
    } else if (value[i] === '}') {
      depth -= 1;
      if (depth === 0) {
        return i;
      }
    }
  }
  throw new Error(`Unclosed \${ in ${JSON.stringify(value)}`);
}

function resolveBraced(expression: string, dummy: string): string {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/.exec(expression);
  if (!match) {
    throw new Error(`Unsupported compose interpolation \${${expression}}`);
  }
  const operator = match[2] ?? '';
  const argument = match[3] ?? '';
  if (operator === ':-' || operator === '-') {
    return interpolateCompose(argument, dummy);
  }
  if (operator === ':+' || operator === '+') {
    return '';
  }
  // `${VAR}`, `${VAR:?message}`, `${VAR?message}`: the value must come from the environment.
  return dummy;
}
