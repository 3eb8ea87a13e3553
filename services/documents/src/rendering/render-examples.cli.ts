import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@orbita/platform';
import { documentsConfigShape } from '../config';
import { PdfRenderer } from './pdf-renderer';
import { renderingOptionsFrom } from './rendering.module';
import { readExample } from './template-examples.util';
import { TemplatePack } from './template-pack';

/**
 * npm run render-examples: renders every template's example.json to PDF and writes the first page
 * as docs/documents/<key>.png (pdftoppm, 60 dpi), the pictures the README and ADR 013 show.
 * `--pdf <dir>` keeps the PDFs there too.
 */
async function main(): Promise<void> {
  // A command line tool: only what went wrong is worth a log line.
  Logger.overrideLogger(['warn', 'error']);
  const options = renderingOptionsFrom(loadConfig(documentsConfigShape));
  const pdfAt = process.argv.indexOf('--pdf');
  const pdfDir = pdfAt > 0 ? resolve(process.argv[pdfAt + 1] ?? '.') : null;
  const outDir = join(dirname(dirname(dirname(options.templatesDir))), 'docs', 'documents');
  mkdirSync(outDir, { recursive: true });
  const pack = new TemplatePack(options);
  const renderer = new PdfRenderer(options);
  const work = mkdtempSync(join(tmpdir(), 'orbita-render-'));
  try {
    for (const template of pack.list()) {
      const { context, data } = readExample(options.templatesDir, template.key);
      const html = pack.renderHtml(template.key, data, context);
      const pdf = await renderer.render(html, { landscape: template.landscape === true });
      const pdfPath = join(pdfDir ?? work, `${template.key}.pdf`);
      if (pdfDir) {
        mkdirSync(pdfDir, { recursive: true });
      }
      writeFileSync(pdfPath, pdf);
      execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', pdfPath, join(outDir, template.key)]);
      process.stdout.write(
        `${template.key}: ${pack.title(template.key, data, context)} → docs/documents/${template.key}.png\n`,
      );
    }
  } finally {
    await renderer.close();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
