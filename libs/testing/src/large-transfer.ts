import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { request } from 'node:http';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ServiceName, TestSystem } from './test-system';

const CHUNK = 1024 * 1024;
/** What the generated content starts with: a PDF is an allowed type, and any bytes may follow. */
const HEADER = Buffer.from('%PDF-1.7\n');

/** One MiB of pseudo-random bytes from a fixed seed (xorshift32): the same on every run. */
function baseChunk(): Buffer {
  const chunk = Buffer.alloc(CHUNK);
  let x = 0x9e3779b9;
  for (let i = 0; i < CHUNK; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    chunk.writeUInt32LE(x >>> 0, i);
  }
  return chunk;
}

/**
 * `size` bytes generated on the fly, never held whole: each MiB is the seeded block with its index
 * written in, so no two are alike; the first starts as a PDF. Streams of one size are identical.
 */
export function generatedContent(size: number): Readable {
  const base = baseChunk();
  let offset = 0;
  return new Readable({
    highWaterMark: 4 * CHUNK,
    read() {
      if (offset >= size) {
        this.push(null);
        return;
      }
      const length = Math.min(CHUNK, size - offset);
      const chunk = Buffer.allocUnsafe(length);
      base.copy(chunk, 0, 0, length);
      if (length >= 16) {
        chunk.writeDoubleLE(offset / CHUNK, 8);
      }
      if (offset === 0) {
        HEADER.copy(chunk, 0);
      }
      offset += length;
      this.push(chunk);
    },
  });
}

/** The SHA-256 of a stream, computed as it passes; with its length. */
export async function hashStream(stream: Readable): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  await pipeline(
    stream,
    new Writable({
      highWaterMark: 4 * CHUNK,
      write(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        size += chunk.length;
        callback();
      },
    }),
  );
  return { sha256: hash.digest('hex'), size };
}

/** The SHA-256 of generatedContent(size), computed streaming. */
export function generatedSha256(size: number): Promise<{ sha256: string; size: number }> {
  return hashStream(generatedContent(size));
}

/** POSTs a body of known length (streamed) and answers the status and the parsed JSON answer. */
export function postStream(
  url: string,
  body: Readable,
  length: number,
  headers: Record<string, string>,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const upload = request(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(length) },
    });
    upload.once('error', reject);
    upload.once('response', (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('error', reject);
      response.once('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as unknown });
        } catch {
          reject(new Error(`HTTP ${response.statusCode}: ${text}`));
        }
      });
    });
    body.pipe(upload);
  });
}

/** GETs a URL and hashes the body as it arrives. */
export function getHashed(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; sha256: string; size: number }> {
  return new Promise((resolve, reject) => {
    const download = request(url, { method: 'GET', headers });
    download.once('error', reject);
    download.once('response', (response: IncomingMessage) => {
      hashStream(response).then((hashed) => {
        resolve({ status: response.statusCode ?? 0, ...hashed });
      }, reject);
    });
    download.end();
  });
}

/** Resident memory of some services, sampled while something runs: the first sample and the peak. */
export class MemorySampler {
  private readonly first = new Map<ServiceName, number>();
  private readonly peak = new Map<ServiceName, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly system: TestSystem,
    private readonly services: readonly ServiceName[],
    private readonly intervalMs = 200,
  ) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => {
      this.sample();
    }, this.intervalMs);
    return this;
  }

  /** Stops sampling; answers per service the first sample, the peak and the growth, in bytes. */
  stop(): Record<string, { first: number; peak: number; growth: number }> {
    clearInterval(this.timer);
    this.sample();
    return Object.fromEntries(
      this.services.map((service) => {
        const first = this.first.get(service) ?? 0;
        const peak = this.peak.get(service) ?? 0;
        return [service, { first, peak, growth: peak - first }];
      }),
    );
  }

  private sample(): void {
    for (const service of this.services) {
      const rss = this.system.residentBytes(service);
      if (!this.first.has(service)) {
        this.first.set(service, rss);
      }
      this.peak.set(service, Math.max(this.peak.get(service) ?? 0, rss));
    }
  }
}
