import { z } from 'zod';
import { schemaMessage } from '../errors/localised-text';

/** A colour as the web app's theme takes it: `#rrggbb`. */
export const HexColourSchema = z
  .string()
  .regex(
    /^#[0-9a-fA-F]{6}$/,
    schemaMessage({
      en: 'must be a colour as #rrggbb, e.g. #0958d9',
      ru: 'должно быть цветом из шести шестнадцатеричных цифр после #, например #0958d9',
    }),
  )
  .transform((value) => value.toLowerCase());

/** WCAG relative luminance of a `#rrggbb` colour. */
function luminance(hex: string): number {
  const channel = (offset: number): number => {
    const c = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** The WCAG contrast ratio of white text on a `#rrggbb` background (1 to 21). */
export function contrastWithWhite(hex: string): number {
  return 1.05 / (luminance(hex) + 0.05);
}

/**
 * How the company's installation presents itself in the web app and the embedded portal: its
 * name beside the logo, the logo, and the primary colour of buttons, links and the active item.
 */
export const BrandingViewSchema = z.object({
  /** The name in the header and the page title; null for the product's own (Orbita / Орбита). */
  name: z.string().nullable(),
  /** Where the logo is (same origin); null for the product's own. */
  logoUrl: z.string().nullable(),
  primaryColour: z.string(),
});
export type BrandingView = z.infer<typeof BrandingViewSchema>;
