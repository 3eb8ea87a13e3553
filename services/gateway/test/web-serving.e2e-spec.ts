import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestSystem } from '@orbita/testing';

const DIST = join(__dirname, '..', '..', '..', 'apps', 'web', 'dist');

/** The gateway serves the built web app on its own origin (ADR 021). */
describe('the web app served by the gateway', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['gateway'] });
  });

  const get = (path: string, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${system.gatewayUrl}${path}`, { headers, signal: AbortSignal.timeout(10_000) });

  it('answers index.html, never cached, with a CSP that keeps foreign scripts out and says who may frame it', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(await response.text()).toBe(readFileSync(join(DIST, 'index.html'), 'utf8'));
  });

  it("answers the app's own routes with index.html (the links of identity's e-mails too)", async () => {
    for (const path of [
      '/login',
      '/invitation?token=abc',
      '/reset-password?token=abc',
      '/profile',
      '/tasks/01ABC',
    ]) {
      const response = await get(path);
      expect([path, response.status, response.headers.get('content-type')]).toEqual([
        path,
        200,
        'text/html; charset=utf-8',
      ]);
      expect(await response.text()).toContain('<div id="root"></div>');
    }
  });

  it('serves hashed assets for a year, with their types, compressed as the browser accepts', async () => {
    const assets = readdirSync(join(DIST, 'assets'));
    const script = assets.find((name) => name.endsWith('.js')) ?? '';
    const style = assets.find((name) => name.endsWith('.css')) ?? '';
    const plain = await get(`/assets/${script}`, { 'accept-encoding': 'identity' });
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(readFileSync(join(DIST, 'assets', script), 'utf8'));
    // fetch decodes what it asked for, so the body is the same file.
    const compressed = await get(`/assets/${script}`, { 'accept-encoding': 'gzip, br' });
    expect(compressed.headers.get('content-encoding')).toBe('br');
    expect(compressed.headers.get('vary')).toContain('accept-encoding');
    expect(await compressed.text()).toBe(readFileSync(join(DIST, 'assets', script), 'utf8'));
    const css = await get(`/assets/${style}`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const icon = await get('/favicon.svg');
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
  });

  it('answers 404, not the page, for a missing asset and for paths the API owns', async () => {
    const missing = await get('/assets/missing-1234.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/json');
    for (const path of ['/api/no-such-route', '/health/nothing', '/.well-known/nothing']) {
      const response = await get(path);
      expect([path, response.status]).toEqual([path, 404]);
      expect(((await response.json()) as { code: string }).code).toBe('NOT_FOUND');
    }
    // An encoded ../ never reaches outside the build folder.
    const traversal = await get('/..%2f..%2fpackage.json');
    expect(traversal.status).toBe(404);
    expect(await traversal.text()).not.toContain('"workspaces"');
  });

  it('says clearly that the app is not built when its folder is empty', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'orbita-no-web-'));
    const bare = await TestSystem.start({ services: ['gateway'], env: { gateway: { WEB_DIST_DIR: empty } } });
    try {
      const response = await fetch(`${bare.gatewayUrl}/login`);
      expect(response.status).toBe(503);
      expect(await response.text()).toContain('npm run build -w @orbita/web');
      const api = await fetch(`${bare.gatewayUrl}/api/no-such-route`);
      expect(api.status).toBe(404);
    } finally {
      await bare.stop();
    }
  });
});
