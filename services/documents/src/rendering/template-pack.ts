import { Inject, Injectable, Logger } from '@nestjs/common';
import type { TemplateDelegate } from 'handlebars';
import type { ValidateFunction } from 'ajv';
import { AppError, JsonSchemaValidator } from '@orbita/platform';
import type { DocumentTemplate, RenderContext } from './document-template';
import { isDocumentType } from './document-type';
import { embeddedFontFaces } from './font-faces.util';
import { COMPILE_OPTIONS, RUNTIME_OPTIONS, createSandbox } from './handlebars-sandbox';
import type { Sandbox } from './handlebars-sandbox';
import { assertTimeZone } from './helpers/ru-date.util';
import { RENDERING_OPTIONS } from './rendering.options';
import type { RenderingOptions } from './rendering.options';
import { readPackFiles } from './template-files.util';
import type { TemplateFiles } from './template-files.util';

interface CompiledTemplate {
  template: DocumentTemplate;
  body: TemplateDelegate;
  title: { ru: TemplateDelegate; en: TemplateDelegate };
  validate: ValidateFunction;
}

/** Everything a page may load: nothing from the network, styles and fonts inline only. */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:";

const KEY = /^[a-z][a-z0-9-]*$/;

/**
 * PT Sans and PT Serif have no glyph for U+202F, the narrow no-break space amounts are grouped
 * with, and Chromium then draws it almost without width ("187090,66"). Each one in the text (never
 * inside a tag) is wrapped so the stylesheet gives it the width of a thin space; the character
 * itself stays, for copying and text extraction.
 */
function widenNarrowSpaces(html: string): string {
  return html
    .split(/(<[^>]*>)/)
    .map((part) =>
      part.startsWith('<') ? part : part.replace(/\u202f/g, '<span class="nnbsp">\u202f</span>'),
    )
    .join('');
}

function isLocalised(value: unknown): value is { ru: string; en: string } {
  if (value === null || typeof value !== 'object') {
    return false;
  }
  const { ru, en } = value as Record<string, unknown>;
  return typeof ru === 'string' && ru !== '' && typeof en === 'string' && en !== '';
}

/** Checks a template.json; a broken one stops the service at start, naming the file and the field. */
function manifestOf(files: TemplateFiles): DocumentTemplate {
  const where = `${files.dir}/template.json`;
  const m = files.manifest as Record<string, unknown> | null;
  const fail = (problem: string): never => {
    throw new Error(`${where}: ${problem}`);
  };
  if (m === null || typeof m !== 'object' || Array.isArray(m)) {
    return fail('must be a JSON object');
  }
  const known = new Set(['key', 'documentType', 'names', 'titlePattern', 'dataSchema', 'landscape']);
  for (const field of Object.keys(m)) {
    if (!known.has(field)) {
      fail(`unknown field "${field}"`);
    }
  }
  if (m['key'] !== files.key || !KEY.test(files.key)) {
    fail(`key must be the folder name "${files.key}" (lower case letters, digits and dashes)`);
  }
  if (!isDocumentType(m['documentType'])) {
    fail(`documentType ${JSON.stringify(m['documentType'])} is not a known document type`);
  }
  if (!isLocalised(m['names'])) {
    fail('names must have ru and en');
  }
  if (!isLocalised(m['titlePattern'])) {
    fail('titlePattern must have ru and en');
  }
  const schema = m['dataSchema'];
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    fail('dataSchema must be a JSON Schema object');
  }
  if ((schema as Record<string, unknown>)['type'] !== 'object') {
    fail('dataSchema must describe an object ("type": "object"): the data is merged with `doc`');
  }
  if (m['landscape'] !== undefined && typeof m['landscape'] !== 'boolean') {
    fail('landscape must be true or false');
  }
  return {
    key: files.key,
    documentType: m['documentType'] as DocumentTemplate['documentType'],
    names: m['names'] as DocumentTemplate['names'],
    titlePattern: m['titlePattern'] as DocumentTemplate['titlePattern'],
    dataSchema: schema as object,
    ...(m['landscape'] === true ? { landscape: true } : {}),
  };
}

/**
 * The document templates of services/documents/templates, read and compiled once when the service
 * starts (a template that does not compile stops it there, not at the first document). Renders a
 * template's data, checked against its JSON Schema, into a self-contained HTML page for PdfRenderer.
 */
@Injectable()
export class TemplatePack {
  private readonly logger = new Logger(TemplatePack.name);
  private readonly sandbox: Sandbox;
  private readonly templates = new Map<string, CompiledTemplate>();
  private readonly head: string;
  private readonly validator = new JsonSchemaValidator();

  constructor(@Inject(RENDERING_OPTIONS) options: Pick<RenderingOptions, 'templatesDir' | 'timeZone'>) {
    assertTimeZone(options.timeZone);
    this.sandbox = createSandbox(options.timeZone);
    const files = readPackFiles(options.templatesDir);
    for (const [name, source] of Object.entries(files.partials)) {
      this.sandbox.registerPartial(name, this.sandbox.compile(source, COMPILE_OPTIONS));
    }
    for (const templateFiles of files.templates) {
      const template = manifestOf(templateFiles);
      const compile = (source: string, noEscape = false): TemplateDelegate => {
        const delegate = this.sandbox.compile(source, { ...COMPILE_OPTIONS, noEscape });
        // Handlebars compiles lazily on first call; a syntax error must surface now, at start.
        this.sandbox.precompile(source, { ...COMPILE_OPTIONS, noEscape });
        return delegate;
      };
      try {
        this.templates.set(template.key, {
          template,
          body: compile(templateFiles.source),
          // Titles are plain text (file names, e-mail subjects), not HTML.
          title: { ru: compile(template.titlePattern.ru, true), en: compile(template.titlePattern.en, true) },
          validate: this.validator.compile(template.dataSchema, templateFiles.dir),
        });
      } catch (err) {
        throw new Error(
          `The template ${templateFiles.dir} does not compile: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    }
    this.head =
      `<meta charset="utf-8">` +
      `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">` +
      `<style>\n${embeddedFontFaces()}\n</style>\n<style>\n${files.stylesheet}\n</style>`;
    this.logger.log({ msg: 'Templates loaded', templates: [...this.templates.keys()] });
  }

  list(): DocumentTemplate[] {
    return [...this.templates.values()].map((t) => t.template);
  }

  get(key: string): DocumentTemplate | undefined {
    return this.templates.get(key)?.template;
  }

  /**
   * The template's page as self-contained HTML (fonts and styles inline, nothing to fetch). The
   * data is checked against the template's JSON Schema first: a mismatch is VALIDATION_FAILED with
   * the path and reason of every problem, in English and Russian.
   */
  renderHtml(key: string, data: unknown, context: RenderContext): string {
    const compiled = this.compiled(key);
    const input = this.input(compiled, data, context);
    const body = widenNarrowSpaces(compiled.body(input, RUNTIME_OPTIONS));
    const title = this.sandbox.escapeExpression(compiled.title.ru(input, RUNTIME_OPTIONS));
    const orientation = compiled.template.landscape ? 'landscape' : 'portrait';
    return (
      `<!doctype html>\n<html lang="ru">\n<head>\n${this.head}\n<title>${title}</title>\n</head>\n` +
      `<body class="${orientation} template-${compiled.template.key}">\n${body}\n</body>\n</html>\n`
    );
  }

  /** Checks the data against the template's JSON Schema (VALIDATION_FAILED as renderHtml gives it). */
  validate(key: string, data: unknown): void {
    const compiled = this.compiled(key);
    this.validator.assertValid(compiled.validate, data, dataOfTemplate(compiled.template.key));
  }

  /** The document's title, e.g. "Счёт на оплату № 17 от 1 декабря 2026 г." (English with locale "en"). */
  title(key: string, data: unknown, context: RenderContext, locale: 'ru' | 'en' = 'ru'): string {
    const compiled = this.compiled(key);
    return compiled.title[locale](this.input(compiled, data, context), RUNTIME_OPTIONS)
      .replace(/\s+/g, ' ')
      .trim();
  }

  private compiled(key: string): CompiledTemplate {
    const compiled = this.templates.get(key);
    if (!compiled) {
      throw AppError.validation({
        en: `there is no document template "${key}"`,
        ru: `шаблона документа «${key}» нет`,
      });
    }
    return compiled;
  }

  private input(compiled: CompiledTemplate, data: unknown, context: RenderContext): Record<string, unknown> {
    this.validator.assertValid(compiled.validate, data, dataOfTemplate(compiled.template.key));
    return { ...(data as Record<string, unknown>), doc: context };
  }
}

function dataOfTemplate(key: string): { en: string; ru: string } {
  return { en: `the data of the template "${key}"`, ru: `данные шаблона «${key}»` };
}
