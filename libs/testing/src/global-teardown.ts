import { rmSync } from 'node:fs';
import { sharedInfra } from './shared-infra';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__ORBITA_INFRA__?.stop();
  if (process.env['ORBITA_KEEP_TEST_DATA'] !== 'true') {
    rmSync(sharedInfra().dataDir, { recursive: true, force: true });
  }
}
