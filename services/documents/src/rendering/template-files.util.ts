import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

const PACKAGE_NAME = '@orbita/documents-service';

/**
 * services/documents/templates, found from the package root rather than from this file, so the
 * same code finds it when run from src (ts-jest) and from dist (the service and its image).
 */
export function defaultTemplatesDir(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string };
      if (name === PACKAGE_NAME) {
        return join(dir, 'templates');
      }
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`The ${PACKAGE_NAME} package root was not found above ${from}`);
    }
    dir = parent;
  }
}

export interface TemplateFiles {
  key: string;
  dir: string;
  /** template.json, parsed, not yet checked. */
  manifest: unknown;
  source: string;
}

export interface PackFiles {
  templates: TemplateFiles[];
  /** Partials by name, from _shared/partials/<name>.hbs. */
  partials: Record<string, string>;
  /** _shared/document.css. */
  stylesheet: string;
}

/** Reads the pack: every folder with a template.json is a template; `_shared` holds what they share. */
export function readPackFiles(root: string): PackFiles {
  if (!existsSync(root)) {
    throw new Error(`The template folder ${root} does not exist`);
  }
  const shared = join(root, '_shared');
  const partialsDir = join(shared, 'partials');
  const partials: Record<string, string> = {};
  if (existsSync(partialsDir)) {
    for (const file of readdirSync(partialsDir).sort()) {
      if (file.endsWith('.hbs')) {
        partials[file.slice(0, -'.hbs'.length)] = readFileSync(join(partialsDir, file), 'utf8');
      }
    }
  }
  const stylesheetPath = join(shared, 'document.css');
  const stylesheet = existsSync(stylesheetPath) ? readFileSync(stylesheetPath, 'utf8') : '';
  const templates: TemplateFiles[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('_')) {
      continue;
    }
    const dir = join(root, entry.name);
    const manifestPath = join(dir, 'template.json');
    const sourcePath = join(dir, 'template.hbs');
    if (!existsSync(manifestPath) || !existsSync(sourcePath)) {
      throw new Error(`The template folder ${dir} needs a template.json and a template.hbs`);
    }
    templates.push({
      key: entry.name,
      dir,
      manifest: JSON.parse(readFileSync(manifestPath, 'utf8')) as unknown,
      source: readFileSync(sourcePath, 'utf8'),
    });
  }
  templates.sort((a, b) => a.key.localeCompare(b.key));
  return { templates, partials, stylesheet };
}
