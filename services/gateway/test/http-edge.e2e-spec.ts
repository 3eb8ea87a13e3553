import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import type { TaskView } from '@orbita/contracts';
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

describe('the HTTP edge', () => {
  let system: TestSystem;
  let ivan: ApiClient;
  let token: string;

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true });
    token = await login(system.gatewayUrl, demoUser.ivan.email, DEMO_PASSWORD);
    ivan = new ApiClient(system.gatewayUrl).as(token);
  });

  afterAll(async () => {
    await system.stop();
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
});
