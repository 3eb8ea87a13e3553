import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root (tools/infra/{src,dist} → ../../..). */
export const repoRoot = resolve(__dirname, '..', '..', '..');

/** Where tools/infra/install.sh builds the servers: one folder per user, shared by every clone. */
export function toolsBinDir(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache');
  return join(env['ORBITA_TOOLS_DIR'] ?? join(cache, 'orbita-tools'), 'bin');
}

export function serviceEntry(service: string): string {
  return join(repoRoot, 'services', service, 'dist', 'main.js');
}
