import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { gatewayConfigShape } from '../config';
import { brandingView, loadLogo, MAX_LOGO_BYTES } from './branding';

const config = z.object(gatewayConfigShape);

describe('the company’s branding in the gateway’s config', () => {
  const dir = mkdtempSync(join(tmpdir(), 'orbita-branding-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('is the product’s own look when nothing is configured', () => {
    const parsed = config.parse({});
    expect(brandingView(parsed, loadLogo(parsed))).toEqual({
      name: null,
      logoUrl: null,
      primaryColour: '#0958d9',
    });
  });

  it('takes a name, a dark enough colour and a logo file', () => {
    const file = join(dir, 'logo.svg');
    writeFileSync(file, '<svg xmlns="http://www.w3.org/2000/svg"/>');
    const parsed = config.parse({
      BRAND_NAME: ' ЭкоТранс ',
      BRAND_PRIMARY_COLOUR: '#6D28D9',
      BRAND_LOGO_FILE: file,
    });
    const logo = loadLogo(parsed);
    expect(logo?.contentType).toBe('image/svg+xml');
    expect(brandingView(parsed, logo)).toEqual({
      name: 'ЭкоТранс',
      logoUrl: '/api/branding/logo',
      primaryColour: '#6d28d9',
    });
  });

  it('refuses a colour white text cannot be read on, saying by how much', () => {
    const parsed = config.safeParse({ BRAND_PRIMARY_COLOUR: '#ffcc00' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe(
      'white text on #ffcc00 has a contrast of 1.51:1; buttons need at least 4.5:1 (WCAG AA): take a darker shade',
    );
    expect(config.safeParse({ BRAND_PRIMARY_COLOUR: 'purple' }).error?.issues[0]?.message).toBe(
      'must be a colour as #rrggbb, e.g. #0958d9',
    );
  });

  it('refuses a logo that is not an image file, is missing or is too big', () => {
    expect(config.safeParse({ BRAND_LOGO_FILE: 'logo.exe' }).error?.issues[0]?.message).toBe(
      'must be an .svg, .png, .webp or .jpg file',
    );
    expect(() => loadLogo({ BRAND_LOGO_FILE: join(dir, 'missing.png') })).toThrow(
      /^BRAND_LOGO_FILE: there is no file .*missing\.png$/,
    );
    const big = join(dir, 'big.png');
    writeFileSync(big, Buffer.alloc(MAX_LOGO_BYTES + 1));
    expect(() => loadLogo({ BRAND_LOGO_FILE: big })).toThrow(/a logo may have at most 524288/);
  });
});
