import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { latinProseIn } from '@orbita/contracts';

const repoRoot = resolve(__dirname, '..', '..', '..');

/** The shipped sources (not specs, not builds) of every lib and service. */
function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path);
      } else if (
        entry.name.endsWith('.ts') &&
        !/\.(spec|int-spec|e2e-spec|medium-spec|d)\.ts$/.test(entry.name)
      ) {
        files.push(path);
      }
    }
  };
  for (const group of ['libs', 'services']) {
    for (const project of readdirSync(join(repoRoot, group))) {
      const src = join(repoRoot, group, project, 'src');
      try {
        walk(src);
      } catch {
        // A project without src.
      }
    }
  }
  return files;
}

interface Found {
  at: string;
  text: string;
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
}

function where(source: ts.SourceFile, node: ts.Node): string {
  const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
  return `${relative(repoRoot, source.fileName)}:${line + 1}`;
}

/** Every string and template literal with Cyrillic in it; a `${…}` counts as a quoted value. */
function russianTexts(source: ts.SourceFile): Found[] {
  const found: Found[] = [];
  const visit = (node: ts.Node): void => {
    let text: string | null = null;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      text = node.text;
    } else if (ts.isTemplateExpression(node)) {
      text = node.head.text + node.templateSpans.map((span) => `"…"${span.literal.text}`).join('');
    }
    if (text !== null && /[А-Яа-яЁё]/.test(text)) {
      found.push({ at: where(source, node), text });
    }
    if (!ts.isTemplateExpression(node)) {
      ts.forEachChild(node, visit);
    }
  };
  visit(source);
  return found;
}

const REASON_FACTORIES = /^AppError\.(validation|conflict|unsupportedMediaType)$/;

/**
 * Reasons a Russian caller would read in English: `AppError.validation('…')` with a bare string (the
 * types refuse it too, this names the place), or `new AppError(code, { reason })` without `reason_ru`.
 */
function reasonsWithoutRussian(source: ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && REASON_FACTORIES.test(node.expression.getText(source))) {
      const reason = node.arguments[0];
      if (reason && (ts.isStringLiteralLike(reason) || ts.isTemplateExpression(reason))) {
        found.push(where(source, node));
      }
    }
    if (ts.isNewExpression(node) && node.expression.getText(source) === 'AppError') {
      const params = node.arguments?.[1];
      if (params && ts.isObjectLiteralExpression(params)) {
        const names = params.properties.map((p) => p.name?.getText(source) ?? '');
        if (names.includes('reason') && !names.includes('reason_ru')) {
          found.push(where(source, node));
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('texts in the sources meant for Russian readers', () => {
  const sources = sourceFiles().map(parse);

  it('finds the sources (the scan itself works)', () => {
    expect(sources.length).toBeGreaterThan(100);
    const texts = sources.flatMap(russianTexts);
    expect(texts.length).toBeGreaterThan(50);
  });

  it('carry no English prose', () => {
    const offending = sources
      .flatMap(russianTexts)
      .map((found) => ({ ...found, latin: latinProseIn(found.text) }))
      .filter((found) => found.latin.length > 0);
    expect(offending).toEqual([]);
  });

  it('are given wherever an AppError is built with a reason', () => {
    expect(sources.flatMap(reasonsWithoutRussian)).toEqual([]);
  });
});
