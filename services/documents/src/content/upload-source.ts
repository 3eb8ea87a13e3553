import Busboy from 'busboy';
import type { FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import type { LocalisedText } from '@orbita/contracts';
import { AppError } from '@orbita/platform';

/** An upload as it arrives: the bytes as a stream, the name the client gave, its length if declared. */
export interface UploadSource {
  stream: Readable;
  fileName: string | undefined;
  /** Content-Length when the client sent one: a too-large file is refused before reading it. */
  declaredLength: number | null;
}

const MALFORMED_MULTIPART: LocalisedText = {
  en: 'the multipart body is malformed',
  ru: 'тело multipart/form-data повреждено',
};

/**
 * The file stream of a raw (application/octet-stream) or multipart/form-data upload; `name` (the
 * query's) wins over the multipart part's file name.
 */
export function uploadSource(request: FastifyRequest, name: string | undefined): Promise<UploadSource> {
  const contentType = request.headers['content-type'] ?? '';
  const length = Number(request.headers['content-length']);
  const declaredLength = Number.isFinite(length) && length >= 0 ? length : null;
  if (!contentType.startsWith('multipart/form-data')) {
    return Promise.resolve({ stream: request.raw, fileName: name, declaredLength });
  }
  return new Promise((resolve, reject) => {
    let busboy: Busboy.Busboy;
    try {
      busboy = Busboy({ headers: request.headers, limits: { files: 1, fields: 20, fieldSize: 1024 } });
    } catch {
      reject(AppError.validation(MALFORMED_MULTIPART));
      return;
    }
    let found = false;
    busboy.on('file', (_field: string, stream: Readable, info: { filename: string }) => {
      found = true;
      // The multipart envelope is a little larger than the file, so the length check uses the stream.
      resolve({ stream, fileName: name ?? info.filename, declaredLength: null });
    });
    busboy.on('error', () => {
      reject(AppError.validation(MALFORMED_MULTIPART));
    });
    busboy.on('finish', () => {
      if (!found) {
        reject(
          AppError.validation({
            en: 'the multipart body has no file part',
            ru: 'в теле multipart/form-data нет части с файлом',
          }),
        );
      }
    });
    request.raw.pipe(busboy);
  });
}
