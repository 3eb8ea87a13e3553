import { LocalPorts } from '@orbita/contracts';
import type { ConfigOf } from '@orbita/platform';
import { z } from 'zod';
import {
  env,
  eventsConfig,
  httpConfig,
  minioConfig,
  mongoConfig,
  natsConfig,
  secret,
} from '@orbita/platform';
import { DEFAULT_ALLOWED_CONTENT_TYPES } from './content/content-policy';

export const documentsConfigShape = {
  ...httpConfig(LocalPorts.documents),
  ...natsConfig,
  ...mongoConfig('orbita_documents'),
  ...minioConfig,
  MINIO_BUCKET: env.string('orbita-documents', 'Bucket that holds the file contents'),
  MAX_UPLOAD_BYTES: env.int(1024 * 1024 * 1024, 'Largest file accepted, in bytes', 1),
  RECEIPT_SIGNING_KEY: secret(
    z
      .string()
      .min(16, 'must be at least 16 characters')
      .default('orbita-local-development-receipt-key')
      .describe(
        'Secret the Ed25519 key that signs document receipts is derived from; the same value on every documents instance, kept for as long as receipts must verify',
      ),
  ),
  DOCUMENTS_TIME_ZONE: env.string(
    'Europe/Moscow',
    'IANA time zone of the books: the dates printed on documents and the year of a document number',
  ),
  RENDER_RETRY_MS: env.int(
    60_000,
    'How long after a failed (or interrupted) render a generated document is rendered again; doubles up to 10 minutes',
    100,
  ),
  RENDER_SWEEP_MS: env.int(5_000, 'How often generated documents whose render is due are looked for', 100),
  RENDER_WAIT_MS: env.int(
    20_000,
    'How long a generate command waits for its PDF before it answers "pending" (the render goes on)',
    0,
  ),
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
  CHROMIUM_PATH: env.string('/usr/bin/chromium', 'Chromium that renders documents to PDF'),
  RENDER_POOL_SIZE: env.int(2, 'Documents rendered to PDF at once (Chromium pages); more wait for one', 1),
  RENDER_TIMEOUT_MS: env.int(30_000, 'Longest a PDF render may take, waiting for a page included', 1000),
  ...eventsConfig,
};

export type DocumentsConfig = ConfigOf<typeof documentsConfigShape>;
