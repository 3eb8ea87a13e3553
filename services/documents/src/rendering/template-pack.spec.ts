import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { AppError } from '@orbita/platform';
import { COMPILE_OPTIONS, RUNTIME_OPTIONS, createSandbox } from './handlebars-sandbox';
import { defaultTemplatesDir } from './template-files.util';
import { readExample } from './template-examples.util';
import { TemplatePack } from './template-pack';

const templatesDir = defaultTemplatesDir();
const pack = new TemplatePack({ templatesDir, timeZone: 'Europe/Moscow' });
const KEYS = [
  'acknowledgement-sheet',
  'act',
  'invoice',
  'invoice-facture',
  'order',
  'receipt',
  'reconciliation-act',
  'supplement',
];

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
}

/** The data with every field its schema does not require left out. */
function requiredOnly(schema: Schema, value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map((item: unknown) => (schema.items ? requiredOnly(schema.items, item) : item));
  }
  if (value !== null && typeof value === 'object' && schema.properties) {
    const out: Record<string, unknown> = {};
    for (const key of schema.required ?? []) {
      const property = schema.properties[key];
      out[key] = property ? requiredOnly(property, (value as Record<string, unknown>)[key]) : undefined;
    }
    return out;
  }
  return value;
}

describe('Handlebars sandbox', () => {
  const sandbox = createSandbox('Europe/Moscow');
  const render = (source: string, data: unknown): string =>
    sandbox.compile(source, COMPILE_OPTIONS)(data, RUNTIME_OPTIONS);

  it('refuses prototype access: constructor and __proto__ are not readable', () => {
    expect(() => render('{{constructor.name}}', {})).toThrow(/not defined/);
    expect(() => render('{{a.constructor.name}}', { a: {} })).toThrow(/not defined/);
    expect(render('{{#with a}}[{{lookup this "constructor"}}]{{/with}}', { a: {} })).toBe('[]');
    expect(render('[{{lookup this "__proto__"}}]', {})).toBe('[]');
  });

  it('fails on a missing field instead of printing nothing (strict mode)', () => {
    expect(() => render('{{missing}}', {})).toThrow(/"missing" not defined/);
  });

  it('escapes data everywhere, helpers included', () => {
    expect(render('{{a}} {{upper a}}', { a: '<script>x</script>' })).toBe(
      '&lt;script&gt;x&lt;/script&gt; &lt;SCRIPT&gt;X&lt;/SCRIPT&gt;',
    );
  });

  it('is its own instance: helpers of ours are not in the global Handlebars', () => {
    expect(Object.keys(Handlebars.helpers)).not.toContain('amountInWords');
    expect(Object.keys(sandbox.helpers)).toContain('amountInWords');
  });
});

describe('TemplatePack', () => {
  it('loads every template of the pack', () => {
    expect(pack.list().map((t) => t.key)).toEqual(KEYS);
    expect(pack.get('invoice-facture')).toMatchObject({ documentType: 'invoice-facture', landscape: true });
    expect(pack.get('nope')).toBeUndefined();
  });

  it.each(KEYS)('%s: renders its example into a self-contained page', (key) => {
    const { context, data } = readExample(templatesDir, key);
    const html = pack.renderHtml(key, data, context);
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain("font-family: 'PT Sans'");
    expect(html).toContain('data:font/woff2;base64,');
    // Nothing outside the page: no http(s) URLs in src or href.
    expect(html).not.toMatch(/(src|href)=["']?https?:/);
  });

  it.each(KEYS)('%s: renders with only the fields its schema requires', (key) => {
    const { context, data } = readExample(templatesDir, key);
    const template = pack.get(key);
    const minimal = requiredOnly(template?.dataSchema as Schema, data);
    expect(() =>
      pack.renderHtml(key, minimal, {
        number: context.number,
        date: context.date,
        owner: { name: 'ООО «Ромашка»' },
      }),
    ).not.toThrow();
  });

  it('titles documents from their pattern', () => {
    const { context, data } = readExample(templatesDir, 'invoice');
    expect(pack.title('invoice', data, context)).toBe('Счёт на оплату № 17 от 1 декабря 2026 г.');
    expect(pack.title('invoice', data, context, 'en')).toBe('Invoice No. 17 of 01.12.2026');
  });

  it('prints the amount in words and escapes the data', () => {
    const { context, data } = readExample(templatesDir, 'invoice');
    const html = pack.renderHtml(
      'invoice',
      { ...(data as object), basis: '<img src=x onerror=alert(1)>' },
      { ...context, counterparty: { name: 'ООО «Радуга Молл» & Co' } },
    );
    expect(html).toContain('Сто восемьдесят семь тысяч девяносто рублей 66 копеек');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(html).toContain('ООО «Радуга Молл» &amp; Co');
    expect(html).not.toContain('<img src=x');
    // Amounts keep their narrow no-break spaces, widened for fonts that draw them too thin.
    expect(html).toContain('187<span class="nnbsp">\u202f</span>090,66');
  });

  it('refuses data that does not fit the schema, naming each path in English and Russian', () => {
    const { context, data } = readExample(templatesDir, 'invoice');
    const bad = {
      ...(data as Record<string, unknown>),
      vat: { rate: 18, included: true },
      items: [{ name: 'Вывоз ТКО', unit: 'рейс', quantity: 'два', price: 4850 }, { unit: 'рейс' }],
      extra: 1,
    };
    let error: unknown;
    try {
      pack.renderHtml('invoice', bad, context);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.code).toBe('VALIDATION_FAILED');
    const paths = (appError.details ?? []).map((d) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining(['extra', 'vat.rate', 'items.0.quantity', 'items.1.name', 'items.1.quantity']),
    );
    const quantity = appError.details?.find((d) => d.path === 'items.0.quantity');
    expect(quantity?.message).toBe('must be number');
    expect(quantity?.message_ru).toMatch(/должно быть/);
    expect(appError.params['reason']).toContain('items.0.quantity: must be number');
    expect(appError.params['reason_ru']).toContain('items.1.name: обязательное поле');
  });

  it('refuses data that is not an object', () => {
    const { context } = readExample(templatesDir, 'invoice');
    expect(() => pack.renderHtml('invoice', null, context)).toThrow(AppError);
    expect(() => pack.renderHtml('invoice', [], context)).toThrow(AppError);
  });

  it('answers an unknown template with a validation error', () => {
    const { context, data } = readExample(templatesDir, 'invoice');
    expect(() => pack.renderHtml('nope', data, context)).toThrow(/no document template "nope"/);
  });

  describe('a broken pack stops the service at start', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'orbita-templates-'));
      mkdirSync(join(dir, 'x'));
    });
    afterEach(() => {
      rmSync(dir, { recursive: true, force: true });
    });
    const manifest = {
      key: 'x',
      documentType: 'other',
      names: { ru: 'Икс', en: 'X' },
      titlePattern: { ru: 'Икс', en: 'X' },
      dataSchema: { type: 'object' },
    };

    it('on a template that does not compile', () => {
      writeFileSync(join(dir, 'x', 'template.json'), JSON.stringify(manifest));
      writeFileSync(join(dir, 'x', 'template.hbs'), '{{#each items}}no end');
      expect(() => new TemplatePack({ templatesDir: dir, timeZone: 'Europe/Moscow' })).toThrow(
        /does not compile/,
      );
    });

    it('on a template.json that names an unknown document type', () => {
      writeFileSync(join(dir, 'x', 'template.json'), JSON.stringify({ ...manifest, documentType: 'memo' }));
      writeFileSync(join(dir, 'x', 'template.hbs'), 'ok');
      expect(() => new TemplatePack({ templatesDir: dir, timeZone: 'Europe/Moscow' })).toThrow(
        /documentType "memo"/,
      );
    });

    it('on an invalid JSON Schema', () => {
      writeFileSync(
        join(dir, 'x', 'template.json'),
        JSON.stringify({ ...manifest, dataSchema: { type: 'object', properties: { a: { type: 'nope' } } } }),
      );
      writeFileSync(join(dir, 'x', 'template.hbs'), 'ok');
      expect(() => new TemplatePack({ templatesDir: dir, timeZone: 'Europe/Moscow' })).toThrow(
        /does not compile/,
      );
    });

    it('on an unknown time zone', () => {
      expect(() => new TemplatePack({ templatesDir, timeZone: 'Mars/Olympus' })).toThrow(RangeError);
    });
  });
});
