import { readFileSync, statSync } from 'node:fs';
import { extname, isAbsolute, resolve } from 'node:path';
import type { BrandingView } from '@orbita/contracts';
import type { GatewayConfig } from '../config';

/** The repository root when running from services/gateway/dist (or src, under ts-jest). */
const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');

/** A logo is a header image: anything bigger is a mistake in the config, not a logo. */
export const MAX_LOGO_BYTES = 512 * 1024;

const LOGO_TYPES: Record<string, string> = {
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
};

/** The path the configured logo is served at (the web app's own when none is configured). */
export const LOGO_PATH = '/api/branding/logo';

export interface Logo {
  content: Buffer;
  contentType: string;
}

/**
 * The company's logo, read once at start: a missing, unreadable or oversized file stops the
 * gateway with a message naming BRAND_LOGO_FILE, rather than serving a broken image later.
 */
export function loadLogo(config: Pick<GatewayConfig, 'BRAND_LOGO_FILE'>): Logo | null {
  if (config.BRAND_LOGO_FILE === '') {
    return null;
  }
  const file = isAbsolute(config.BRAND_LOGO_FILE)
    ? config.BRAND_LOGO_FILE
    : resolve(REPO_ROOT, config.BRAND_LOGO_FILE);
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new Error(`BRAND_LOGO_FILE: there is no file ${file}`);
  }
  if (size > MAX_LOGO_BYTES) {
    throw new Error(`BRAND_LOGO_FILE: ${file} has ${size} bytes; a logo may have at most ${MAX_LOGO_BYTES}`);
  }
  const contentType = LOGO_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  return { content: readFileSync(file), contentType };
}

export function brandingView(config: GatewayConfig, logo: Logo | null): BrandingView {
  return {
    name: config.BRAND_NAME.trim() === '' ? null : config.BRAND_NAME.trim(),
    logoUrl: logo ? LOGO_PATH : null,
    primaryColour: config.BRAND_PRIMARY_COLOUR,
  };
}
