/**
 * The README's screenshots (docs/screenshots/*.png): the sign-in page and the signed-in shell, a
 * request's page and a start form, a document's page with its versions and receipts, the SLA report,
 * in Russian and English, on a desktop and a 360 px phone, taken
 * in Debian's Chromium against the real system with the demo data and the shipped template pack.
 * Run on demand: `npm run screenshots` (after the web app's build).
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { join } from 'node:path';
import { DEMO_PASSWORD, DEMO_RADUGA_ID, demoUser } from '@orbita/demo';
import { repoRoot } from '@orbita/infra';
import type { Viewport } from '@orbita/testing';
import { BrowserSession, VIEWPORTS, login } from '@orbita/testing';
import { out, startBenchSystem } from './measure';

const LANGUAGES = ['ru', 'en'] as const;
const dir = join(repoRoot, 'docs', 'screenshots');

/** Olga's new pick-up point, checked by dispatch and waiting for Ivan's terms, with a comment each. */
async function seedRequest(gatewayUrl: string): Promise<string> {
  const call = async <T>(token: string, method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${gatewayUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
    if (!response.ok) {
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    }
    return (await response.json()) as T;
  };
  const [olga, dina, ivan] = await Promise.all(
    [demoUser.olga, demoUser.dina, demoUser.ivan].map((user) => login(gatewayUrl, user.email, DEMO_PASSWORD)),
  );
  const request = await call<{ id: string }>(olga!, 'POST', '/api/requests', {
    templateKey: 'new-service-point',
    form: {
      address: 'г. Москва, пр-т Вернадского, д. 86, стр. 1, двор 2',
      containerType: 'bunker-8',
      volume: 8,
      schedule: { days: ['mon', 'thu'], time: '07:30' },
      startDate: '2027-01-10',
      comment: 'Въезд со стороны двора, шлагбаум открывает охрана',
    },
  });
  await call(olga!, 'POST', `/api/requests/${request.id}/comments`, {
    text: 'Контейнер нужен до конца месяца',
  });
  let route: { id: string; revision: number } | undefined;
  for (let attempt = 0; attempt < 100 && !route; attempt += 1) {
    const inbox = await call<{ items: { id: string; revision: number }[] }>(
      dina!,
      'GET',
      `/api/inbox?view=all&instanceId=${request.id}`,
    );
    route = inbox.items[0];
    if (!route) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  if (!route) {
    throw new Error('The route check never reached dispatch');
  }
  const claimed = await call<{ revision: number }>(dina!, 'POST', `/api/work-items/${route.id}/claim`, {
    revision: route.revision,
  });
  await call(dina!, 'POST', `/api/work-items/${route.id}/complete`, {
    outcome: 'feasible',
    revision: claimed.revision,
    comment: 'Маршрут 14, окно 7:00–8:00',
  });
  await call(ivan!, 'POST', `/api/requests/${request.id}/comments`, {
    text: 'Проверить тариф для бункера',
    visibility: 'internal',
  });
  return request.id;
}

/** Ivan's supplement for Raduga Mall in two versions, the second published and opened by Olga. */
async function seedDocument(gatewayUrl: string): Promise<string> {
  const [ivan, olga] = await Promise.all(
    [demoUser.ivan, demoUser.olga].map((user) => login(gatewayUrl, user.email, DEMO_PASSWORD)),
  );
  const call = async <T>(token: string, method: string, path: string, body?: string, json = true) => {
    const response = await fetch(`${gatewayUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': json ? 'application/json' : 'application/octet-stream',
      },
      body: body ?? null,
    });
    if (!response.ok) {
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    }
    return (await response.json()) as T;
  };
  const doc = await call<{ id: string }>(
    ivan!,
    'POST',
    '/api/documents',
    JSON.stringify({
      title: 'Дополнительное соглашение № 4 к договору 12/2026',
      type: 'supplement',
      number: 'ДС-4',
      counterpartyOrgId: DEMO_RADUGA_ID,
    }),
  );
  for (const [name, comment] of [
    ['ДС-4 проект.pdf', 'Проект для согласования'],
    ['ДС-4.pdf', 'Новый график вывоза: пн, чт в 07:30'],
  ] as const) {
    const query = new URLSearchParams({ name, comment });
    await call(
      ivan!,
      'POST',
      `/api/documents/${doc.id}/versions?${query.toString()}`,
      `%PDF-1.4\n% ${comment}\n%%EOF\n`,
      false,
    );
  }
  await call(ivan!, 'POST', `/api/documents/${doc.id}/publish`, '{}');
  await call(olga!, 'GET', `/api/documents/${doc.id}`);
  return doc.id;
}

/** One signed-in person's page, once `ready` says it has loaded, as `name-language-viewport.png`. */
async function shootPage(
  gatewayUrl: string,
  viewport: Viewport,
  language: (typeof LANGUAGES)[number],
  shot: { name: string; email: string; path: string; ready: (page: Page) => Promise<void> },
): Promise<void> {
  const browser = await BrowserSession.open(viewport);
  try {
    await signIn(browser, gatewayUrl, shot.email, language);
    await browser.page.goto(`${gatewayUrl}${shot.path}`);
    await shot.ready(browser.page);
    const path = join(dir, `${shot.name}-${language}-${viewport.name}.png`);
    await browser.page.screenshot({ path, fullPage: true, animations: 'disabled' });
    out(path);
  } finally {
    await browser.close();
  }
}

async function signIn(browser: BrowserSession, gatewayUrl: string, email: string, language: string) {
  const { page } = browser;
  await page.goto(`${gatewayUrl}/login`);
  await page.evaluate(`localStorage.setItem('orbita.language', '${language}')`);
  await page.reload();
  await page.getByLabel(/^(Эл\. почта|E-mail)$/).fill(email);
  await page.getByLabel(/^(Пароль|Password)$/).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /^(Войти|Sign in)$/ }).click();
  await page.getByTestId('notifications-bell').waitFor();
}

/** Ivan's page of the request (his step's form open) and Olga's start form with what it asks for marked. */
async function shootRequests(
  gatewayUrl: string,
  requestId: string,
  viewport: Viewport,
  language: (typeof LANGUAGES)[number],
): Promise<void> {
  await shootPage(gatewayUrl, viewport, language, {
    name: 'request',
    email: demoUser.ivan.email,
    path: `/requests/${requestId}`,
    ready: async (page) => {
      await page.getByTestId('work-card').locator('form').waitFor();
      await page.getByTestId('feed').waitFor();
    },
  });
  const client = await BrowserSession.open(viewport);
  try {
    await signIn(client, gatewayUrl, demoUser.olga.email, language);
    await client.page.goto(`${gatewayUrl}/new/new-service-point`);
    await client.page.getByLabel('Адрес площадки').fill('г. Москва, ул. Лесная, д. 7');
    await client.page.getByLabel('Объём, м³').fill('20');
    await client.page.getByRole('button', { name: /^(Отправить заявку|Send the request)$/ }).click();
    await client.page.getByTestId('form-error').waitFor();
    const path = join(dir, `start-${language}-${viewport.name}.png`);
    await client.page.screenshot({ path, fullPage: true, animations: 'disabled' });
    out(path);
  } finally {
    await client.close();
  }
}

/** Ivan's SLA report by manager for this month: dispatch's finished route check of the seeded request. */
async function shootReports(
  gatewayUrl: string,
  viewport: Viewport,
  language: (typeof LANGUAGES)[number],
): Promise<void> {
  const browser = await BrowserSession.open(viewport);
  try {
    await signIn(browser, gatewayUrl, demoUser.ivan.email, language);
    await browser.page.goto(`${gatewayUrl}/reports?groupBy=manager`);
    await browser.page.locator(`tr[data-row-key="${demoUser.dina.id}"]`).waitFor();
    await browser.page.getByTestId('report-chart').locator('canvas').waitFor();
    const path = join(dir, `reports-${language}-${viewport.name}.png`);
    await browser.page.screenshot({ path, fullPage: true, animations: 'disabled' });
    out(path);
  } finally {
    await browser.close();
  }
}

async function shoot(
  gatewayUrl: string,
  viewport: Viewport,
  language: (typeof LANGUAGES)[number],
): Promise<void> {
  const browser = await BrowserSession.open(viewport);
  try {
    const { page } = browser;
    await page.goto(`${gatewayUrl}/login`);
    await page.evaluate(`localStorage.setItem('orbita.language', '${language}')`);
    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
    const login = join(dir, `login-${language}-${viewport.name}.png`);
    await page.screenshot({ path: login, animations: 'disabled' });
    out(login);

    await page.getByLabel(/^(Эл\. почта|E-mail)$/).fill(demoUser.dina.email);
    await page.getByLabel(/^(Пароль|Password)$/).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /^(Войти|Sign in)$/ }).click();
    await page.getByTestId('notifications-bell').waitFor();
    await page.locator('.work-list, .ant-empty').first().waitFor();
    await page.getByTestId('notifications-bell').click();
    await page.getByTestId('notifications-panel').waitFor();
    // The popover fades in; the picture is of it open.
    await page.waitForTimeout(600);
    const shell = join(dir, `shell-${language}-${viewport.name}.png`);
    await page.screenshot({ path: shell, animations: 'disabled' });
    out(shell);
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const bench = await startBenchSystem('screenshots');
  try {
    // Something in the bell and the inbox, as a working day has.
    const ivan = await login(bench.system.gatewayUrl, demoUser.ivan.email, DEMO_PASSWORD);
    for (const title of ['Проверить маршрут ТЦ «Радуга»', 'Вывезти снег с площадки на Лесной']) {
      await fetch(`${bench.system.gatewayUrl}/api/tasks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ivan}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          title,
          assigneeId: demoUser.dina.id,
          dueAt: new Date(Date.now() + 4 * 3_600_000).toISOString(),
        }),
      });
    }
    const requestId = await seedRequest(bench.system.gatewayUrl);
    const documentId = await seedDocument(bench.system.gatewayUrl);
    for (const viewport of VIEWPORTS) {
      for (const language of LANGUAGES) {
        await shoot(bench.system.gatewayUrl, viewport, language);
        await shootRequests(bench.system.gatewayUrl, requestId, viewport, language);
        // Ivan's page of the document: versions with checksums, upload and publish, and who opened it.
        await shootPage(bench.system.gatewayUrl, viewport, language, {
          name: 'document',
          email: demoUser.ivan.email,
          path: `/documents/${documentId}`,
          ready: (page) => page.getByTestId('receipt').first().waitFor(),
        });
        await shootReports(bench.system.gatewayUrl, viewport, language);
      }
    }
  } finally {
    await bench.stop();
  }
}

void main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
