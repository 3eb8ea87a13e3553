import { join } from 'node:path';

/** Injection token of the licence settings; identity provides it from its config. */
export const LICENCE_OPTIONS = Symbol('LICENCE_OPTIONS');

export interface LicenceOptions {
  /** SPKI PEM of the key licence files are verified with; null = the built-in vendor key. */
  publicKeyPem: string | null;
  /** Path of the licence file installed at boot when no licence is stored; null = the demo licence. */
  licenceFile: string | null;
}

/**
 * The demo licence shipped with the service (services/identity/assets/demo.lic). Two levels up
 * from this file both in src/licences (tests) and in dist/licences (the built service).
 */
export const DEMO_LICENCE_FILE = join(__dirname, '..', '..', 'assets', 'demo.lic');
