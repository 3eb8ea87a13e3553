export { ContentModule } from './content.module';
export { ContentResponder } from './content-responder';
export type { ServedContent } from './content-responder';
export { ContentStore } from './content-store';
export type { StoredContent } from './content-store';
export { uploadSource } from './upload-source';
export type { UploadSource } from './upload-source';
