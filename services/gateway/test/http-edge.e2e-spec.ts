import type * as Minio from 'minio';
import type mongoose from 'mongoose';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import type { FileView, TaskView } from '@orbita/contracts';
import { DEMO_PASSWORD, demoUser } from '@orbita/demo';
import type { ApiResponse } from '@orbita/testing';
import { ApiClient, TestSystem, login } from '@orbita/testing';

interface ErrorAnswer {
  code: string;
  message: string;
}

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends bytes as they are over a fresh connection (what fetch will not do: a Content-Length that
 * lies, a body cut off) and reads the answer until the server closes the connection.
 */
function rawRequest(
  port: number,
  bytes: string | Buffer,
  options: { endWrite: boolean },
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(bytes);
      if (options.endWrite) {
        socket.end();
      }
    });
    socket.setTimeout(10_000, () => {
      socket.destroy(new Error('no answer within 10 s'));
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((line) => {
          const at = line.indexOf(':');
          return [line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim()];
        }),
      );
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
  });
}

function httpHead(lines: string[]): string {
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Small enough to pass in a test, large enough for MinIO to be handed several chunks. */
const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

/** Who may embed the portal, as a deployment configures it. */
const FRAME_ANCESTORS = "'self' https://portal.example";

/** A Content-Security-Policy header as directive → sources. */
function csp(header: string | null): Record<string, string[]> {
  return Object.fromEntries(
    (header ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name = '', ...sources]) => [name, sources]),
  );
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

// An oversized body is refused before it is all sent: on loaded cores the client's write may then
// end in EPIPE instead of reading the 413. A failed test is tried once more, its failure printed.
jest.retryTimes(1, { logErrorsBeforeRetry: true, retryImmediately: true });

describe('the HTTP edge', () => {
  let system: TestSystem;
  let ivan: ApiClient;
  let token: string;
  let minio: Minio.Client;
  let bucket: string;
  let documentsDb: mongoose.Connection | undefined;

  beforeAll(async () => {
    system = await TestSystem.start({
      seedDemo: true,
      env: {
        documents: { MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES) },
        gateway: { FRAME_ANCESTORS: FRAME_ANCESTORS },
      },
    });
    token = await login(system.gatewayUrl, demoUser.ivan.email, DEMO_PASSWORD);
    ivan = new ApiClient(system.gatewayUrl).as(token);
    minio = system.objectStorage();
    bucket = system.documentsBucket;
    documentsDb = await system.connectDatabase('documents');
  });

  afterAll(async () => {
    await documentsDb?.close();
    await system.stop();
  });

  /** What the documents service has kept: objects, unfinished multipart uploads, metadata. */
  async function stored(): Promise<{ objects: number; unfinished: number; files: number }> {
    const objects = await collect(minio.listObjectsV2(bucket, '', true));
    const unfinished = await collect(minio.listIncompleteUploads(bucket, '', true));
    const files = await documentsDb!.collection('files').countDocuments();
    return { objects: objects.length, unfinished: unfinished.length, files };
  }

  function upload<T = ErrorAnswer>(
    name: string,
    content: Uint8Array,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    return ivan.send<T>('POST', `/api/files?name=${encodeURIComponent(name)}`, content, {
      'content-type': 'application/octet-stream',
      ...headers,
    });
  }

  /** A multipart upload: the file's length is not known until its stream ends. */
  async function uploadMultipart(name: string, content: Uint8Array): Promise<ApiResponse<ErrorAnswer>> {
    const form = new FormData();
    form.append('file', new Blob([content]), name);
    const response = await fetch(`${system.gatewayUrl}/api/files`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${token}` },
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as ErrorAnswer,
    };
  }

  describe('uploads', () => {
    it('refuses an empty file with 400 and a clear message, storing nothing', async () => {
      const before = await stored();
      const en = await upload('empty.txt', new Uint8Array(0));
      expect(en).toMatchObject({
        status: 400,
        body: { code: 'VALIDATION_FAILED', message: 'The request is invalid: the file is empty' },
      });
      const ru = await upload('empty.txt', new Uint8Array(0), { 'accept-language': 'ru' });
      expect(ru.body.message).toBe('Некорректный запрос: файл пустой');
      const multipart = await uploadMultipart('empty.txt', new Uint8Array(0));
      expect(multipart).toMatchObject({
        status: 400,
        body: { message: 'The request is invalid: the file is empty' },
      });
      expect(await stored()).toEqual(before);
    });

    /** A DOS program header (binary fields) with no PE header anywhere. */
    function dosProgram(): Buffer {
      const exe = Buffer.alloc(4096, 0x00);
      exe.write('MZ', 0, 'latin1');
      exe.writeUInt16LE(0x0090, 0x02);
      exe.writeUInt16LE(0x0003, 0x04);
      exe.writeUInt16LE(0x0004, 0x08);
      exe.writeUInt16LE(0xffff, 0x0c);
      exe.writeUInt16LE(0x0040, 0x18);
      Buffer.from([0xb4, 0x09, 0xba, 0x0e, 0x00, 0xcd, 0x21, 0xb8, 0x01, 0x4c, 0xcd, 0x21]).copy(exe, 0x40);
      return exe;
    }
    const program = (magic: number[]) => Buffer.concat([Buffer.from(magic), randomBytes(4096)]);

    it.each([
      ['a DOS program', dosProgram(), 'application/x-msdownload'],
      ['a 32-bit Mach-O program', program([0xfe, 0xed, 0xfa, 0xce, 0, 0, 0, 7]), 'application/x-mach-binary'],
      ['a 64-bit Mach-O program', program([0xfe, 0xed, 0xfa, 0xcf, 0, 0, 0, 7]), 'application/x-mach-binary'],
      [
        'a little-endian Mach-O program',
        program([0xce, 0xfa, 0xed, 0xfe, 7, 0, 0, 0]),
        'application/x-mach-binary',
      ],
      [
        'a little-endian 64-bit Mach-O program',
        program([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]),
        'application/x-mach-binary',
      ],
      [
        'a universal Mach-O program',
        program([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2]),
        'application/x-mach-binary',
      ],
    ])('refuses %s named .jpg with 415, storing nothing', async (_label, content, mime) => {
      const before = await stored();
      const response = await upload('holiday.jpg', content, { 'accept-language': 'ru' });
      expect(response).toMatchObject({
        status: 415,
        body: {
          code: 'UNSUPPORTED_MEDIA_TYPE',
          message: `Такой тип содержимого не принимается: программы (${mime}) не принимаются`,
        },
      });
      expect(await stored()).toEqual(before);
    });

    it('stores a text that starts with the letters "MZ"', async () => {
      const response = await upload<FileView>(
        'export.csv',
        Buffer.from('MZ ID;Name;Amount\n1;Raduga;100\n'.repeat(40)),
      );
      expect(response.status).toBe(201);
      expect(response.body.mimeType).toBe('text/plain');
    });

    it.each(['..', '.', '...', ' . ', 'uploads/..'])('stores a file named %p as "file"', async (name) => {
      const response = await upload<FileView>(name, Buffer.from('some notes'));
      expect(response.status).toBe(201);
      expect(response.body.name).toBe('file');
    });

    it('names the limit of a file too large, in both languages, leaving nothing behind', async () => {
      const before = await stored();
      const content = randomBytes(MAX_UPLOAD_BYTES + 1);
      const declared = await upload('big.bin', content);
      expect(declared).toMatchObject({
        status: 413,
        body: {
          code: 'PAYLOAD_TOO_LARGE',
          message: 'The file is too large: the limit is 2097152 bytes (2 MiB)',
        },
      });
      const ru = await upload('big.bin', content, { 'accept-language': 'ru' });
      expect(ru.body.message).toBe('Файл больше допустимого: предел 2097152 байта (2 МиБ)');
      // Multipart: the size shows only while streaming, after storage has started (and after the
      // type, a PDF, was found allowed).
      const streamed = await uploadMultipart(
        'big.pdf',
        Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(MAX_UPLOAD_BYTES + 100_000)]),
      );
      expect(streamed).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' } });
      expect(await stored()).toEqual(before);
      // The refused bodies did not stall the connections they came on (the client's pool reuses
      // them): the next requests are all answered, and soon.
      const started = Date.now();
      const next = await Promise.all(
        Array.from({ length: 8 }, () =>
          ivan.send('POST', '/api/tasks', new TextEncoder().encode('{}'), {
            'content-type': 'application/json',
          }),
        ),
      );
      expect(next.map((r) => r.status)).toEqual(Array.from({ length: 8 }, () => 400));
      expect(Date.now() - started).toBeLessThan(10_000);
    });
  });

  /** The tasks Ivan created whose title contains the marker (to prove a refused body stored nothing). */
  async function tasksTitled(marker: string): Promise<TaskView[]> {
    const page = await ivan.get<{ items: TaskView[] }>('/api/tasks?scope=created&limit=100');
    expect(page.status).toBe(200);
    return page.body.items.filter((task) => task.title.includes(marker));
  }

  function postTask(body: Uint8Array, headers: Record<string, string>): Promise<ApiResponse<ErrorAnswer>> {
    return ivan.send<ErrorAnswer>('POST', '/api/tasks', body, headers);
  }

  describe('JSON request bodies', () => {
    it('refuses invalid UTF-8 instead of storing U+FFFD, and stores nothing', async () => {
      const marker = `utf8-${randomBytes(4).toString('hex')}`;
      const body = Buffer.concat([
        Buffer.from(`{"title":"${marker} a`),
        Buffer.from([0xff, 0xfe]),
        Buffer.from(`b","assigneeId":"${demoUser.dina.id}"}`),
      ]);
      const en = await postTask(body, { 'content-type': 'application/json' });
      expect(en).toMatchObject({
        status: 400,
        body: { code: 'VALIDATION_FAILED', message: 'The request is invalid: the body is not valid UTF-8' },
      });
      const ru = await postTask(body, { 'content-type': 'application/json', 'accept-language': 'ru' });
      expect(ru.body.message).toBe('Некорректный запрос: тело запроса не в кодировке UTF-8');
      expect(await tasksTitled(marker)).toEqual([]);
    });

    it.each([
      ['__proto__', `{"title":"x","assigneeId":"${demoUser.dina.id}","__proto__":{"isAdmin":true}}`],
      ['constructor.prototype', `{"title":"x","constructor":{"prototype":{"isAdmin":true}}}`],
    ])('refuses the key %s, naming it', async (key, json) => {
      const response = await postTask(new TextEncoder().encode(json), { 'content-type': 'application/json' });
      expect(response).toMatchObject({
        status: 400,
        body: {
          code: 'VALIDATION_FAILED',
          message: `The request is invalid: the key "${key}" is not allowed`,
        },
      });
      const ru = await postTask(new TextEncoder().encode(json), {
        'content-type': 'application/json',
        'accept-language': 'ru',
      });
      expect(ru.body.message).toBe(`Некорректный запрос: ключ "${key}" не допускается`);
    });

    it('says a JSON body cut off mid-way is incomplete', async () => {
      const response = await postTask(new TextEncoder().encode('{"title":"Check the ro'), {
        'content-type': 'application/json',
        'accept-language': 'ru',
      });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        code: 'VALIDATION_FAILED',
        message:
          'Некорректный запрос: тело запроса не является корректным JSON: оно заканчивается раньше, чем значение JSON (возможно, оно обрезано)',
      });
    });

    it("answers a body shorter than its Content-Length in our shape and the caller's language", async () => {
      const answer = await rawRequest(
        system.ports.gateway,
        httpHead([
          'POST /api/auth/login HTTP/1.1',
          'Host: localhost',
          'Accept-Language: ru',
          'Content-Type: application/json',
          'Content-Length: 100',
        ]) + '{"email":"a',
        { endWrite: true },
      );
      expect(answer.status).toBe(400);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(answer.headers['cache-control']).toBe('no-store');
      expect(JSON.parse(answer.body)).toEqual({
        code: 'VALIDATION_FAILED',
        message:
          'Некорректный запрос: тело запроса оборвалось, не дойдя целиком (короче, чем указано в Content-Length)',
      });
    });

    it('answers a request that is not HTTP in our shape', async () => {
      const answer = await rawRequest(
        system.ports.gateway,
        httpHead(['POST /api/auth/login HTTP/1.1', 'Host: localhost', 'Content-Length: abc']),
        { endWrite: false },
      );
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toEqual({
        code: 'VALIDATION_FAILED',
        message: 'The request is invalid: the request is not valid HTTP',
      });
    });

    it('names the limit in bytes and says "request body" for a JSON body over it', async () => {
      const big = new TextEncoder().encode(`{"title":"${'x'.repeat(1024 * 1024)}"}`);
      const en = await postTask(big, { 'content-type': 'application/json' });
      expect(en).toMatchObject({
        status: 413,
        body: {
          code: 'PAYLOAD_TOO_LARGE',
          message: 'The request body is too large: the limit is 1048576 bytes (1 MiB)',
        },
      });
      const ru = await postTask(big, { 'content-type': 'application/json', 'accept-language': 'ru' });
      expect(ru.body.message).toBe('Тело запроса больше допустимого: предел 1048576 байт (1 МиБ)');
    });

    it.each([
      ['text/plain', 'title=Check'],
      ['application/x-www-form-urlencoded', 'title=Check'],
      ['application/octet-stream', '{"title":"Check"}'],
      ['multipart/form-data; boundary=x', '--x--'],
    ])('refuses a %s body on a JSON route with 415 and the reason', async (type, body) => {
      const response = await postTask(new TextEncoder().encode(body), { 'content-type': type });
      const mediaType = type.split(';')[0] ?? type;
      expect(response).toMatchObject({
        status: 415,
        body: {
          code: 'UNSUPPORTED_MEDIA_TYPE',
          message: `This type of content is not accepted: a body sent as "${mediaType}" is not accepted here; send it as application/json`,
        },
      });
    });

    it('refuses JSON in a charset other than UTF-8 with 415', async () => {
      const response = await postTask(Buffer.from('{"title":"M\xfcnchen"}', 'latin1'), {
        'content-type': 'application/json; charset=ISO-8859-1',
      });
      expect(response).toMatchObject({ status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
      expect(response.body.message).toMatch(/only in UTF-8/);
    });

    it('still takes a good JSON body, with or without charset', async () => {
      for (const type of ['application/json', 'application/json; charset=utf-8']) {
        const response = await ivan.send<TaskView>(
          'POST',
          '/api/tasks',
          new TextEncoder().encode(
            JSON.stringify({ title: 'Проверить маршрут ✓', assigneeId: demoUser.dina.id }),
          ),
          { 'content-type': type },
        );
        expect(response.status).toBe(201);
        expect(response.body.title).toBe('Проверить маршрут ✓');
      }
    });
  });

  describe('headers', () => {
    async function download(): Promise<Response> {
      const uploaded = await upload<FileView>(
        'passport-scan.txt',
        Buffer.from('Иванов Иван, паспорт 0000 000000'),
      );
      expect(uploaded.status).toBe(201);
      return fetch(`${system.gatewayUrl}/api/files/${uploaded.body.id}/content`, {
        headers: { authorization: `Bearer ${token}` },
      });
    }

    it('forbids caching of every answer that may carry tokens or personal data; a download only in the browser, revalidated', async () => {
      const anonymous = new ApiClient(system.gatewayUrl);
      const answers = {
        login: await anonymous.post('/api/auth/login', {
          email: demoUser.ivan.email,
          password: DEMO_PASSWORD,
        }),
        me: await ivan.get('/api/me'),
        unauthenticated: await anonymous.get('/api/tasks'),
        invalid: await ivan.post('/api/tasks', { title: '' }),
        unknownRoute: await ivan.get('/api/no-such-thing'),
        download: { status: 0, headers: (await download()).headers },
      };
      expect(answers.login.status).toBe(200);
      expect(answers.me.status).toBe(200);
      expect(answers.download.headers.get('x-content-sha256')).toMatch(/^[0-9a-f]{64}$/);
      const cacheControl = Object.fromEntries(
        Object.entries(answers).map(([name, answer]) => [name, answer.headers.get('cache-control')]),
      );
      expect(cacheControl).toEqual({
        login: 'no-store',
        me: 'no-store',
        unauthenticated: 'no-store',
        invalid: 'no-store',
        unknownRoute: 'no-store',
        // The user's browser may keep a file but must ask before using it (ETag → 304), so a user
        // who lost access gets the refusal, not the copy (docs/adr/014); no shared cache keeps it.
        download: 'private, no-cache',
      });
    });

    it('lets the public keys (JWKS) be cached for a minute', async () => {
      const jwks = await new ApiClient(system.gatewayUrl).get<{ keys: unknown[] }>('/.well-known/jwks.json');
      expect(jwks.status).toBe(200);
      expect(jwks.body.keys.length).toBeGreaterThan(0);
      expect(jwks.headers.get('cache-control')).toBe('public, max-age=60');
    });

    it('sends a strict CSP on API answers: no inline scripts or styles, embedding as configured', async () => {
      const answers = [
        await ivan.get('/api/me'),
        await ivan.post('/api/tasks', { title: '' }),
        await ivan.get('/api/no-such-thing'),
        { headers: (await download()).headers },
      ];
      for (const answer of answers) {
        const header = answer.headers.get('content-security-policy');
        expect(header).not.toContain('unsafe-inline');
        expect(csp(header)).toMatchObject({
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'style-src': ["'self'"],
          'object-src': ["'none'"],
          'frame-ancestors': ["'self'", 'https://portal.example'],
        });
      }
    });

    it('relaxes the CSP for the API docs page and its assets only', async () => {
      for (const path of ['/api/docs', '/api/docs/swagger-ui-init.js', '/api/docs/swagger-ui.css']) {
        const response = await fetch(`${system.gatewayUrl}${path}`);
        expect({ path, status: response.status }).toEqual({ path, status: 200 });
        expect(csp(response.headers.get('content-security-policy'))).toMatchObject({
          'script-src': ["'self'", "'unsafe-inline'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'frame-ancestors': ["'self'", 'https://portal.example'],
        });
      }
      const openapi = await fetch(`${system.gatewayUrl}/api/docs/openapi.json`);
      expect(openapi.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    });
  });
});
