import type { BrowserSession } from '@orbita/testing';

/** What every page of the web app must be, as it is now: no serious axe violation, no sideways scroll. */
export async function expectAccessibleAndNarrow(browser: BrowserSession): Promise<void> {
  expect(await browser.seriousAccessibilityViolations()).toEqual([]);
  const { scrollWidth, innerWidth } = await browser.horizontalOverflow();
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}
