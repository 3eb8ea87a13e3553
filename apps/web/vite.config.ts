import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vite';

/**
 * Writes .br and .gz beside every script and stylesheet of the build: the gateway sends the one
 * the browser accepts (services/gateway/src/web/web-app.ts), so nothing is compressed per request.
 */
function precompress(): Plugin {
  return {
    name: 'orbita-precompress',
    apply: 'build',
    writeBundle(options) {
      const dir = join(options.dir ?? 'dist', 'assets');
      for (const name of readdirSync(dir)) {
        if (!/\.(js|css|svg)$/.test(name)) {
          continue;
        }
        const content = readFileSync(join(dir, name));
        writeFileSync(join(dir, `${name}.gz`), gzipSync(content, { level: 9 }));
        writeFileSync(
          join(dir, `${name}.br`),
          brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
      }
    },
  };
}

// The gateway serves dist/ on the same origin as /api (ADR 021); `npm run dev -w @orbita/web`
// proxies the API to a running gateway instead.
export default defineConfig({
  plugins: [react(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // dist/.vite/manifest.json: which chunks a route's lazy page needs (scripts/measure-first-load.mjs).
    manifest: true,
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      // The app, and the script a company's site includes to mount <orbita-portal> (ADR 025): a
      // stable address (/embed.js), no imports, so it runs as a plain <script>.
      input: {
        index: resolve(__dirname, 'index.html'),
        embed: resolve(__dirname, 'src/embed/orbita-portal.ts'),
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'embed' ? 'embed.js' : 'assets/[name]-[hash].js'),
        // Vendor code changes less often than ours: separate long-cached chunks.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
            { name: 'i18n', test: /node_modules[\\/](i18next|react-i18next)[\\/]/ },
            {
              name: 'antd',
              test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|@emotion|dayjs)[\\/]/,
              // Split by the set of pages that use each component: the pickers, sliders, selects and
              // timelines of the request pages and their JSON Schema forms stay out of the first load.
              entriesAware: true,
            },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': process.env['ORBITA_GATEWAY_URL'] ?? 'http://127.0.0.1:13000' },
  },
});
