import { createContext, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import type { BrandingView } from '@orbita/contracts';

/** The product's own look, when the gateway configures none or cannot be asked. */
export const DEFAULT_BRANDING: BrandingView = { name: null, logoUrl: null, primaryColour: '#0958d9' };

const PRODUCT_LOGO = '/favicon.svg';
const BRANDING_TIMEOUT_MS = 3_000;

function isBranding(value: unknown): value is BrandingView {
  const v = value as Partial<BrandingView> | null;
  return (
    (typeof v?.name === 'string' || v?.name === null) &&
    (typeof v.logoUrl === 'string' || v.logoUrl === null) &&
    typeof v.primaryColour === 'string' &&
    /^#[0-9a-f]{6}$/i.test(v.primaryColour)
  );
}

/**
 * The company's name, logo and colour (GET /api/branding, BRAND_* in the gateway's config), asked
 * once before the first render so nothing flashes in the product's colours; the product's own if
 * the gateway does not answer in time (the app still works, only unbranded).
 */
export async function loadBranding(): Promise<BrandingView> {
  try {
    const response = await fetch('/api/branding', { signal: AbortSignal.timeout(BRANDING_TIMEOUT_MS) });
    const body: unknown = response.ok ? await response.json() : null;
    return isBranding(body) ? body : DEFAULT_BRANDING;
  } catch {
    return DEFAULT_BRANDING;
  }
}

/** `#rrggbb` mixed with black: the hover and pressed shades stay AA with white text. */
function darker(hex: string, amount: number): string {
  const mix = (offset: number): string =>
    Math.round(parseInt(hex.slice(offset, offset + 2), 16) * (1 - amount))
      .toString(16)
      .padStart(2, '0');
  return `#${mix(1)}${mix(3)}${mix(5)}`;
}

/** AA contrast on white for links, buttons and the unread badge (axe's color-contrast rule). */
export function themeFor(branding: BrandingView) {
  const primary = branding.primaryColour;
  return {
    token: {
      colorPrimary: primary,
      // Darker, not lighter, on hover and press: white text keeps AA contrast (a tapped button stays hovered).
      colorPrimaryHover: darker(primary, 0.3),
      colorPrimaryActive: darker(primary, 0.45),
      colorError: '#c4161c',
      // Status tags (a request's status, a step's outcome) write in these on their light tint: AA.
      colorSuccess: '#237804',
      colorSuccessBg: '#f6ffed',
      colorSuccessBorder: '#b7eb8f',
      colorWarning: '#ad4e00',
      colorWarningBg: '#fff7e6',
      colorWarningBorder: '#ffd591',
      // A running request's "processing" tag writes in the info colour: antd's #1677ff is below AA on its tint.
      colorInfo: '#0958d9',
      colorInfoBg: '#e6f4ff',
      colorInfoBorder: '#91caff',
      colorLink: primary,
      // antd lightens a link under the pointer (#579df2 for the default: 2.6:1 on a hovered row's tint);
      // hovered and pressed links keep the link's own, readable colour.
      colorLinkHover: primary,
      colorLinkActive: primary,
      colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
      colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
      colorTextDescription: 'rgba(0, 0, 0, 0.62)',
      borderRadius: 6,
    },
  };
}

/** The stylesheet's own brand colour (the active navigation item, focus rings). */
export function applyBrandingToDocument(branding: BrandingView): void {
  document.documentElement.style.setProperty('--brand-primary', branding.primaryColour);
}

export const BrandingContext = createContext<BrandingView>(DEFAULT_BRANDING);

export function useBranding(): BrandingView {
  return useContext(BrandingContext);
}

/** The logo and the name, in the header and above the sign-in card. */
export function BrandMark({ size }: { size: number }) {
  const { t } = useTranslation();
  const branding = useBranding();
  return (
    <>
      <img
        src={branding.logoUrl ?? PRODUCT_LOGO}
        alt=""
        height={size}
        className="brand-logo"
        data-testid="brand-logo"
      />
      <span className="brand-name">{branding.name ?? t('app.name')}</span>
    </>
  );
}

/** The name a page's title and the brand link's label use. */
export function useBrandName(): string {
  const { t } = useTranslation();
  return useBranding().name ?? t('app.name');
}
