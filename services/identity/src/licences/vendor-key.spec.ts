import { readFileSync } from 'node:fs';
import { verifyLicence } from '@orbita/platform';
import { DEMO_LICENCE_FILE } from './licence-options';
import { BUILT_IN_VENDOR_PUBLIC_KEY } from './vendor-key';

describe('the built-in vendor key and the demo licence', () => {
  it('verify each other, and the demo licence grants what the demo data needs', () => {
    expect(verifyLicence(readFileSync(DEMO_LICENCE_FILE, 'utf8'), BUILT_IN_VENDOR_PUBLIC_KEY)).toMatchObject({
      licensee: 'Demo: EcoTrans (not for production)',
      expiresAt: '2030-12-31T23:59:59Z',
      pools: { full: 25, portal: 200 },
    });
  });
});
