import type { DocumentView, Receipt } from '@orbita/contracts';
import { DEMO_PASSWORD, DEMO_RADUGA_ID, demoUser } from '@orbita/demo';
import type { Viewport } from '@orbita/testing';
import { ApiClient, BrowserSession, TestSystem, VIEWPORTS, eventually, login } from '@orbita/testing';
import { expectAccessibleAndNarrow } from './web-checks';

const [DESKTOP, PHONE] = VIEWPORTS as [Viewport, Viewport];

/** A small PDF the documents service's type detection takes for one. */
function pdf(text: string): Buffer {
  return Buffer.from(`%PDF-1.4\n% ${text}\n${'%'.repeat(200)}\n%%EOF\n`, 'utf8');
}

// Chromium on two loaded cores: a failed test is tried once more at once (before the tests that
// build on its state), its first failure printed.
jest.retryTimes(1, { logErrorsBeforeRetry: true, retryImmediately: true });

/**
 * Documents in the browser (issue 13 items 2, 3 and 6; S1.6's receipt): Ivan uploads a version
 * of a contract with a progress bar — a type the gateway refuses is explained and adds nothing, a
 * cancelled upload adds nothing — and publishes it; Olga finds it as new among her documents on a
 * phone, opens and downloads it; Ivan sees her receipts on the document's page, saves one as a PDF
 * and voids the document with a reason she can read.
 */
describe('documents in the browser', () => {
  let system: TestSystem;
  let ivan: ApiClient;
  let browser: BrowserSession;
  let documentId = '';

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true });
    ivan = new ApiClient(system.gatewayUrl).as(
      await login(system.gatewayUrl, demoUser.ivan.email, DEMO_PASSWORD),
    );
    const created = await ivan.post<DocumentView>('/api/documents', {
      title: 'Допсоглашение 4 к договору 12/2026',
      type: 'supplement',
      number: 'ДС-4',
      counterpartyOrgId: DEMO_RADUGA_ID,
    });
    expect(created.status).toBe(201);
    documentId = created.body.id;
  });

  afterAll(async () => {
    await system.stop();
  });

  afterEach(async () => {
    await browser.close();
  });

  async function stored(): Promise<DocumentView> {
    return (await ivan.get<DocumentView>(`/api/documents/${documentId}`)).body;
  }

  it('lets Ivan upload a version with progress, refuses a program, cancels, and publishes', async () => {
    browser = await BrowserSession.signedIn(DESKTOP, system.gatewayUrl, demoUser.ivan.email, DEMO_PASSWORD);
    const { page } = browser;
    await browser.press(page.getByRole('link', { name: 'Документы', exact: true }));
    await page.waitForURL(/\/documents$/);
    await page.getByRole('searchbox', { name: 'Найти по названию или номеру' }).fill('Допсоглашение 4');
    await page.getByRole('searchbox', { name: 'Найти по названию или номеру' }).press('Enter');
    const item = page.getByTestId('document-item').filter({ hasText: 'Допсоглашение 4' });
    expect(await item.innerText()).toMatch(/Доп\. соглашение[\s\S]*№ ДС-4[\s\S]*Черновик/);
    await expectAccessibleAndNarrow(browser);
    await browser.press(item.getByRole('link'));
    await page.waitForURL(new RegExp(`/documents/${documentId}$`));
    await page.getByRole('heading', { level: 1, name: 'Допсоглашение 4 к договору 12/2026' }).waitFor();
    await page.getByText('Версий пока нет: загрузите файл.').waitFor();
    await expectAccessibleAndNarrow(browser);

    // A program is refused by the gateway's type detection, with its reason; nothing is added.
    await page.getByLabel('Новая версия: файл').setInputFiles({
      name: 'setup.exe',
      mimeType: 'application/pdf',
      buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(4096, 1)]),
    });
    await browser.press(page.getByRole('button', { name: 'Загрузить версию' }));
    await expect(page.getByTestId('upload-error').innerText()).resolves.toMatch(/\S/);
    expect((await stored()).versions).toEqual([]);

    // A cancelled upload adds nothing either: the upload is slowed so that it can be caught midway.
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 64 * 1024,
    });
    await page.getByLabel('Новая версия: файл').setInputFiles({
      name: 'large.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.concat([pdf('large'), Buffer.alloc(4 * 1024 * 1024, 0x25)]),
    });
    await browser.press(page.getByRole('button', { name: 'Загрузить версию' }));
    await page.getByTestId('upload-progress').getByRole('progressbar').waitFor();
    await browser.press(page.getByRole('button', { name: 'Отменить загрузку' }));
    await page.getByText('Загрузка отменена: новая версия не добавлена.').waitFor();
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    expect((await stored()).versions).toEqual([]);

    // The real one, with a comment: listed with its size and SHA-256, then published.
    await page.getByLabel('Новая версия: файл').setInputFiles({
      name: 'ДС-4.pdf',
      mimeType: 'application/pdf',
      buffer: pdf('ДС-4'),
    });
    await page.getByLabel('Что изменилось (необязательно)').fill('Новый график вывоза');
    await browser.press(page.getByRole('button', { name: 'Загрузить версию' }));
    await page.getByText('Версия 1 загружена.').waitFor();
    const version = page.getByTestId('document-version');
    const [first] = (await stored()).versions;
    expect(await version.innerText()).toMatch(/Версия 1: ДС-4\.pdf[\s\S]*Новый график вывоза/);
    expect(await version.innerText()).toContain(first?.sha256 ?? 'no version stored');
    await browser.press(page.getByRole('button', { name: 'Опубликовать версию 1' }));
    await browser.press(page.getByRole('button', { name: 'Опубликовать', exact: true }));
    await page.getByText('Версия 1 опубликована.').waitFor();
    // The page reloads the document after the message: the tag follows once that answer is in.
    await page
      .getByTestId('document-status')
      .filter({ hasText: /^Опубликован$/ })
      .first()
      .waitFor();
    expect((await stored()).publishedVersion).toBe(1);
    await expectAccessibleAndNarrow(browser);
    expect(browser.problems.filter((p) => !/status of 415/.test(p))).toEqual([]);
  });

  it('shows Olga the new document on a phone; opening and downloading it are on record', async () => {
    browser = await BrowserSession.signedIn(PHONE, system.gatewayUrl, demoUser.olga.email, DEMO_PASSWORD);
    const { page } = browser;
    await page.goto(`${system.gatewayUrl}/documents`);
    await browser.press(page.getByRole('switch'));
    const item = page.getByTestId('document-item').filter({ hasText: 'Допсоглашение 4' });
    expect(await item.innerText()).toMatch(/Новый/);
    await expectAccessibleAndNarrow(browser);
    await browser.press(item.getByRole('link'));
    await page.getByRole('heading', { level: 1, name: 'Допсоглашение 4 к договору 12/2026' }).waitFor();
    // A client neither uploads, publishes nor voids.
    expect(await page.getByRole('button', { name: 'Загрузить версию' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Аннулировать' }).count()).toBe(0);
    const download = page.waitForEvent('download');
    await browser.press(page.getByRole('button', { name: 'Скачать: версия 1' }));
    expect((await download).suggestedFilename()).toBe('ДС-4.pdf');
    await page.getByText('«Допсоглашение 4 к договору 12/2026» скачан.').waitFor();
    await expectAccessibleAndNarrow(browser);
    await eventually(async () => {
      const receipts = await ivan.get<{ items: Receipt[] }>(`/api/documents/${documentId}/receipts`);
      const olgas = receipts.body.items.filter((r) => r.actor.userId === demoUser.olga.id);
      expect(olgas.map((r) => r.kind)).toEqual(expect.arrayContaining(['viewed', 'downloaded']));
    });
    expect((await stored()).unread).toBe(false);
    expect(browser.problems).toEqual([]);
  });

  it("shows Ivan Olga's receipts, saves one as a PDF, and voids the document with a reason", async () => {
    browser = await BrowserSession.signedIn(DESKTOP, system.gatewayUrl, demoUser.ivan.email, DEMO_PASSWORD);
    const { page } = browser;
    await page.goto(`${system.gatewayUrl}/documents/${documentId}`);
    const receipts = page.getByTestId('receipt');
    await receipts.filter({ hasText: 'Скачал(а): Ольга Смирнова' }).waitFor();
    expect(await receipts.filter({ hasText: 'Открыл(а): Ольга Смирнова' }).count()).toBeGreaterThan(0);
    expect(await receipts.filter({ hasText: 'Опубликовал(а)' }).count()).toBe(1);
    const downloaded = receipts.filter({ hasText: 'Скачал(а): Ольга Смирнова' }).first();
    const pdfDownload = page.waitForEvent('download');
    await browser.press(downloaded.getByRole('button', { name: /^PDF: квитанция \d+$/ }));
    expect((await pdfDownload).suggestedFilename()).toMatch(/\.pdf$/);

    await browser.press(page.getByRole('button', { name: 'Аннулировать' }));
    const dialog = page.getByRole('dialog', { name: 'Аннулировать документ' });
    await dialog.getByLabel('Причина (её увидит клиент)').fill('Заменено допсоглашением 5');
    await browser.press(dialog.getByRole('button', { name: 'Аннулировать' }));
    await page.getByText('Документ аннулирован.').waitFor();
    await page.getByText(/Аннулирован .*: Заменено допсоглашением 5/).waitFor();
    expect((await stored()).status).toBe('void');
    // A void document takes no new version.
    expect(await page.getByRole('button', { name: 'Загрузить версию' }).count()).toBe(0);
    await expectAccessibleAndNarrow(browser);
    expect(browser.problems).toEqual([]);
  });
});
