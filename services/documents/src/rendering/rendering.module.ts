import { Module } from '@nestjs/common';
import type { DocumentsConfig } from '../config';
import { DOCUMENTS_CONFIG } from '../config.token';
import { PdfRenderer } from './pdf-renderer';
import { RENDERING_OPTIONS } from './rendering.options';
import type { RenderingOptions } from './rendering.options';
import { defaultTemplatesDir } from './template-files.util';
import { TemplatePack } from './template-pack';

export function renderingOptionsFrom(config: DocumentsConfig): RenderingOptions {
  return {
    templatesDir: defaultTemplatesDir(),
    timeZone: config.DOCUMENTS_TIME_ZONE,
    chromiumPath: config.CHROMIUM_PATH,
    poolSize: config.RENDER_POOL_SIZE,
    timeoutMs: config.RENDER_TIMEOUT_MS,
  };
}

/** Document templates and their PDFs: TemplatePack (data → HTML) and PdfRenderer (HTML → PDF). */
@Module({
  providers: [
    { provide: RENDERING_OPTIONS, inject: [DOCUMENTS_CONFIG], useFactory: renderingOptionsFrom },
    TemplatePack,
    PdfRenderer,
  ],
  exports: [TemplatePack, PdfRenderer],
})
export class RenderingModule {}
