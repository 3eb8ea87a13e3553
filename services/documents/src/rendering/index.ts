export type {
  RenderBank,
  RenderContext,
  RenderParty,
  RenderSignatory,
  DocumentTemplate,
} from './document-template';
export { DocumentTypes, isDocumentType } from './document-type';
export type { DocumentTypeString } from './document-type';
export { PdfRenderer } from './pdf-renderer';
export type { PdfRenderOptions, PdfRendererStats } from './pdf-renderer';
export { RenderingModule } from './rendering.module';
export { TemplatePack } from './template-pack';
