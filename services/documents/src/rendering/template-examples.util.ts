import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RenderContext } from './document-template';

export interface TemplateExample {
  context: RenderContext;
  data: unknown;
}

/**
 * A template's example.json: the context the documents domain would supply (its date as
 * "YYYY-MM-DD") and the data. Used by `npm run render-examples` and the tests.
 */
export function readExample(templatesDir: string, key: string): TemplateExample {
  const path = join(templatesDir, key, 'example.json');
  if (!existsSync(path)) {
    throw new Error(`The template "${key}" has no example.json`);
  }
  const example = JSON.parse(readFileSync(path, 'utf8')) as {
    context: Omit<RenderContext, 'date'> & { date: string };
    data: unknown;
  };
  // Midnight in Moscow: the calendar date the example names, read in the default time zone.
  const date = new Date(`${example.context.date}T00:00:00+03:00`);
  if (Number.isNaN(date.getTime())) {
    throw new Error(`${path}: context.date must be YYYY-MM-DD`);
  }
  return { context: { ...example.context, date }, data: example.data };
}
