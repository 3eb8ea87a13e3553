import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ErrorCode } from '@orbita/contracts';
import { AppError } from '@orbita/platform';
import { DEFAULT_ALLOWED_CONTENT_TYPES, parseAllowedTypes } from './content-policy';
import { SNIFF_BYTES } from './content-type.util';
import { UploadInspector } from './upload-inspector';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunksOf(data: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) {
    chunks.push(data.subarray(i, i + size));
  }
  return chunks;
}

/** Deterministic bytes that are not text and start with no known signature. */
function binary(length: number): Buffer {
  const data = Buffer.alloc(length);
  let x = 0x12345678;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    data[i] = x >>> 24;
  }
  data[0] = 0x00;
  return data;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Streams the chunks through an inspector into a sink, as the upload does into object storage. */
function inspect(chunks: Buffer[], options: { maxBytes?: number; fileName?: string; allowed?: string } = {}) {
  const inspector = new UploadInspector(
    options.maxBytes ?? 10 * 1024 * 1024,
    options.fileName ?? 'upload',
    // Unrecognised binaries are allowed here unless a test says otherwise: most tests are about bytes.
    parseAllowedTypes(options.allowed ?? `${DEFAULT_ALLOWED_CONTENT_TYPES},application/octet-stream`),
  );
  const received: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      received.push(chunk);
      callback();
    },
  });
  const done = pipeline(Readable.from(chunks), inspector, sink);
  return { inspector, done, received: () => Buffer.concat(received) };
}

describe('UploadInspector', () => {
  it.each([
    ['one chunk', 1_000_000],
    ['64 KiB chunks', 65_536],
    ['odd small chunks', 7],
  ])('passes every byte through unchanged in %s, with size and sha256', async (_label, chunkSize) => {
    const data = binary(300_000);
    const { inspector, done, received } = inspect(chunksOf(data, chunkSize));
    await done;
    expect(received().equals(data)).toBe(true);
    expect(inspector.result()).toEqual({
      size: data.length,
      sha256: sha256(data),
      mimeType: 'application/octet-stream',
    });
  });

  it('detects the type from first bytes that arrive split across tiny chunks', async () => {
    const data = Buffer.concat([PNG_SIGNATURE, binary(5_000)]);
    const chunks = [...chunksOf(data.subarray(0, 16), 1), ...chunksOf(data.subarray(16), 100)];
    const { inspector, done, received } = inspect(chunks, { fileName: 'photo.jpg' });
    await done;
    expect(inspector.result()).toEqual({ size: data.length, sha256: sha256(data), mimeType: 'image/png' });
    expect(received().equals(data)).toBe(true);
  });

  it('detects the type of a file shorter than the sniff window', async () => {
    const data = Buffer.from('%PDF-1.4\n%%EOF\n');
    expect(data.length).toBeLessThan(SNIFF_BYTES);
    const { inspector, done, received } = inspect(chunksOf(data, 3));
    await done;
    expect(inspector.result()).toEqual({
      size: data.length,
      sha256: sha256(data),
      mimeType: 'application/pdf',
    });
    expect(received().equals(data)).toBe(true);
  });

  it('detects Cyrillic text whose first bytes arrive split inside characters', async () => {
    const data = Buffer.from('Отчёт за март\n'.repeat(100));
    const { inspector, done, received } = inspect(chunksOf(data, 5));
    await done;
    expect(inspector.result().mimeType).toBe('text/plain');
    expect(received().equals(data)).toBe(true);
  });

  it('refines a zip to docx by the file name', async () => {
    const data = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), binary(2_000)]);
    const { inspector, done } = inspect(chunksOf(data, 10), { fileName: 'Договор.docx' });
    await done;
    expect(inspector.result().mimeType).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
  });

  it('accepts a file of exactly the limit', async () => {
    const data = binary(1_000);
    const { inspector, done, received } = inspect(chunksOf(data, 100), { maxBytes: 1_000 });
    await done;
    expect(inspector.result().size).toBe(1_000);
    expect(received()).toHaveLength(1_000);
  });

  it('fails with PAYLOAD_TOO_LARGE as soon as the limit is passed', async () => {
    const data = binary(5_000);
    const { done, received } = inspect(chunksOf(data, 100), { maxBytes: 1_000 });
    await expect(done).rejects.toThrow(AppError);
    await expect(done).rejects.toMatchObject({
      code: ErrorCode.PayloadTooLarge,
      params: { limitBytes: 1_000 },
      message: 'The file is too large: the limit is 1000 bytes',
    });
    expect(received().length).toBeLessThanOrEqual(1_000);
    expect(received().equals(data.subarray(0, received().length))).toBe(true);
  });

  it('fails with PAYLOAD_TOO_LARGE for a single chunk over the limit', async () => {
    const { done, received } = inspect([binary(1_001)], { maxBytes: 1_000 });
    await expect(done).rejects.toMatchObject({ code: ErrorCode.PayloadTooLarge });
    expect(received()).toHaveLength(0);
  });

  it('fails with UNSUPPORTED_MEDIA_TYPE for a Windows executable before any byte goes downstream', async () => {
    const data = binary(20_000);
    data.write('MZ', 0, 'latin1');
    data.writeUInt32LE(0x80, 0x3c);
    data.writeUInt32BE(0x50450000, 0x80);
    const { done, received } = inspect(chunksOf(data, 64), { fileName: 'invoice.pdf' });
    await expect(done).rejects.toThrow(AppError);
    await expect(done).rejects.toMatchObject({
      code: ErrorCode.UnsupportedMediaType,
      params: { reason: expect.stringContaining('application/x-msdownload') },
    });
    expect(received()).toHaveLength(0);
  });

  it('fails with UNSUPPORTED_MEDIA_TYPE for a small executable detected at the end of the stream', async () => {
    const data = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), binary(100)]);
    const { done, received } = inspect(chunksOf(data, 1), { fileName: 'script.sh' });
    await expect(done).rejects.toMatchObject({ code: ErrorCode.UnsupportedMediaType });
    expect(received()).toHaveLength(0);
  });

  it('refuses a type that is not allowed before any byte goes downstream, naming the detected type', async () => {
    const data = binary(4_000);
    const { done, received } = inspect(chunksOf(data, 100), {
      fileName: 'photo.jpg',
      allowed: DEFAULT_ALLOWED_CONTENT_TYPES,
    });
    await expect(done).rejects.toMatchObject({
      code: ErrorCode.UnsupportedMediaType,
      params: {
        reason: 'files of this type (application/octet-stream, detected from the content) are not accepted',
        reason_ru: 'файлы этого типа (application/octet-stream, определён по содержимому) не принимаются',
      },
    });
    expect(received()).toHaveLength(0);
  });

  it('refuses a program even when the allow-list names it', async () => {
    const data = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), binary(1_000)]);
    const { done } = inspect([data], { allowed: 'application/x-executable,text/plain' });
    await expect(done).rejects.toMatchObject({
      params: { reason: 'programs (application/x-executable) are not accepted' },
    });
  });

  it('refuses an empty stream as VALIDATION_FAILED "the file is empty"', async () => {
    const { done, received } = inspect([]);
    await expect(done).rejects.toThrow(AppError);
    await expect(done).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
      params: { reason: 'the file is empty', reason_ru: 'файл пустой' },
    });
    expect(received()).toHaveLength(0);
  });

  it.each([
    ['a Mach-O program', [0xcf, 0xfa, 0xed, 0xfe, 0x07, 0x00, 0x00, 0x01], 'application/x-mach-binary'],
    [
      'a universal Mach-O program',
      [0xca, 0xfe, 0xba, 0xbe, 0x00, 0x00, 0x00, 0x02],
      'application/x-mach-binary',
    ],
    ['a Java class', [0xca, 0xfe, 0xba, 0xbe, 0x00, 0x00, 0x00, 0x3d], 'application/java-vm'],
  ])('refuses %s named .jpg before any byte goes downstream', async (_label, magic, mime) => {
    const data = Buffer.concat([Buffer.from(magic), binary(4_000)]);
    const { done, received } = inspect(chunksOf(data, 100), { fileName: 'photo.jpg' });
    await expect(done).rejects.toMatchObject({
      code: ErrorCode.UnsupportedMediaType,
      params: { reason: `programs (${mime}) are not accepted` },
    });
    expect(received()).toHaveLength(0);
  });
});
