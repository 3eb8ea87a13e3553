import { Controller, Get, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import Busboy from 'busboy';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import type { FileView, LocalisedText } from '@orbita/contracts';
import { IdSchema } from '@orbita/contracts';
import { AppError, BearerAuthGuard, RequestContext, parseOrThrow } from '@orbita/platform';
import { FilesService } from './files.service';
import type { UploadSource } from './files.service';

const MALFORMED_MULTIPART: LocalisedText = {
  en: 'the multipart body is malformed',
  ru: 'тело multipart/form-data повреждено',
};

/**
 * The streaming side of documents, called by the gateway with the user's own token: bodies go from
 * the client through the gateway into object storage without being held in memory.
 */
@ApiExcludeController()
@UseGuards(BearerAuthGuard)
@Controller('internal/files')
export class FilesHttpController {
  constructor(private readonly files: FilesService) {}

  @Post()
  async upload(@Req() request: FastifyRequest, @Query('name') name?: string): Promise<FileView> {
    const principal = RequestContext.principal();
    if (!principal) {
      throw new Error('BearerAuthGuard did not set the principal');
    }
    const source = await uploadSource(request, name);
    return this.files.upload(principal, source);
  }

  @Get(':fileId/content')
  async content(@Param('fileId') fileId: string, @Res() reply: FastifyReply): Promise<void> {
    const principal = RequestContext.principal();
    if (!principal) {
      throw new Error('BearerAuthGuard did not set the principal');
    }
    const { file, stream } = await this.files.open(principal, parseOrThrow(IdSchema, fileId));
    await reply
      .header('content-type', file.mimeType)
      .header('content-length', String(file.size))
      .header('content-disposition', contentDisposition(file.name))
      .header('x-content-sha256', file.sha256)
      .header('etag', `"${file.sha256}"`)
      .header('x-content-type-options', 'nosniff')
      .send(stream);
  }
}

/** The file stream of a raw (application/octet-stream) or multipart/form-data upload. */
function uploadSource(request: FastifyRequest, name: string | undefined): Promise<UploadSource> {
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

function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7E]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
