import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The faces documents use: PT Sans for tables and forms, PT Serif for the text of orders. */
const DOCUMENT_FACES: readonly FontPackage[] = [
  { family: '@fontsource/pt-sans', styles: ['400', '700', '400-italic', '700-italic'] },
  { family: '@fontsource/pt-serif', styles: ['400', '700', '400-italic'] },
];

/** Russian and Latin text, with ₽, № and the accented letters of foreign names. */
const DOCUMENT_SUBSETS: readonly string[] = ['cyrillic', 'latin', 'latin-ext'];

interface FontPackage {
  family: string;
  /** Names of the package's CSS files: "400", "700-italic"… */
  styles: readonly string[];
}

/**
 * @font-face rules of PT Sans and PT Serif with the woff2 files inlined as data URLs, read from
 * the @fontsource packages. Embedded this way, a document renders with the same fonts on any
 * machine, whatever fonts it has, and Chromium never fetches anything.
 */
export function embeddedFontFaces(
  faces: readonly FontPackage[] = DOCUMENT_FACES,
  subsets: readonly string[] = DOCUMENT_SUBSETS,
): string {
  const wanted = new Set(subsets);
  const rules: string[] = [];
  for (const { family, styles } of faces) {
    for (const style of styles) {
      const cssPath = require.resolve(`${family}/${style}.css`);
      const css = readFileSync(cssPath, 'utf8');
      for (const block of css.match(/@font-face\s*\{[^}]*\}/g) ?? []) {
        const file = /url\(\.\/files\/([\w-]+)\.woff2\)/.exec(block)?.[1];
        const subset = file
          ? /-((?:cyrillic|latin)(?:-ext)?)-\d{3}-(?:normal|italic)$/.exec(file)?.[1]
          : undefined;
        if (!file || !subset || !wanted.has(subset)) {
          continue;
        }
        const data = readFileSync(join(dirname(cssPath), 'files', `${file}.woff2`)).toString('base64');
        rules.push(
          block
            .replace(/src:[^;]*;/, `src: url(data:font/woff2;base64,${data}) format('woff2');`)
            // The fonts are there from the start: no fallback text, no swap.
            .replace(/font-display:[^;]*;/, 'font-display: block;'),
        );
      }
    }
  }
  if (rules.length === 0) {
    throw new Error('No PT Sans / PT Serif faces found in the @fontsource packages');
  }
  return rules.join('\n');
}

/** PT Sans regular alone, for the page footer ("стр. 1 из 3"), which Chromium renders apart. */
export function footerFontFaces(): string {
  return embeddedFontFaces([{ family: '@fontsource/pt-sans', styles: ['400'] }], ['cyrillic', 'latin']);
}
