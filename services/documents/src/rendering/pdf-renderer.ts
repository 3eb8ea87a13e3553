import type { OnModuleDestroy } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { access, constants } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { ErrorCode } from '@orbita/contracts';
import type { HealthCheck } from '@orbita/platform';
import { AppError } from '@orbita/platform';
import { footerFontFaces } from './font-faces.util';
import { RENDERING_OPTIONS } from './rendering.options';
import type { RenderingOptions } from './rendering.options';

/**
 * Chromium's flags: headless without a GPU, sandbox off (containers run it as an unprivileged user
 * without user namespaces), and none of the background traffic a desktop browser makes.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
] as const;

export interface PdfRenderOptions {
  landscape?: boolean;
}

/** What the pool is doing, for tests and logs. */
export interface PdfRendererStats {
  /** Chromium processes started so far (more than one only after a crash). */
  launches: number;
  /** Pages rendering now, and the most there ever were at once. */
  pagesInUse: number;
  maxPagesInUse: number;
  /** Pages open in Chromium (in use and idle). */
  pagesOpen: number;
}

const MARGINS = {
  // Russian office documents keep a wide left margin for binding (ГОСТ Р 7.0.97: 20 mm and more).
  portrait: { top: '15mm', right: '10mm', bottom: '16mm', left: '20mm' },
  landscape: { top: '10mm', right: '10mm', bottom: '14mm', left: '10mm' },
} as const;

const FOOTER =
  `<style>${footerFontFaces()}</style>` +
  `<div style="width:100%;padding:0 10mm;font:8pt 'PT Sans',sans-serif;color:#555;text-align:right;">` +
  `стр. <span class="pageNumber"></span> из <span class="totalPages"></span></div>`;

class RenderTimeout extends Error {}

/** The little of the page's DOM the body swap touches (the service has no DOM types). */
interface PageElement {
  querySelector(selector: string): { innerHTML: string; outerHTML: string } | null;
}

/**
 * The head (everything before <body>, without its title), the title (as escaped in the HTML) and
 * the body element of a whole HTML document, or null when it is not one such document (then it
 * is rendered as a new page, as given). Documents of one template differ in title and body only.
 */
export function splitDocument(html: string): { head: string; title: string; body: string } | null {
  const start = html.search(/<body[\s>]/i);
  const end = html.lastIndexOf('</body>');
  if (start < 0 || end < start) {
    return null;
  }
  const head = html.slice(0, start);
  const title = /<title>([\s\S]*?)<\/title>/i.exec(head);
  return {
    head: title ? head.replace(title[0], '<title></title>') : head,
    title: title?.[1] ?? '',
    body: html.slice(start, end + '</body>'.length),
  };
}

/**
 * HTML to PDF with one Chromium for the whole service and a bounded pool of pages
 * (RENDER_POOL_SIZE): renders beyond it wait for a free page, never start a browser of their own.
 * Chromium starts on the first render, starts again if it dies, and is closed with the module.
 */
@Injectable()
export class PdfRenderer implements OnModuleDestroy {
  private readonly logger = new Logger(PdfRenderer.name);
  private browser: Browser | null = null;
  private context: BrowserContext | null = null;
  private launching: Promise<BrowserContext> | null = null;
  private readonly idle: Page[] = [];
  /** The head (styles, fonts) each page holds now, so the next render of that head swaps the body only. */
  private readonly shells = new WeakMap<Page, string>();
  private readonly waiters: (() => void)[] = [];
  private inUse = 0;
  private maxInUse = 0;
  private launches = 0;
  private closed = false;

  constructor(
    @Inject(RENDERING_OPTIONS)
    private readonly options: Pick<RenderingOptions, 'chromiumPath' | 'poolSize' | 'timeoutMs'>,
  ) {}

  /**
   * A readiness check for HealthRegistry: a running Chromium must be connected; before the first
   * render, the binary must be there. Not registered by RenderingModule itself: the readiness
   * answer of the documents service is asserted whole by the gateway's end-to-end tests, so adding
   * it goes together with that expectation.
   */
  healthCheck(): HealthCheck {
    return { name: 'chromium', check: () => this.check() };
  }

  async onModuleDestroy(): Promise<void> {
    await this.close();
  }

  /** PDF bytes of a self-contained HTML page (TemplatePack.renderHtml), A4, "стр. N из M" below. */
  async render(html: string, options: PdfRenderOptions = {}): Promise<Buffer> {
    const deadline = Date.now() + this.options.timeoutMs;
    await this.acquire(deadline);
    try {
      try {
        return await this.renderOnPage(html, options, deadline);
      } catch (err) {
        // Chromium died under this render (crash, OOM kill): start it again and try once more.
        if (
          this.closed ||
          err instanceof RenderTimeout ||
          err instanceof AppError ||
          this.browser?.isConnected()
        ) {
          throw err;
        }
        this.logger.warn({ msg: 'Chromium went away during a render; trying again', err });
        return await this.renderOnPage(html, options, deadline);
      }
    } catch (err) {
      if (err instanceof RenderTimeout) {
        throw new AppError(ErrorCode.UpstreamTimeout, { service: 'chromium' });
      }
      throw err;
    } finally {
      this.release();
    }
  }

  stats(): PdfRendererStats {
    return {
      launches: this.launches,
      pagesInUse: this.inUse,
      maxPagesInUse: this.maxInUse,
      pagesOpen: this.context?.pages().length ?? 0,
    };
  }

  /** Closes Chromium; renders after this fail. Called on module destroy. */
  async close(): Promise<void> {
    this.closed = true;
    const launching = this.launching;
    this.launching = null;
    await launching?.catch(() => undefined);
    const browser = this.browser;
    this.browser = null;
    this.context = null;
    this.idle.length = 0;
    if (browser) {
      await browser.close().catch((err: unknown) => {
        this.logger.warn({ msg: 'Closing Chromium failed', err });
      });
    }
  }

  private async check(): Promise<void> {
    if (this.browser) {
      if (!this.browser.isConnected()) {
        throw new Error('Chromium is not connected');
      }
      return;
    }
    await access(this.options.chromiumPath, constants.X_OK);
  }

  private async renderOnPage(html: string, options: PdfRenderOptions, deadline: number): Promise<Buffer> {
    const context = await this.withDeadline(this.ensureContext(), deadline);
    const page = this.idle.pop() ?? (await this.withDeadline(context.newPage(), deadline));
    let reusable = false;
    try {
      const pdf = await this.withDeadline(this.print(page, html, options, deadline), deadline);
      reusable = true;
      return pdf;
    } finally {
      if (reusable && this.context === context && !page.isClosed()) {
        this.idle.push(page);
      } else {
        // A page that failed or timed out may be in any state: it is not used again.
        void page.close().catch(() => undefined);
      }
    }
  }

  private async print(
    page: Page,
    html: string,
    options: PdfRenderOptions,
    deadline: number,
  ): Promise<Buffer> {
    const parts = splitDocument(html);
    if (parts && this.shells.get(page) === parts.head) {
      // The page already holds this head (styles and the embedded fonts, decoded): only the body
      // changes, which costs a fraction of parsing and decoding the whole document again.
      await page.$eval(
        'html',
        (root: PageElement, [title, body]: [string, string]) => {
          const titleElement = root.querySelector('title');
          if (titleElement) {
            // RCDATA: the escaped title text is read back as the text it stands for.
            titleElement.innerHTML = title;
          }
          const bodyElement = root.querySelector('body');
          if (bodyElement) {
            bodyElement.outerHTML = body;
          }
        },
        [parts.title, parts.body] as [string, string],
      );
    } else {
      this.shells.delete(page);
      await page.setContent(html, { waitUntil: 'load', timeout: Math.max(1, deadline - Date.now()) });
      if (parts) {
        this.shells.set(page, parts.head);
      }
    }
    // The fonts are data URLs; wait until they are decoded, or the first render may use fallbacks.
    await page.evaluate('document.fonts.ready.then(() => true)');
    const landscape = options.landscape === true;
    return page.pdf({
      format: 'A4',
      landscape,
      printBackground: true,
      margin: landscape ? MARGINS.landscape : MARGINS.portrait,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: FOOTER,
    });
  }

  private ensureContext(): Promise<BrowserContext> {
    if (this.closed) {
      return Promise.reject(new Error('The PDF renderer is closed'));
    }
    if (this.context && this.browser?.isConnected()) {
      return Promise.resolve(this.context);
    }
    this.launching ??= this.launch().finally(() => {
      this.launching = null;
    });
    return this.launching;
  }

  private async launch(): Promise<BrowserContext> {
    const started = Date.now();
    let browser: Browser;
    try {
      browser = await chromium.launch({
        executablePath: this.options.chromiumPath,
        args: [...CHROMIUM_ARGS],
        headless: true,
        timeout: this.options.timeoutMs,
        // Nest's shutdown closes the browser (onModuleDestroy); Playwright still kills it if the
        // process exits without one.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      });
    } catch (err) {
      this.logger.error({ msg: 'Chromium did not start', chromiumPath: this.options.chromiumPath, err });
      throw new AppError(ErrorCode.ServiceUnavailable, { service: 'chromium' });
    }
    this.launches += 1;
    // Documents need no scripts, no network and no service workers; the page's CSP says so too.
    const context = await browser.newContext({
      javaScriptEnabled: false,
      offline: true,
      serviceWorkers: 'block',
    });
    browser.on('disconnected', () => {
      if (this.browser === browser) {
        this.logger.warn({ msg: 'Chromium disconnected; it starts again on the next render' });
        this.browser = null;
        this.context = null;
        this.idle.length = 0;
      }
    });
    if (this.closed) {
      await browser.close();
      throw new Error('The PDF renderer is closed');
    }
    this.browser = browser;
    this.context = context;
    this.logger.log({ msg: 'Chromium started', version: browser.version(), ms: Date.now() - started });
    return context;
  }

  /** Waits for a free page of the pool, until the render's deadline. */
  private acquire(deadline: number): Promise<void> {
    if (this.inUse < this.options.poolSize) {
      this.take();
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter = (): void => {
        clearTimeout(timer);
        this.take();
        resolve();
      };
      const timer = setTimeout(
        () => {
          const at = this.waiters.indexOf(waiter);
          if (at >= 0) {
            this.waiters.splice(at, 1);
          }
          reject(new AppError(ErrorCode.UpstreamTimeout, { service: 'chromium' }));
        },
        Math.max(0, deadline - Date.now()),
      );
      this.waiters.push(waiter);
    });
  }

  private take(): void {
    this.inUse += 1;
    this.maxInUse = Math.max(this.maxInUse, this.inUse);
  }

  private release(): void {
    this.inUse -= 1;
    this.waiters.shift()?.();
  }

  private async withDeadline<T>(work: Promise<T>, deadline: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        work,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => {
              reject(new RenderTimeout(`The render took longer than ${this.options.timeoutMs} ms`));
            },
            Math.max(0, deadline - Date.now()),
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}
