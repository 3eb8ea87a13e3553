import { createHash } from 'node:crypto';
import type { TransformCallback } from 'node:stream';
import { Transform } from 'node:stream';
import type { LocalisedText } from '@orbita/contracts';
import { AppError } from '@orbita/platform';
import { PROGRAM_TYPES } from './content-policy';
import { SNIFF_BYTES, detectMimeType } from './content-type.util';

export const EMPTY_FILE: LocalisedText = { en: 'the file is empty', ru: 'файл пустой' };

export interface InspectedContent {
  size: number;
  sha256: string;
  mimeType: string;
}

/**
 * Sits between the upload and object storage: holds back the first bytes until the type is known
 * (a program or a type not allowed fails before a byte is stored), counts the size against the limit (a too-large
 * file fails as soon as it passes it), refuses an empty file and hashes everything that goes through.
 */
export class UploadInspector extends Transform {
  private readonly hash = createHash('sha256');
  private size = 0;
  private head: Buffer[] = [];
  private headLength = 0;
  private mimeType: string | null = null;
  private sha256: string | null = null;

  constructor(
    private readonly maxBytes: number,
    private readonly fileName: string,
    private readonly allowed: ReadonlySet<string>,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      callback(AppError.payloadTooLarge('file', this.maxBytes));
      return;
    }
    this.hash.update(chunk);
    if (this.mimeType !== null) {
      callback(null, chunk);
      return;
    }
    this.head.push(chunk);
    this.headLength += chunk.length;
    if (this.headLength < SNIFF_BYTES) {
      callback();
      return;
    }
    this.releaseHead(callback);
  }

  override _flush(callback: TransformCallback): void {
    if (this.size === 0) {
      // Nothing to store: an empty file is a mistake of the sender (a wrong path, a failed export).
      callback(AppError.validation(EMPTY_FILE));
      return;
    }
    this.sha256 = this.hash.digest('hex');
    if (this.mimeType === null) {
      this.releaseHead(callback);
      return;
    }
    callback();
  }

  private releaseHead(callback: TransformCallback): void {
    const head = Buffer.concat(this.head);
    this.head = [];
    const mimeType = detectMimeType(head.subarray(0, SNIFF_BYTES), this.fileName);
    if (PROGRAM_TYPES.has(mimeType)) {
      callback(
        AppError.unsupportedMediaType({
          en: `programs (${mimeType}) are not accepted`,
          ru: `программы (${mimeType}) не принимаются`,
        }),
      );
      return;
    }
    if (!this.allowed.has(mimeType)) {
      callback(
        AppError.unsupportedMediaType({
          en: `files of this type (${mimeType}, detected from the content) are not accepted`,
          ru: `файлы этого типа (${mimeType}, определён по содержимому) не принимаются`,
        }),
      );
      return;
    }
    this.mimeType = mimeType;
    callback(null, head);
  }

  /** What went through; only once the stream has ended. */
  result(): InspectedContent {
    if (this.sha256 === null) {
      throw new Error('The upload has not ended yet');
    }
    return { size: this.size, sha256: this.sha256, mimeType: this.mimeType ?? 'application/octet-stream' };
  }
}
