import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium), the same the documents service renders with. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a headless, quiet Chromium: no sandbox (containers), nothing fetched on its own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Viewport {
  name: 'desktop' | 'phone';
  width: number;
  height: number;
  touch: boolean;
}

/** The two viewports every browser test runs in. */
export const VIEWPORTS: readonly Viewport[] = [
  { name: 'desktop', width: 1280, height: 800, touch: false },
  { name: 'phone', width: 360, height: 740, touch: true },
];

/** One browser with a fresh profile: nothing stored from another test. */
export class BrowserSession {
  readonly problems: string[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly viewport: Viewport,
    private readonly profileDir: string,
  ) {
    // A script error or a CSP refusal in the page fails the test that looks at `problems`.
    page.on('pageerror', (err) => this.problems.push(`pageerror: ${err.message}`));
    page.on('console', (message) => {
      if (
        message.type() === 'error' &&
        !/Failed to load resource: the server responded with a status of (401|400)/.test(message.text())
      ) {
        this.problems.push(`console: ${message.text()}`);
      }
    });
  }

  static async open(viewport: Viewport): Promise<BrowserSession> {
    const profileDir = mkdtempSync(join(tmpdir(), 'orbita-browser-'));
    const context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: { width: viewport.width, height: viewport.height },
      hasTouch: viewport.touch,
      isMobile: viewport.touch,
      locale: 'ru-RU',
    });
    // Generous: a run shares two cores between the system, jest and Chromium.
    context.setDefaultTimeout(30_000);
    const page = context.pages()[0] ?? (await context.newPage());
    return new BrowserSession(context, page, viewport, profileDir);
  }

  /** A browser of its own for one person, signed in on the app's login page (the shell's bell is up). */
  static async signedIn(
    viewport: Viewport,
    appUrl: string,
    email: string,
    password: string,
  ): Promise<BrowserSession> {
    const browser = await BrowserSession.open(viewport);
    await browser.signIn(appUrl, email, password);
    return browser;
  }

  /** Signs in on the app's own form (in Russian, the browser's language) and waits for the shell. */
  async signIn(gatewayUrl: string, email: string, password: string): Promise<void> {
    await this.page.goto(`${gatewayUrl}/login`);
    await this.page.getByLabel('Эл. почта').fill(email);
    await this.page.getByLabel('Пароль').fill(password);
    await this.press(this.page.getByRole('button', { name: 'Войти' }));
    await this.page.getByTestId('notifications-bell').waitFor();
  }

  /** Tap on a phone, click on a desktop. */
  async press(locator: Locator): Promise<void> {
    if (this.viewport.touch) {
      await locator.tap();
    } else {
      await locator.click();
    }
  }

  /** Whether the page scrolls sideways (it must not, at 360 px either). */
  horizontalOverflow(): Promise<{ scrollWidth: number; innerWidth: number }> {
    // A string: it runs in the page, whose DOM types this Node project does not have.
    return this.page.evaluate<{ scrollWidth: number; innerWidth: number }>(
      '({ scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth })',
    );
  }

  /** axe-core's violations of impact serious or critical on the page as it is now. */
  async seriousAccessibilityViolations(): Promise<AxeViolation[]> {
    const first = await this.axeViolations();
    if (first.length === 0) {
      return first;
    }
    // A toast fading over the header, a colour mid-transition: what a second look a moment later
    // no longer finds was not the page's. What stays is reported.
    await this.page.waitForTimeout(1500);
    const again = new Set((await this.axeViolations()).flatMap((v) => v.nodes.map((n) => `${v.id} ${n}`)));
    return first
      .map((v) => {
        const kept = v.nodes.map((n) => again.has(`${v.id} ${n}`));
        return { ...v, nodes: v.nodes.filter((_, i) => kept[i]), why: v.why.filter((_, i) => kept[i]) };
      })
      .filter((v) => v.nodes.length > 0);
  }

  private async axeViolations(): Promise<AxeViolation[]> {
    // A toast (antd's message, gone after 3 s) lies over the header while it shows: axe would judge
    // the links beneath it against the toast's colours. Wait for toasts to leave (at most 6 s).
    await this.page
      .waitForFunction(
        "!document.querySelector('.ant-message-notice, .ant-notification-notice')",
        undefined,
        {
          timeout: 6000,
          polling: 200,
        },
      )
      .catch(() => undefined);
    // Colours caught mid-transition (a button leaving its loading state) are not the page's colours.
    await this.page.evaluate(
      `Promise.race([
        Promise.all(document.getAnimations()
          .filter((a) => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
          .map((a) => a.finished.catch(() => undefined))),
        new Promise((resolve) => setTimeout(resolve, 2000)),
      ])`,
    );
    // Evaluated through the DevTools protocol, which the page's CSP (no inline scripts) allows.
    await this.page.evaluate(axeSource());
    const results = await this.page.evaluate<AxeResults>('axe.run()');
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact ?? '',
        nodes: v.nodes.map((n) => n.html),
        // Why, in axe's words (for contrast: the colours it saw and the element behind the text).
        why: v.nodes.map((n) =>
          [...n.any, ...n.all]
            .map((c) => [c.message, ...(c.relatedNodes ?? []).map((r) => r.html)].join(' | '))
            .join('; '),
        ),
      }));
  }

  async close(): Promise<void> {
    await this.context.close();
    rmSync(this.profileDir, { recursive: true, force: true });
  }
}

/** One axe rule broken: the elements that break it and, beside each, why. */
export interface AxeViolation {
  id: string;
  impact: string;
  nodes: string[];
  why: string[];
}

interface AxeCheck {
  message: string;
  relatedNodes?: { html: string }[];
}

interface AxeResults {
  violations: {
    id: string;
    impact?: string | null;
    nodes: { html: string; any: AxeCheck[]; all: AxeCheck[] }[];
  }[];
}

let axeScript: string | null = null;

function axeSource(): string {
  axeScript ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  return axeScript;
}
