import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode, describeBytes } from '@orbita/contracts';
import type { ObjectStorage } from '@orbita/platform';
import { AppError } from '@orbita/platform';
import { OBJECT_STORAGE } from '../config.token';
import { noneMatchHits, selectRange } from './byte-range.util';
import { contentDisposition } from './content-disposition.util';
import { dispositionOf } from './content-policy';

/** Content to send, as its metadata describes it (the caller has checked access). */
export interface ServedContent {
  storageKey: string;
  size: number;
  sha256: string;
  mimeType: string;
  fileName: string;
}

/**
 * Only the user's own browser may keep a copy, and it asks again before using it (the ETag makes
 * that a 304): a user who lost access gets the refusal, not the copy. See docs/adr/014.
 */
export const CONTENT_CACHE_CONTROL = 'private, no-cache';

/**
 * Sends stored content over HTTP as browsers and download managers expect it: ranges, revalidation
 * and a name that survives any character, without ever letting the browser run it (nosniff,
 * attachment for markup and scripts; the gateway's CSP applies on top).
 */
@Injectable()
export class ContentResponder {
  constructor(@Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage) {}

  /**
   * Sends the content with Range (single range → 206 + Content-Range, unsatisfiable → 416), ETag
   * "sha256" + If-None-Match → 304, Accept-Ranges, Content-Length, Content-Disposition (RFC 6266 /
   * 5987: inline for PDF and raster images, attachment for everything else and always for HTML,
   * SVG, XML and scripts), X-Content-Type-Options: nosniff, Cache-Control: private, X-Content-SHA256.
   */
  async send(request: FastifyRequest, reply: FastifyReply, content: ServedContent): Promise<void> {
    const etag = `"${content.sha256}"`;
    void reply
      .header('etag', etag)
      .header('cache-control', CONTENT_CACHE_CONTROL)
      .header('x-content-type-options', 'nosniff')
      .header('x-content-sha256', content.sha256)
      .header('accept-ranges', 'bytes');
    if (noneMatchHits(header(request, 'if-none-match'), etag)) {
      await reply.status(304).send();
      return;
    }
    const range = selectRange(header(request, 'range'), header(request, 'if-range'), etag, content.size);
    if (range.kind === 'unsatisfiable') {
      void reply.header('content-range', `bytes */${content.size}`);
      const size = describeBytes(content.size);
      throw new AppError(ErrorCode.RangeNotSatisfiable, {
        size: size.en,
        size_ru: size.ru,
        sizeBytes: content.size,
      });
    }
    void reply
      .header('content-type', content.mimeType)
      .header('content-disposition', contentDisposition(dispositionOf(content.mimeType), content.fileName));
    if (range.kind === 'whole') {
      const body = await this.storage.get(content.storageKey);
      await reply.header('content-length', String(content.size)).send(body);
      return;
    }
    const length = range.end - range.start + 1;
    const body = await this.storage.getRange(content.storageKey, range.start, length);
    await reply
      .status(206)
      .header('content-range', `bytes ${range.start}-${range.end}/${content.size}`)
      .header('content-length', String(length))
      .send(body);
  }
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
