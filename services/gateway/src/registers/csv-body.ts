import type { FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { REGISTER_IMPORT_MAX_BYTES } from '@orbita/contracts';
import { AppError, contentTypeCharset } from '@orbita/platform';

/**
 * The body of a CSV import as text: UTF-8 (with or without a BOM, which is dropped), at most
 * REGISTER_IMPORT_MAX_BYTES — the body crosses NATS in one message — refused beyond that as soon
 * as the limit is passed, without reading the rest.
 */
export async function readCsvBody(request: FastifyRequest, payload: Readable): Promise<string> {
  const charset = contentTypeCharset(request.headers['content-type']);
  if (charset !== null && charset !== 'utf-8' && charset !== 'utf8') {
    throw AppError.unsupportedMediaType({
      en: `CSV is accepted only in UTF-8, not in "${charset}"`,
      ru: `CSV принимается только в кодировке UTF-8, а не "${charset}"`,
    });
  }
  const body = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > REGISTER_IMPORT_MAX_BYTES) {
        // Drained rather than destroyed, so the answer still reaches the sender.
        payload.off('data', onData);
        payload.resume();
        reject(AppError.payloadTooLarge('body', REGISTER_IMPORT_MAX_BYTES));
        return;
      }
      chunks.push(chunk);
    };
    payload.on('data', onData);
    payload.once('end', () => {
      resolve(Buffer.concat(chunks));
    });
    payload.once('error', reject);
  });
  try {
    // fatal: a byte sequence that is not UTF-8 (a file saved as Windows-1251) is refused, not garbled.
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw AppError.validation({
      en: 'the CSV is not UTF-8 text: save it as "CSV UTF-8"',
      ru: 'CSV не в кодировке UTF-8: сохраните его как «CSV UTF-8»',
    });
  }
}
