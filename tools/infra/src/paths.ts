import { join, resolve } from 'node:path';

/** The repository root (tools/infra/{src,dist} → ../../..). */
export const repoRoot = resolve(__dirname, '..', '..', '..');

export function toolsBinDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env['ORBITA_TOOLS_DIR'] ?? join(repoRoot, '.tools'), 'bin');
}

export function serviceEntry(service: string): string {
  return join(repoRoot, 'services', service, 'dist', 'main.js');
}
