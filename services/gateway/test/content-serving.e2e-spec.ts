import type * as Minio from 'minio';
import type mongoose from 'mongoose';
import { createHash, randomBytes } from 'node:crypto';
import type { FileView } from '@orbita/contracts';
import { DEMO_PASSWORD, demoUser } from '@orbita/demo';
import type { ApiResponse } from '@orbita/testing';
import { ApiClient, TestSystem, login } from '@orbita/testing';

interface ErrorAnswer {
  code: string;
  message: string;
}

/** Every item of a MinIO listing stream. */
function collect<T>(stream: NodeJS.ReadableStream): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const items: T[] = [];
    stream.on('data', (item: T) => {
      items.push(item);
    });
    stream.on('error', reject);
    stream.on('end', () => {
      resolve(items);
    });
  });
}

/** The name a Content-Disposition header gives in `filename*` (RFC 5987), decoded. */
function extendedName(disposition: string | null): string | undefined {
  const match = /filename\*=UTF-8''([^;]+)/.exec(disposition ?? '');
  return match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
}

const pdf = (length: number): Buffer => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(length - 9)]);

/**
 * Downloads as browsers and download managers make them (docs/adr/014): byte ranges, revalidation
 * by ETag, names in any script, and markup that is never rendered in our origin; and uploads whose
 * type, detected from the content, is not allowed, refused with nothing kept.
 */
describe('file content through the gateway', () => {
  let system: TestSystem;
  let ivan: ApiClient;
  let token: string;
  let minio: Minio.Client;
  let bucket: string;
  let documentsDb: mongoose.Connection | undefined;

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true, services: ['identity', 'documents', 'gateway'] });
    token = await login(system.gatewayUrl, demoUser.ivan.email, DEMO_PASSWORD);
    ivan = new ApiClient(system.gatewayUrl).as(token);
    minio = system.objectStorage();
    bucket = system.documentsBucket;
    documentsDb = await system.connectDatabase('documents');
  });

  afterAll(async () => {
    await documentsDb?.close();
  });

  function upload<T = FileView>(
    name: string,
    content: Uint8Array,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    return ivan.send<T>('POST', `/api/files?name=${encodeURIComponent(name)}`, content, {
      'content-type': 'application/octet-stream',
      ...headers,
    });
  }

  async function uploaded(name: string, content: Uint8Array): Promise<FileView> {
    const response = await upload(name, content);
    expect(response.status).toBe(201);
    return response.body;
  }

  function download(fileId: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${system.gatewayUrl}/api/files/${fileId}/content`, {
      headers: { authorization: `Bearer ${token}`, ...headers },
    });
  }

  describe('ranges', () => {
    const content = pdf(1024 * 1024 + 7);
    let file: FileView;

    beforeAll(async () => {
      file = await uploaded('scan.pdf', content);
    });

    it('sends the whole file with Accept-Ranges, its length and checksum', async () => {
      const response = await download(file.id);
      expect(response.status).toBe(200);
      expect(response.headers.get('accept-ranges')).toBe('bytes');
      expect(response.headers.get('content-length')).toBe(String(content.length));
      expect(response.headers.get('x-content-sha256')).toBe(file.sha256);
      expect(Buffer.from(await response.arrayBuffer()).equals(content)).toBe(true);
    });

    it.each([
      ['a closed range', 'bytes=1000-1999', 1000, 1999],
      ['an open-ended range', 'bytes=1048000-', 1048000, content.length - 1],
      ['a suffix', 'bytes=-500', content.length - 500, content.length - 1],
      ['a range past the end, cut at it', 'bytes=1048570-9999999', 1048570, content.length - 1],
      ['the first byte', 'bytes=0-0', 0, 0],
    ])('answers %s with 206 and exactly those bytes', async (_label, range, start, end) => {
      const response = await download(file.id, { range });
      expect(response.status).toBe(206);
      expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/${content.length}`);
      expect(response.headers.get('content-length')).toBe(String(end - start + 1));
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.equals(content.subarray(start, end + 1))).toBe(true);
    });

    it('answers a range beyond the end with 416, the size in Content-Range and a message', async () => {
      const response = await download(file.id, {
        range: `bytes=${content.length}-`,
        'accept-language': 'ru',
      });
      expect(response.status).toBe(416);
      expect(response.headers.get('content-range')).toBe(`bytes */${content.length}`);
      expect(await response.json()).toEqual({
        code: 'RANGE_NOT_SATISFIABLE',
        message: 'Запрошенный диапазон выходит за пределы файла размером 1048583 байта (1 МиБ)',
      });
    });

    it('sends the whole file for several ranges or a malformed one', async () => {
      for (const range of ['bytes=0-1,5-6', 'bytes=abc', 'items=0-1', 'bytes=9-2']) {
        const response = await download(file.id, { range });
        expect({ range, status: response.status }).toEqual({ range, status: 200 });
        expect((await response.arrayBuffer()).byteLength).toBe(content.length);
      }
    });

    it('resumes with If-Range only while the ETag still matches', async () => {
      const etag = `"${file.sha256}"`;
      const same = await download(file.id, { range: 'bytes=10-19', 'if-range': etag });
      expect(same.status).toBe(206);
      expect(Buffer.from(await same.arrayBuffer()).equals(content.subarray(10, 20))).toBe(true);
      const changed = await download(file.id, { range: 'bytes=10-19', 'if-range': `"${'0'.repeat(64)}"` });
      expect(changed.status).toBe(200);
      expect((await changed.arrayBuffer()).byteLength).toBe(content.length);
    });
  });

  describe('revalidation', () => {
    it('answers If-None-Match with the ETag with 304 and no body; another ETag gets the content', async () => {
      const file = await uploaded(
        'photo.png',
        Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), randomBytes(4000)]),
      );
      const first = await download(file.id);
      expect(first.status).toBe(200);
      const etag = first.headers.get('etag');
      expect(etag).toBe(`"${file.sha256}"`);
      expect(first.headers.get('cache-control')).toBe('private, no-cache');
      await first.arrayBuffer();

      const again = await download(file.id, { 'if-none-match': etag ?? '' });
      expect(again.status).toBe(304);
      expect(again.headers.get('etag')).toBe(etag);
      expect(again.headers.get('cache-control')).toBe('private, no-cache');
      expect((await again.arrayBuffer()).byteLength).toBe(0);

      const weak = await download(file.id, { 'if-none-match': `"other", W/${etag ?? ''}` });
      expect(weak.status).toBe(304);
      const other = await download(file.id, { 'if-none-match': '"other"' });
      expect(other.status).toBe(200);
      expect((await other.arrayBuffer()).byteLength).toBe(file.size);
    });
  });

  describe('names and dispositions', () => {
    it('round-trips a Cyrillic name in filename* and shows a PDF inline', async () => {
      const name = 'Акт сверки №5.pdf';
      const file = await uploaded(name, pdf(2000));
      expect(file.name).toBe(name);
      const response = await download(file.id);
      const disposition = response.headers.get('content-disposition');
      expect(disposition).toMatch(/^inline; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
      expect(extendedName(disposition)).toBe(name);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      await response.arrayBuffer();
    });

    it("keeps quotes, semicolons and apostrophes of a name inside the header's fields", async () => {
      const name = `it's "final"; (v2)*.txt`;
      const file = await uploaded(name, Buffer.from('plain notes'));
      const response = await download(file.id);
      const disposition = response.headers.get('content-disposition') ?? '';
      expect(disposition).toBe(
        `attachment; filename="it's _final_; (v2)*.txt"; filename*=UTF-8''it%27s%20%22final%22%3B%20%28v2%29%2A.txt`,
      );
      expect(extendedName(disposition)).toBe(name);
      await response.arrayBuffer();
    });

    it.each([
      [
        'an HTML page named .txt',
        'notes.txt',
        '<!DOCTYPE html><html><body><script>alert(document.cookie)</script>',
        'text/html',
      ],
      [
        'an SVG named .png',
        'logo.png',
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>',
        'image/svg+xml',
      ],
      ['an XML document', 'invoice.xml', '<?xml version="1.0"?><invoice number="5"/>', 'application/xml'],
    ])(
      'stores %s as what it is and serves it only as an attachment, with nosniff',
      async (_label, name, text, mime) => {
        const file = await uploaded(name, Buffer.from(text));
        expect(file.mimeType).toBe(mime);
        const response = await download(file.id);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe(mime);
        expect(response.headers.get('content-disposition')).toMatch(/^attachment; /);
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        // The gateway's CSP applies too: nothing inline would run even if a browser rendered it.
        expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
        expect(await response.text()).toBe(text);
      },
    );
  });

  describe('refused types', () => {
    async function stored(): Promise<{
      objects: number;
      unfinished: number;
      pending: number;
      files: number;
    }> {
      const objects = await collect(minio.listObjectsV2(bucket, '', true));
      const unfinished = await collect(minio.listIncompleteUploads(bucket, '', true));
      const pending = await documentsDb!.collection('pending_uploads').countDocuments();
      const files = await documentsDb!.collection('files').countDocuments();
      return { objects: objects.length, unfinished: unfinished.length, pending, files };
    }

    function windowsProgram(): Buffer {
      const exe = randomBytes(64 * 1024);
      exe.write('MZ', 0, 'latin1');
      exe.writeUInt32LE(0x80, 0x3c);
      exe.writeUInt32BE(0x50450000, 0x80);
      return exe;
    }

    it('refuses a Windows program named photo.jpg with 415, keeping nothing: no object, no pending record, no file', async () => {
      const before = await stored();
      const response = await upload<ErrorAnswer>('photo.jpg', windowsProgram());
      expect(response).toMatchObject({
        status: 415,
        body: {
          code: 'UNSUPPORTED_MEDIA_TYPE',
          message:
            'This type of content is not accepted: programs (application/x-msdownload) are not accepted',
        },
      });
      expect(await stored()).toEqual(before);
    });

    it('refuses content of a type not allowed whatever its name says, in both languages, keeping nothing', async () => {
      const before = await stored();
      const unknown = Buffer.concat([Buffer.from([0x00, 0x01, 0x02]), randomBytes(100_000)]);
      const en = await upload<ErrorAnswer>('report.pdf', unknown);
      expect(en).toMatchObject({
        status: 415,
        body: {
          code: 'UNSUPPORTED_MEDIA_TYPE',
          message:
            'This type of content is not accepted: files of this type (application/octet-stream, detected from the content) are not accepted',
        },
      });
      const ru = await upload<ErrorAnswer>('report.pdf', unknown, { 'accept-language': 'ru' });
      expect(ru.body.message).toBe(
        'Такой тип содержимого не принимается: файлы этого типа (application/octet-stream, определён по содержимому) не принимаются',
      );
      expect(await stored()).toEqual(before);
    });

    it('keeps no pending record for what it stored', async () => {
      const file = await uploaded('kept.txt', Buffer.from('kept'));
      expect(file.size).toBe(4);
      expect(await documentsDb!.collection('pending_uploads').countDocuments()).toBe(0);
      const sha = createHash('sha256').update('kept').digest('hex');
      expect(file.sha256).toBe(sha);
    });
  });
});
