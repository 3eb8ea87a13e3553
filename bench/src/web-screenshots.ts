/**
 * The README's screenshots (docs/screenshots/*.png): the sign-in page and the signed-in shell, in
 * Russian and English, on a desktop and a 360 px phone, taken in Debian's Chromium against the real
 * system with the demo data. Run on demand: `npm run screenshots` (after the web app's build).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_PASSWORD, demoUser } from '@orbita/demo';
import { repoRoot } from '@orbita/infra';
import type { Viewport } from '@orbita/testing';
import { BrowserSession, VIEWPORTS, login } from '@orbita/testing';
import { out, startBenchSystem } from './measure';

const LANGUAGES = ['ru', 'en'] as const;
const dir = join(repoRoot, 'docs', 'screenshots');

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
    for (const viewport of VIEWPORTS) {
      for (const language of LANGUAGES) {
        await shoot(bench.system.gatewayUrl, viewport, language);
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
