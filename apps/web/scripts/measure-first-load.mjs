// The first load of the web app's login/portal entry, compressed (ADR 021's budget: 350 KB gzip):
// the scripts and modulepreloads index.html names, plus the chunks the first page (/login) loads
// lazily, each gzipped (level 6, what proxies use by default) and brotli'd as the gateway serves it.
// Run after the build: npm run measure -w @orbita/web (writes the figures into docs/BENCHMARKS.md).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const BUDGET_KB = 350;
const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));

const fromHtml = [
  ...html.matchAll(/<script[^>]*\ssrc="\/([^"]+\.js)"/g),
  ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\/([^"]+\.js)"/g),
].map((match) => match[1]);

/** A lazy page's chunk and every chunk it imports statically. */
function withImports(key, seen = new Set()) {
  const chunk = manifest[key];
  if (!chunk || seen.has(chunk.file)) {
    return seen;
  }
  seen.add(chunk.file);
  for (const imported of chunk.imports ?? []) {
    withImports(imported, seen);
  }
  return seen;
}
const loginPage = Object.keys(manifest).find((key) => key.endsWith('src/pages/login-page.tsx'));
if (!loginPage) {
  throw new Error('No login page in the manifest: build the app first (npm run build -w @orbita/web)');
}
const files = [...new Set([...fromHtml, ...withImports(loginPage)])];

const kb = (bytes) => (bytes / 1024).toFixed(1);
let raw = 0;
let gzip = 0;
let brotli = 0;
const rows = files.map((file) => {
  const content = readFileSync(join(dist, file));
  const g = gzipSync(content, { level: 6 }).length;
  const b = brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  raw += content.length;
  gzip += g;
  brotli += b;
  return `| \`${file.replace(/-[\w-]{8}\.js$/, '.js')}\` | ${kb(content.length)} | ${kb(g)} | ${kb(b)} |`;
});
const lines = [
  '',
  `Run: \`npm run build -w @orbita/web && npm run measure -w @orbita/web\`, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}.`,
  'JavaScript a browser loads to show the sign-in page (the scripts and modulepreloads of `index.html` and the login page chunk with its imports), in KB:',
  '',
  '| chunk | raw | gzip | brotli |',
  '| --- | --- | --- | --- |',
  ...rows,
  `| **total** | **${kb(raw)}** | **${kb(gzip)}** | **${kb(brotli)}** |`,
  '',
  `Budget: ${BUDGET_KB} KB gzip; ${gzip / 1024 <= BUDGET_KB ? 'within it' : 'OVER IT'} (${kb(gzip)} KB). The gateway sends the brotli files the build writes beside each chunk.`,
  '',
];

const doc = join(here, '..', '..', '..', 'docs', 'BENCHMARKS.md');
const begin = '<!-- web-first-load:begin -->';
const end = '<!-- web-first-load:end -->';
let text = readFileSync(doc, 'utf8');
if (!text.includes(begin)) {
  text = `${text.trimEnd()}\n\n## Web app: first load of the sign-in and portal entry\n\n${begin}\n${end}\n`;
}
text = text.replace(new RegExp(`${begin}[\\s\\S]*${end}`), () => [begin, ...lines, end].join('\n'));
writeFileSync(doc, text);
process.stdout.write(`${lines.join('\n')}\n`);
if (gzip / 1024 > BUDGET_KB) {
  process.exitCode = 1;
}
