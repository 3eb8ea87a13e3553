import { LocalPorts } from '@orbita/contracts';
import type { ConfigOf } from '@orbita/platform';
import { z } from 'zod';
import { env, eventsConfig, httpConfig, minioConfig, mongoConfig, natsConfig, secret } from '@orbita/platform';

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
  DOCUMENTS_TIME_ZONE: env.string('Europe/Moscow', 'Time zone of the books: the year of a document number'),
  RENDER_RETRY_MS: env.int(
    60_000,
    'How long after a failed (or interrupted) render a generated document is rendered again; doubles up to 10 minutes',
    100,
  ),
  RENDER_SWEEP_MS: env.int(5_000, 'How often generated documents whose render is due are looked for', 100),
  ...eventsConfig,
};

export type DocumentsConfig = ConfigOf<typeof documentsConfigShape>;
