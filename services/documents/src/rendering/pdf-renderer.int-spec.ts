import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestingModule } from '@nestjs/testing';
import { Test } from '@nestjs/testing';
import type { Browser } from 'playwright-core';
import { AppError, HealthRegistry, ServiceConfigModule, loadConfig } from '@orbita/platform';
import { documentsConfigShape } from '../config';
import { DOCUMENTS_CONFIG } from '../config.token';
import { PdfRenderer, RenderingModule, TemplatePack } from './index';
import { defaultTemplatesDir } from './template-files.util';
import { readExample } from './template-examples.util';

// Real Chromium (CHROMIUM_PATH, /usr/bin/chromium by default) and poppler's pdftotext/pdffonts.
const templatesDir = defaultTemplatesDir();
const config = loadConfig(documentsConfigShape, {});
let moduleRef: TestingModule;

let pack: TemplatePack;
let renderer: PdfRenderer;
let work: string;

function pdfTool(tool: string, args: string[], pdf: Buffer): string {
  const file = join(work, `${tool}-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });
}

/** The PDF's text with runs of white space (layout gaps, narrow no-break spaces) as one space. */
function text(pdf: Buffer, pages?: { first: number; last: number }): string {
  const range = pages ? ['-f', String(pages.first), '-l', String(pages.last)] : [];
  return pdfTool('pdftotext', ['-layout', ...range], pdf).replace(/\s+/g, ' ');
}

function pageCount(pdf: Buffer): number {
  return Number(/Pages:\s+(\d+)/.exec(pdfTool('pdfinfo', [], pdf))?.[1]);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'orbita-pdf-'));
  moduleRef = await Test.createTestingModule({
    imports: [ServiceConfigModule.provide(DOCUMENTS_CONFIG, config), RenderingModule],
  }).compile();
  await moduleRef.init();
  pack = moduleRef.get(TemplatePack);
  renderer = moduleRef.get(PdfRenderer);
});

afterAll(async () => {
  await moduleRef.close();
  rmSync(work, { recursive: true, force: true });
});

const expected: Record<string, string[]> = {
  invoice: [
    'Счёт на оплату № 17 от 1 декабря 2026 г.',
    'ТРЦ «Радуга»',
    'Сто восемьдесят семь тысяч девяносто рублей 66 копеек',
    'НДС (22 %): 33 737,66',
  ],
  act: [
    'Акт № 17 от 30 ноября 2026 г.',
    'ТРЦ «Радуга»',
    'Сто восемьдесят семь тысяч девяносто рублей 66 копеек',
  ],
  'invoice-facture': [
    'СЧЁТ-ФАКТУРА № 17 от 30 ноября 2026 г.',
    'ООО «Радуга Молл»',
    'Всего к оплате (9)',
    '1137',
  ],
  'reconciliation-act': [
    'Акт сверки взаимных расчётов № 4',
    'двести тридцать три тысячи девятьсот семьдесят пять рублей 40 копеек',
  ],
  supplement: ['Дополнительное соглашение № 3', 'ТРЦ «Радуга»', '«01» декабря 2026 г.'],
  order: [
    'ПРИКАЗ',
    'о предоставлении отпуска работнику',
    'Лебедева Екатерина Павловна',
    '17 календарных дней',
  ],
  'acknowledgement-sheet': ['Лист ознакомления № 45-1', 'ООО «Вкус Города»', 'Ознакомлено: 8 из 10'],
  receipt: [
    'Квитанция о получении документа № R-2026-4107',
    'npm run verify-receipt -- receipt-R-2026-4107.json',
    'Ed25519',
    '01.12.2026 11:42:17 (UTC+03:00)',
  ],
};

describe('PdfRenderer with the template pack', () => {
  it.each(Object.keys(expected))(
    '%s: the example renders to a PDF with its Cyrillic text and page numbers',
    async (key) => {
      const template = pack.get(key);
      const { context, data } = readExample(templatesDir, key);
      const pdf = await renderer.render(pack.renderHtml(key, data, context), {
        landscape: template?.landscape === true,
      });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const pages = pageCount(pdf);
      const content = text(pdf);
      for (const phrase of expected[key] ?? []) {
        expect(content).toContain(phrase);
      }
      expect(content).toContain(`стр. 1 из ${pages}`);
      // Every font in the PDF is an embedded PT Sans or PT Serif: no system fallback crept in.
      const fonts = pdfTool('pdffonts', [], pdf).split('\n').slice(2).filter(Boolean);
      expect(fonts.length).toBeGreaterThan(0);
      for (const line of fonts) {
        expect(line).toMatch(/^[A-Z]{6}\+PT(Sans|Serif)-\S+\s.*\byes\s+yes\s+yes\b/);
      }
    },
  );

  it('breaks a long table across pages with the header repeated', async () => {
    const { context, data } = readExample(templatesDir, 'invoice');
    const items = Array.from({ length: 120 }, (_, i) => ({
      name: `Вывоз ТКО с объекта ТРЦ «Радуга», рейс ${i + 1}`,
      unit: 'рейс',
      quantity: 1,
      price: 4850,
    }));
    const pdf = await renderer.render(pack.renderHtml('invoice', { ...(data as object), items }, context));
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThanOrEqual(2);
    const second = text(pdf, { first: 2, last: 2 });
    expect(second).toContain('Товары (работы, услуги)');
    expect(second).toContain(`стр. 2 из ${pages}`);
    // No row is split: every one of the 120 rows appears whole once.
    const all = text(pdf);
    for (const n of [1, 60, 120]) {
      expect(all).toContain(`рейс ${n} `);
    }
    expect(text(pdf, { first: pages, last: pages })).toContain('Семьсот десять тысяч сорок рублей 00 копеек');
  });

  it('renders 20 documents at once with one Chromium and no more pages than the pool', async () => {
    const { context, data } = readExample(templatesDir, 'act');
    const html = pack.renderHtml('act', data, context);
    await renderer.render(html);
    const before = renderer.stats().launches;
    const pdfs = await Promise.all(Array.from({ length: 20 }, () => renderer.render(html)));
    expect(pdfs).toHaveLength(20);
    for (const pdf of pdfs) {
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    }
    const stats = renderer.stats();
    expect(stats.launches).toBe(before);
    expect(stats.maxPagesInUse).toBeLessThanOrEqual(config.RENDER_POOL_SIZE);
    expect(stats.pagesOpen).toBeLessThanOrEqual(config.RENDER_POOL_SIZE);
    expect(stats.pagesInUse).toBe(0);
  });

  it('refuses data that fails the schema before Chromium sees it, naming the path', () => {
    const { context } = readExample(templatesDir, 'invoice');
    const render = (): string =>
      pack.renderHtml('invoice', { vat: { rate: 22, included: false }, items: [] }, context);
    expect(render).toThrow(AppError);
    expect(render).toThrow(/items: must NOT have fewer than 1 items/);
  });

  it('starts Chromium again when it goes away', async () => {
    const { context, data } = readExample(templatesDir, 'receipt');
    const html = pack.renderHtml('receipt', data, context);
    await renderer.render(html);
    const launches = renderer.stats().launches;
    // Chromium dying under the service (a crash, an OOM kill) looks like this to it.
    await (renderer as unknown as { browser: Browser }).browser.close();
    const pdf = await renderer.render(html);
    expect(text(pdf)).toContain('Квитанция о получении документа');
    expect(renderer.stats().launches).toBe(launches + 1);
  });

  it('offers a readiness check that passes while Chromium runs and fails for a missing binary', async () => {
    const registry = new HealthRegistry();
    registry.register(renderer.healthCheck());
    const missing = new PdfRenderer({ chromiumPath: '/nonexistent/chromium', poolSize: 1, timeoutMs: 5000 });
    registry.register({ ...missing.healthCheck(), name: 'missing' });
    const health = await registry.run();
    expect(health.checks['chromium']).toBe('ok');
    expect(health.checks['missing']).toMatch(/ENOENT/);
    await expect(missing.render('<p>x</p>')).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    await missing.close();
  });

  it('answers a render that cannot finish in time with UPSTREAM_TIMEOUT', async () => {
    const slow = new PdfRenderer({ chromiumPath: config.CHROMIUM_PATH, poolSize: 1, timeoutMs: 1 });
    try {
      await expect(slow.render('<p>x</p>')).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    } finally {
      await slow.close();
    }
  });
});
