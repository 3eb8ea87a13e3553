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
  ...eventsConfig,
};

export type DocumentsConfig = ConfigOf<typeof documentsConfigShape>;
