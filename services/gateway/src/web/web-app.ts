import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayConfig } from '../config';
import { webAppContentSecurityPolicy } from '../http/edge-headers';

/** The repository root when running from services/gateway/dist (or src, under ts-jest). */
const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');

/** Paths the API and operations own: never the web app, never its index.html fallback. */
const RESERVED_PREFIXES = ['/api', '/health', '/metrics', '/test', '/.well-known'];

/**
 * The script a company's site includes to mount the portal as <orbita-portal> (apps/web/src/embed):
 * loaded by other origins, so it alone may be read cross-origin (helmet's CORP is same-origin).
 */
const EMBED_SCRIPT = '/embed.js';

/** Vite puts content-hashed files here: a new build gives them new names, so they never change. */
const HASHED_ASSETS = '/assets/';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

/** Encodings the build stores beside a file (apps/web/vite.config.ts), best first. */
const PRECOMPRESSED = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;

/** Where the built app is: WEB_DIST_DIR, relative to the repository root unless absolute. */
export function webDistDir(config: Pick<GatewayConfig, 'WEB_DIST_DIR'>): string {
  return isAbsolute(config.WEB_DIST_DIR) ? config.WEB_DIST_DIR : resolve(REPO_ROOT, config.WEB_DIST_DIR);
}

export function isWebAppPath(url: string): boolean {
  const path = url.split('?')[0] ?? '/';
  return !RESERVED_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

const NOT_BUILT_RU =
  '<p lang="ru">Веб-приложение не собрано: выполните <code>«npm run build -w @orbita/web»</code>.</p>';

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Orbita: the web app is not built</title></head>
<body><h1>The web app is not built</h1>
<p>The gateway serves the web app from <code>WEB_DIST_DIR</code>, which has no <code>index.html</code>.
Build it with <code>npm run build -w @orbita/web</code> (<code>npm start</code> and <code>npm test</code> do).
The API is at <a href="/api/docs">/api/docs</a>.</p>
${NOT_BUILT_RU}
</body></html>
`;

/**
 * Serves the built web app (apps/web/dist) on the gateway's own origin (ADR 021): files with their
 * content types, hashed assets cached for a year, index.html never cached and answered for every
 * other GET outside the API (the app's own routes). Registered as plain Fastify routes: find-my-way
 * prefers every static and parametric API route over the catch-all, and a path the API owns but
 * does not have still gets the API's JSON 404.
 */
export function registerWebApp(app: NestFastifyApplication, config: GatewayConfig): void {
  const fastify = app.getHttpAdapter().getInstance();
  const root = webDistDir(config);
  const indexFile = join(root, 'index.html');
  const pageCsp = webAppContentSecurityPolicy(config);

  const serve = (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const path = decodeURIComponent((request.url.split('?')[0] ?? '/').replace(/\/+$/, '') || '/');
    if (!isWebAppPath(path)) {
      return notFound(reply);
    }
    if (!existsSync(indexFile)) {
      return reply
        .code(503)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(NOT_BUILT_PAGE);
    }
    const file = normalize(join(root, path));
    if (path !== '/' && file.startsWith(root + sep) && isFile(file)) {
      if (path === EMBED_SCRIPT) {
        void reply.header('cross-origin-resource-policy', 'cross-origin');
      }
      return sendFile(
        request,
        reply,
        file,
        path.startsWith(HASHED_ASSETS) ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
      );
    }
    // A missing script or image must not be answered with a page (the browser would run HTML as JS).
    if (path.startsWith(HASHED_ASSETS) || (extname(path) !== '' && extname(path) !== '.html')) {
      return notFound(reply);
    }
    void reply.header('content-security-policy', pageCsp);
    return sendFile(request, reply, indexFile, 'no-store');
  };
  fastify.get('/', serve);
  fastify.get('/*', serve);
}

/** The API's own 404 (the handler Nest registered), so unknown API paths answer as before. */
function notFound(reply: FastifyReply): FastifyReply {
  reply.callNotFound();
  return reply;
}

function sendFile(
  request: FastifyRequest,
  reply: FastifyReply,
  file: string,
  cacheControl: string,
): FastifyReply {
  const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  void reply.header('cache-control', cacheControl).header('x-content-type-options', 'nosniff').type(type);
  const accepted = request.headers['accept-encoding'] ?? '';
  if (cacheControl !== 'no-store') {
    void reply.header('vary', 'accept-encoding');
    for (const { encoding, suffix } of PRECOMPRESSED) {
      if (new RegExp(`\\b${encoding}\\b`).test(accepted) && isFile(file + suffix)) {
        return reply.header('content-encoding', encoding).send(createReadStream(file + suffix));
      }
    }
  }
  return reply.send(createReadStream(file));
}
