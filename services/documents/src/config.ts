import { LocalPorts } from '@orbita/contracts';
import type { ConfigOf } from '@orbita/platform';
import { DEFAULT_ALLOWED_CONTENT_TYPES } from './content/content-policy';
import { env, eventsConfig, httpConfig, minioConfig, mongoConfig, natsConfig } from '@orbita/platform';

export const documentsConfigShape = {
  ...httpConfig(LocalPorts.documents),
  ...natsConfig,
  ...mongoConfig('orbita_documents'),
  ...minioConfig,
  MINIO_BUCKET: env.string('orbita-documents', 'Bucket that holds the file contents'),
  MAX_UPLOAD_BYTES: env.int(1024 * 1024 * 1024, 'Largest file accepted, in bytes', 1),
  ALLOWED_CONTENT_TYPES: env.string(
    DEFAULT_ALLOWED_CONTENT_TYPES,
    'Types accepted for upload, as detected from the content, comma-separated; programs are refused whatever it says',
  ),
  UPLOAD_PART_BYTES: env.int(
    8 * 1024 * 1024,
    'Part size of uploads to object storage, in bytes (memory held per upload; raised when MAX_UPLOAD_BYTES needs more than 10,000 parts)',
    5 * 1024 * 1024,
  ),
  UPLOAD_SWEEP_INTERVAL_MS: env.int(
    60_000,
    'How often content stored but never committed (a crash mid-upload) is looked for',
    100,
  ),
  UPLOAD_ABANDONED_AFTER_MS: env.int(
    3_600_000,
    'How long uncommitted content stays untouched before the sweep removes it',
    1_000,
  ),
  ...eventsConfig,
};

export type DocumentsConfig = ConfigOf<typeof documentsConfigShape>;
