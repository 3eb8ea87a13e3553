import Handlebars from 'handlebars';
import { documentHelpers } from './helpers/document-helpers';

export type Sandbox = typeof Handlebars;

/**
 * A Handlebars environment of its own, so that nothing registered elsewhere in the process (another
 * library's helpers or partials) reaches the documents, and ours reach nothing else. Prototype
 * access stays forbidden (Handlebars' defaults since 4.6: no allowProtoPropertiesByDefault), so a
 * template can never read `constructor` or `__proto__` of the data.
 */
export function createSandbox(timeZone: string): Sandbox {
  const sandbox = Handlebars.create();
  for (const [name, helper] of Object.entries(documentHelpers(timeZone))) {
    sandbox.registerHelper(name, helper);
  }
  return sandbox;
}

/** Compile options of every document template: a missing field is an error, not an empty cell. */
export const COMPILE_OPTIONS = { strict: true, noEscape: false } as const;

/** Runtime options: prototype access denied, explicitly, whatever the library's defaults become. */
export const RUNTIME_OPTIONS = {
  allowProtoPropertiesByDefault: false,
  allowProtoMethodsByDefault: false,
} as const;
