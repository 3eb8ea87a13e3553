import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { BrandingView } from '@orbita/contracts';
import { DEMO_PASSWORD, demoUser } from '@orbita/demo';
import {
  ApiClient,
  BrowserSession,
  MailpitClient,
  TestSystem,
  VIEWPORTS,
  eventually,
  firstLink,
  login,
} from '@orbita/testing';
import type { Frame } from 'playwright-core';
import { expectAccessibleAndNarrow } from './web-checks';

// Chromium on two loaded cores: a failed test is tried once more at once (before the tests that
// build on its state), its first failure printed.
jest.retryTimes(1, { logErrorsBeforeRetry: true, retryImmediately: true });

const BRAND = { name: 'ЭкоТранс', colour: '#6d28d9', rgb: 'rgb(109, 40, 217)' };
const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="32" viewBox="0 0 96 32"><rect width="96" height="32" rx="6" fill="${BRAND.colour}"/><text x="48" y="21" font-size="14" fill="#fff" text-anchor="middle">ЭкоТранс</text></svg>`;

/** The company's own site: a page that includes the portal by its script tag. */
function companySite(gatewayUrl: () => string): Server {
  return createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://site').searchParams.get('path') ?? '/my-org';
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>ЭкоТранс — вывоз отходов</title>
<style>body { margin: 0; font-family: sans-serif; } header, footer { padding: 16px; background: #eee; }</style>
</head><body>
<header><h1>ЭкоТранс</h1><p>Личный кабинет клиента</p></header>
<main><orbita-portal path="${path}" label="Личный кабинет ЭкоТранс"></orbita-portal></main>
<footer>© ЭкоТранс</footer>
<script src="${gatewayUrl()}/embed.js" async></script>
</body></html>`);
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // "localhost", not the gateway's 127.0.0.1: another site, as the company's web site is.
  return `http://localhost:${(server.address() as AddressInfo).port}`;
}

/**
 * Issue 13 item 5 in a real browser: the company's look from the gateway's config (BRAND_*) on
 * the sign-in page and in the workspace; the portal mounted on the company's own site by one
 * script tag as <orbita-portal> (a frame the site allowed in FRAME_ANCESTORS follows its content's
 * height, a site not allowed gets no portal); and the link in an e-mail opening its task right
 * after sign-in.
 */
describe('the web app: branding, embedding in the company site, e-mail links', () => {
  const [desktop, phone] = VIEWPORTS;
  let system: TestSystem;
  let mailpit: MailpitClient;
  const logoDir = mkdtempSync(join(tmpdir(), 'orbita-logo-'));
  let allowedSite: Server;
  let otherSite: Server;
  let allowedSiteUrl: string;
  let otherSiteUrl: string;
  const sessions: BrowserSession[] = [];

  beforeAll(async () => {
    writeFileSync(join(logoDir, 'logo.svg'), LOGO);
    // The sites' pages name the gateway's address, known only once it is up: they read it late.
    let gatewayUrl = '';
    allowedSite = companySite(() => gatewayUrl);
    otherSite = companySite(() => gatewayUrl);
    allowedSiteUrl = await listen(allowedSite);
    otherSiteUrl = await listen(otherSite);
    system = await TestSystem.start({
      seedDemo: true,
      env: {
        gateway: {
          FRAME_ANCESTORS: `'self' ${allowedSiteUrl}`,
          BRAND_NAME: BRAND.name,
          BRAND_PRIMARY_COLOUR: BRAND.colour,
          BRAND_LOGO_FILE: join(logoDir, 'logo.svg'),
        },
      },
    });
    gatewayUrl = system.gatewayUrl;
    mailpit = new MailpitClient(system.infra.mailApiUrl);
  });

  afterAll(async () => {
    await Promise.all(sessions.map((session) => session.close()));
    await system.stop();
    allowedSite.close();
    otherSite.close();
    rmSync(logoDir, { recursive: true, force: true });
  });

  async function open(viewport = desktop!): Promise<BrowserSession> {
    const browser = await BrowserSession.open(viewport);
    sessions.push(browser);
    return browser;
  }

  /** The portal's frame inside <orbita-portal> (Playwright's CSS reaches into its shadow root). */
  async function portalFrame(browser: BrowserSession): Promise<Frame> {
    const handle = await browser.page.locator('orbita-portal iframe').elementHandle();
    const frame = await handle.contentFrame();
    if (!frame) {
      throw new Error('<orbita-portal> has no frame');
    }
    return frame;
  }

  it('wears the company’s name, logo and colour from the gateway’s config, before and after sign-in', async () => {
    const branding = await new ApiClient(system.gatewayUrl).get<BrandingView>('/api/branding');
    expect(branding.status).toBe(200);
    expect(branding.body).toEqual({
      name: BRAND.name,
      logoUrl: '/api/branding/logo',
      primaryColour: BRAND.colour,
    });

    const browser = await open();
    const { page } = browser;
    await page.goto(`${system.gatewayUrl}/login`);
    const signIn = page.getByRole('button', { name: 'Войти' });
    await signIn.waitFor();
    await expect(page.title()).resolves.toBe(BRAND.name);
    await page.getByText(BRAND.name, { exact: true }).first().waitFor();
    const logo = page.getByTestId('brand-logo');
    await expect(logo.getAttribute('src')).resolves.toBe('/api/branding/logo');
    await expect(
      page.evaluate<number>("document.querySelector('[data-testid=brand-logo]').naturalWidth"),
    ).resolves.toBe(96);
    await expect(
      page.evaluate<string>(
        "getComputedStyle(document.querySelector('button[type=submit]')).backgroundColor",
      ),
    ).resolves.toBe(BRAND.rgb);

    await browser.signIn(system.gatewayUrl, demoUser.ivan.email, DEMO_PASSWORD);
    await page.getByRole('navigation').getByRole('link', { name: 'Входящие' }).waitFor();
    await expect(
      page.evaluate<string>("getComputedStyle(document.querySelector('.shell-link.active')).color"),
    ).resolves.toBe(BRAND.rgb);
    await expect(
      page.getByRole('link', { name: BRAND.name }).getByTestId('brand-logo').count(),
    ).resolves.toBe(1);
    await expectAccessibleAndNarrow(browser);
    expect(browser.problems).toEqual([]);
  });

  it('mounts the portal on the company’s site by one script tag: Olga signs in on her phone and sees her card', async () => {
    const browser = await open(phone);
    const { page } = browser;
    const script = await fetch(`${system.gatewayUrl}/embed.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(script.headers.get('cross-origin-resource-policy')).toBe('cross-origin');

    await page.goto(`${allowedSiteUrl}/?path=/my-org`);
    await page.getByRole('heading', { level: 1, name: 'ЭкоТранс' }).waitFor();
    const element = page.locator('orbita-portal iframe');
    await expect(element.getAttribute('title')).resolves.toBe('Личный кабинет ЭкоТранс');
    let frame = await portalFrame(browser);
    // This browser denies a framed site's storage (third-party): the session lives in the frame's
    // memory, and the sign-in page says so, with a way out to a tab of its own.
    await frame
      .getByTestId('storage-denied')
      .getByRole('link', { name: 'Открыть портал в отдельной вкладке' })
      .waitFor();
    await frame.getByLabel('Эл. почта').fill(demoUser.olga.email);
    await frame.getByLabel('Пароль').fill(DEMO_PASSWORD);
    await browser.press(frame.getByRole('button', { name: 'Войти' }));
    // The page asked for comes after the sign-in, inside the frame.
    await frame.getByRole('heading', { level: 1, name: 'Raduga Mall' }).waitFor();
    expect(new URL(frame.url()).pathname).toBe('/my-org');
    // The frame follows the card's height (far more than its 480 px minimum), so only the site scrolls.
    await eventually(async () => {
      const frameHeight = (await element.boundingBox())?.height ?? 0;
      const contentHeight = await frame.evaluate<number>(
        "document.getElementById('root').getBoundingClientRect().height",
      );
      expect(frameHeight).toBeGreaterThan(600);
      expect(Math.abs(frameHeight - contentHeight)).toBeLessThanOrEqual(1);
    });
    const { scrollWidth, innerWidth } = await browser.horizontalOverflow();
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    // The site's page got the element and nothing else of the script's.
    await expect(page.evaluate<string>("typeof customElements.get('orbita-portal')")).resolves.toBe(
      'function',
    );

    // The site switches the portal to English by the element's attribute: the frame opens anew,
    // and as its session was in its memory only, Olga signs in again, in English now.
    await page.evaluate("document.querySelector('orbita-portal').setAttribute('lang', 'en')");
    frame = await portalFrame(browser);
    await frame.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await frame.getByLabel('E-mail').fill(demoUser.olga.email);
    await frame.getByLabel('Password').fill(DEMO_PASSWORD);
    await browser.press(frame.getByRole('button', { name: 'Sign in' }));
    await frame.getByRole('heading', { level: 1, name: 'Raduga Mall' }).waitFor();
    await expect(frame.evaluate<string>('document.documentElement.lang')).resolves.toBe('en');
    expect(browser.problems).toEqual([]);
  });

  it('gives a site the gateway does not allow no portal at all', async () => {
    const browser = await open();
    const { page } = browser;
    await page.goto(`${otherSiteUrl}/?path=/login`);
    await page.getByRole('heading', { level: 1, name: 'ЭкоТранс' }).waitFor();
    await eventually(() => {
      expect(browser.problems.some((problem) => /frame-ancestors/.test(problem))).toBe(true);
      return Promise.resolve();
    });
    const frame = await portalFrame(browser);
    await expect(frame.getByRole('button', { name: 'Войти' }).count()).resolves.toBe(0);
  });

  it('opens the task an e-mail links to right after sign-in', async () => {
    const ivan = new ApiClient(system.gatewayUrl).as(
      await login(system.gatewayUrl, demoUser.ivan.email, DEMO_PASSWORD),
    );
    const title = `Сверить график вывоза ${randomBytes(3).toString('hex')}`;
    const task = await ivan.post<{ id: string }>('/api/tasks', { title, assigneeId: demoUser.dina.id });
    expect(task.status).toBe(201);
    const mail = await eventually(async () => {
      const found = (await mailpit.messagesTo(demoUser.dina.email)).filter((m) => m.Subject.includes(title));
      expect(found).toHaveLength(1);
      return mailpit.message(found[0]!.ID);
    });
    const link = firstLink(mail.Text) ?? '';
    expect(link).toBe(`${system.gatewayUrl}/tasks/${task.body.id}`);

    const browser = await open(phone);
    const { page } = browser;
    await page.goto(link);
    await page.waitForURL(/\/login$/);
    await page.getByLabel('Эл. почта').fill(demoUser.dina.email);
    await page.getByLabel('Пароль').fill(DEMO_PASSWORD);
    await browser.press(page.getByRole('button', { name: 'Войти' }));
    await page.waitForURL(new RegExp(`/tasks/${task.body.id}$`));
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.getByRole('button', { name: 'Выполнено' }).waitFor();
    expect(browser.problems).toEqual([]);
  });
});
