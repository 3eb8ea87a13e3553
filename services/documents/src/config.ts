import { LocalPorts } from '@orbita/contracts';
import type { ConfigOf } from '@orbita/platform';
import { env, eventsConfig, httpConfig, minioConfig, mongoConfig, natsConfig } from '@orbita/platform';

export const documentsConfigShape = {
  ...httpConfig(LocalPorts.documents),
  ...natsConfig,
  ...mongoConfig('orbita_documents'),
  ...minioConfig,
  MINIO_BUCKET: env.string('orbita-documents', 'Bucket that holds the file contents'),
  MAX_UPLOAD_BYTES: env.int(1024 * 1024 * 1024, 'Largest file accepted, in bytes', 1),
  CHROMIUM_PATH: env.string('/usr/bin/chromium', 'Chromium that renders documents to PDF'),
  RENDER_POOL_SIZE: env.int(2, 'Documents rendered to PDF at once (Chromium pages); more wait for one', 1),
  RENDER_TIMEOUT_MS: env.int(30_000, 'Longest a PDF render may take, waiting for a page included', 1000),
  RENDER_TIME_ZONE: env.string('Europe/Moscow', 'IANA time zone the dates of documents are read in'),
  ...eventsConfig,
};

export type DocumentsConfig = ConfigOf<typeof documentsConfigShape>;
