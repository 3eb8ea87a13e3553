import { randomBytes } from 'node:crypto';
import type { Locator } from 'playwright-core';
import type { DocumentView, FeedEntryView, Page } from '@orbita/contracts';
import { DEMO_PASSWORD, DEMO_RADUGA_ID, demoUser } from '@orbita/demo';
import type { ApiClient } from '@orbita/testing';
import { ApiClient as Api, BrowserSession, TestSystem, VIEWPORTS, login } from '@orbita/testing';
import { expectAccessibleAndNarrow } from './web-checks';

// Chromium on two loaded cores: a failed test is tried once more at once (before the tests that
// build on its state), its first failure printed.
jest.retryTimes(1, { logErrorsBeforeRetry: true, retryImmediately: true });

/** A small real PNG (the gateway detects types from the content): a 1×1 image. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * SCENARIOS S1.3 and S1.5 in Debian's Chromium, every actor in a browser of their own: Olga (the
 * client, on her phone), Dina and Ivan (the company, on desktops). The other side's comments,
 * files and steps appear on the open page without a reload (ADR 027), and a comment being typed
 * is kept while they do.
 */
describe('the web app: S1.3 a new pick-up point and S1.5 a complaint, end to end', () => {
  const [desktop, phone] = VIEWPORTS;
  let system: TestSystem;
  let ivanApi: ApiClient;
  let petrApi: ApiClient;
  const sessions: BrowserSession[] = [];

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true });
    const api = new Api(system.gatewayUrl);
    ivanApi = api.as(await login(system.gatewayUrl, demoUser.ivan.email, DEMO_PASSWORD));
    petrApi = api.as(await login(system.gatewayUrl, demoUser.petr.email, DEMO_PASSWORD));
  });

  afterAll(async () => {
    await Promise.all(sessions.map((session) => session.close()));
    await system.stop();
  });

  async function signedIn(email: string, viewport = desktop!): Promise<BrowserSession> {
    const browser = await BrowserSession.signedIn(viewport, system.gatewayUrl, email, DEMO_PASSWORD);
    sessions.push(browser);
    return browser;
  }

  const feed = (browser: BrowserSession): Locator => browser.page.getByTestId('feed');
  const openRun = (browser: BrowserSession): Locator => browser.page.getByTestId('run-open');
  const work = (browser: BrowserSession): Locator => browser.page.getByTestId('work-card');

  async function openFromInbox(browser: BrowserSession, title: string): Promise<void> {
    const { page } = browser;
    await browser.press(page.getByRole('navigation').getByRole('link', { name: 'Входящие' }));
    await page.getByRole('heading', { level: 1, name: 'Входящие' }).waitFor();
    await browser.press(page.getByTestId('work-item').getByRole('link', { name: title }).first());
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
  }

  /** Files a file from the comment form and waits until it is listed as attached. */
  async function attach(browser: BrowserSession, name: string, buffer: Buffer): Promise<void> {
    await browser.page
      .getByLabel('Файлы к комментарию')
      .setInputFiles({ name, mimeType: 'image/png', buffer });
    const listed = browser.page.getByTestId('attached-files').getByText(name);
    const refused = browser.page.getByTestId('attachment-error');
    await listed.or(refused).first().waitFor();
    if (await refused.isVisible()) {
      throw new Error(`The upload of ${name} was refused: ${await refused.innerText()}`);
    }
  }

  async function comment(browser: BrowserSession, text: string): Promise<void> {
    await browser.page.getByLabel('Комментарий', { exact: true }).fill(text);
    await browser.press(browser.page.getByRole('button', { name: 'Отправить', exact: true }));
    await feed(browser).getByText(text).waitFor();
  }

  async function feedOf(client: ApiClient, id: string): Promise<FeedEntryView[]> {
    const page = await client.get<Page<FeedEntryView>>(`/api/requests/${id}/feed?limit=100`);
    expect(page.status).toBe(200);
    return page.body.items;
  }

  /** Picks options of an Ant Design select by their text: focus, open the list, press each. */
  async function choose(browser: BrowserSession, label: string, options: string[]): Promise<void> {
    const { page } = browser;
    await page.getByLabel(label).focus();
    await page.keyboard.press('ArrowDown');
    const list = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
    for (const option of options) {
      await browser.press(list.locator(`.ant-select-item-option[title="${option}"]`));
    }
    await page.keyboard.press('Escape');
  }

  it('S1.3: a new pick-up point with a site photo: dispatch, terms, a supplement returned once, active on the card', async () => {
    const address = `г. Москва, пр-т Вернадского, д. 86, корп. ${randomBytes(2).readUInt16BE() % 900}`;
    const title = `Новая точка вывоза: ${address}`;

    // Olga, on her phone, fills the start form with the site photo and sends it.
    const olga = await signedIn(demoUser.olga.email, phone);
    await olga.page.goto(`${system.gatewayUrl}/new/new-service-point`);
    await olga.page.getByRole('heading', { level: 1, name: 'Новая точка вывоза' }).waitFor();
    await olga.page.getByLabel('Адрес площадки').fill(address);
    await choose(olga, 'Тип контейнера', ['bunker-8']);
    await olga.page.getByLabel('Объём, м³').fill('8');
    await choose(olga, 'Дни вывоза', ['mon', 'thu']);
    await olga.page.getByLabel('Время (ЧЧ:ММ)').fill('07:30');
    await olga.page.getByLabel('Дата начала').fill('2027-01-10');
    await olga.page.getByLabel('Дата начала').press('Tab');
    await olga.page
      .getByLabel('Фото площадки')
      .setInputFiles({ name: 'площадка.png', mimeType: 'image/png', buffer: PNG });
    await olga.page
      .getByTestId('form-file')
      .getByText(/Приложено: площадка\.png/)
      .waitFor();
    await expectAccessibleAndNarrow(olga);
    await olga.press(olga.page.getByRole('button', { name: 'Отправить заявку' }));
    await olga.page.getByRole('heading', { level: 1, name: title }).waitFor();
    const id = /\/requests\/([0-9A-Z]{26})$/.exec(olga.page.url())?.[1] ?? '';
    expect(id).not.toBe('');
    await olga.page
      .getByTestId('form-file-value')
      .getByText(/площадка\.png/)
      .waitFor();
    await comment(olga, 'Въезд со двора');
    await openRun(olga).filter({ hasText: 'Проверка маршрута' }).waitFor();
    await expectAccessibleAndNarrow(olga);

    // Dina takes the dispatchers' group task from her inbox and finds the route feasible.
    const dina = await signedIn(demoUser.dina.email);
    await dina.press(dina.page.getByRole('navigation').getByRole('link', { name: 'Входящие' }));
    const claimable = dina.page.getByTestId('work-item').filter({ hasText: title });
    await dina.press(claimable.getByRole('button', { name: 'Взять' }));
    await dina.page.getByText('Задача теперь ваша.').waitFor();
    await openFromInbox(dina, title);
    // The photo is in the request's data, for her to open.
    const photo = dina.page.getByTestId('form-file-value');
    await photo.getByText(/площадка\.png/).waitFor();
    const download = dina.page.waitForEvent('download');
    await dina.press(photo.getByRole('button', { name: 'Скачать площадка.png' }));
    expect((await download).suggestedFilename()).toBe('площадка.png');
    await dina.press(work(dina).getByRole('button', { name: 'Маршрут возможен' }));
    await dina.page.getByTestId('request-notice').waitFor();
    // Olga's open page follows by itself: the next step is the manager's.
    await openRun(olga).filter({ hasText: 'Коммерческие условия' }).waitFor();

    // Ivan sets the commercial terms.
    const ivan = await signedIn(demoUser.ivan.email);
    await openFromInbox(ivan, title);
    const terms = async (price: string): Promise<void> => {
      await work(ivan).getByLabel('Номер договора').fill('12/2026');
      await work(ivan).getByLabel('Дата договора').fill('2026-01-15');
      await work(ivan).getByLabel('Дата договора').press('Tab');
      await work(ivan).getByLabel('Цена за рейс, ₽').fill(price);
      await work(ivan).getByLabel('Исполнитель в лице').fill('генерального директора Соколова А. В.');
      await work(ivan).getByLabel('Заказчик в лице').fill('директора Смирновой О. Н.');
      await ivan.press(work(ivan).getByRole('button', { name: 'Согласовать условия' }));
      await ivan.page.getByTestId('request-notice').waitFor();
    };
    await terms('5100');

    // The supplement reaches Olga's page without a reload; she returns it with a comment.
    const decision = work(olga);
    await decision.getByRole('button', { name: 'Вернуть на доработку' }).waitFor();
    await decision.getByLabel('Комментарий к решению').fill('Нужен вывоз и по субботам');
    await olga.press(decision.getByRole('button', { name: 'Вернуть на доработку' }));
    await olga.page.getByTestId('request-notice').waitFor();

    // Back on Ivan's open page: a new draft of the terms.
    await work(ivan).getByRole('button', { name: 'Согласовать условия' }).waitFor();
    await ivan.page.getByTestId('timeline').getByText('Нужен вывоз и по субботам').waitFor();
    await terms('5300');

    // Olga approves the second draft; the request is done and the point is on Raduga's card.
    await decision.getByRole('button', { name: 'Согласовать' }).waitFor();
    await olga.press(decision.getByRole('button', { name: 'Согласовать', exact: true }));
    await olga.page.getByTestId('request-status').filter({ hasText: 'Выполнена' }).waitFor();
    await olga.page.goto(`${system.gatewayUrl}/clients/${DEMO_RADUGA_ID}`);
    const points = olga.page.getByTestId('section-service-points');
    await points.getByText(address).waitFor();
    await expect(points.innerText()).resolves.toMatch(/пн, чт в 07:30/);
    await expectAccessibleAndNarrow(olga);
    expect(olga.problems).toEqual([]);
    expect(dina.problems).toEqual([]);
    expect(ivan.problems).toEqual([]);
  });

  it('S1.5: a complaint with a photo, discussed live in the feed, resolved, reopened and confirmed', async () => {
    const subject = `Пропущенный вывоз ${randomBytes(2).toString('hex')}`;
    const title = `Жалоба: ${subject}`;

    // Olga files it from her phone.
    const olga = await signedIn(demoUser.olga.email, phone);
    await olga.page.goto(`${system.gatewayUrl}/new/complaint`);
    await olga.page.getByRole('heading', { level: 1, name: 'Жалоба' }).waitFor();
    await olga.page.getByLabel('Тема').fill(subject);
    await olga.page.getByLabel('Что случилось').fill('Контейнер у входа 3 не вывезен 1 декабря');
    await olga.press(olga.page.getByRole('button', { name: 'Отправить заявку' }));
    await olga.page.getByRole('heading', { level: 1, name: title }).waitFor();
    const id = /\/requests\/([0-9A-Z]{26})$/.exec(olga.page.url())?.[1] ?? '';
    expect(id).not.toBe('');

    // A program is refused, with the gateway's reason; then the photo goes with her comment.
    await olga.page.getByLabel('Файлы к комментарию').setInputFiles({
      name: 'photo.exe',
      mimeType: 'image/png',
      buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(2048, 1)]),
    });
    await expect(olga.page.getByTestId('attachment-error').innerText()).resolves.toMatch(/\S/);
    await attach(olga, 'контейнер.png', PNG);
    await comment(olga, 'Фото контейнера у входа 3');
    const olgaEntry = feed(olga).getByTestId('feed-entry').filter({ hasText: 'Фото контейнера у входа 3' });
    await olgaEntry.getByTestId('feed-attachment').getByText('контейнер.png').waitFor();
    await expect(olga.page.getByTestId('attached-files').count()).resolves.toBe(0);
    await expectAccessibleAndNarrow(olga);

    // Ivan, the personal manager, opens it from his inbox: her photo with its size, downloadable.
    const ivan = await signedIn(demoUser.ivan.email);
    await openFromInbox(ivan, title);
    const photo = feed(ivan).getByTestId('feed-attachment').filter({ hasText: 'контейнер.png' });
    await expect(photo.innerText()).resolves.toMatch(/\d+\s*(Б|B)/);
    const download = ivan.page.waitForEvent('download');
    await ivan.press(photo.getByRole('button', { name: 'Скачать контейнер.png' }));
    expect((await download).suggestedFilename()).toBe('контейнер.png');

    // Olga starts typing; meanwhile Ivan writes an internal note and a shared reply with a file.
    const draft = 'Пишу ответ, не отправляю';
    await olga.page.getByLabel('Комментарий', { exact: true }).fill(draft);
    const note = 'Водитель заболел, проверю замену';
    await ivan.page.getByLabel('Комментарий', { exact: true }).fill(note);
    await ivan.press(ivan.page.getByRole('radio', { name: 'Только сотрудникам' }));
    await ivan.press(ivan.page.getByRole('button', { name: 'Отправить', exact: true }));
    await feed(ivan).getByText(note).waitFor();
    await ivan.press(ivan.page.getByRole('radio', { name: 'Видно клиенту' }));
    await attach(ivan, 'маршрут.png', PNG);
    await comment(ivan, 'Разбираемся, вывезем сегодня');
    // It reaches Olga's open page by itself, with the file; her draft is as she left it.
    const reply = feed(olga).getByTestId('feed-entry').filter({ hasText: 'Разбираемся, вывезем сегодня' });
    await reply.getByTestId('feed-attachment').getByText('маршрут.png').waitFor();
    await expect(olga.page.getByLabel('Комментарий', { exact: true }).inputValue()).resolves.toBe(draft);
    await expect(feed(olga).getByText(note).count()).resolves.toBe(0);

    // Petr, of another client, can open none of the files; Olga not the company's own.
    const files = (await feedOf(ivanApi, id)).flatMap((e) => e.attachments.map((a) => a.documentId));
    expect(files).toHaveLength(2);
    for (const documentId of files) {
      expect((await petrApi.get<DocumentView>(`/api/documents/${documentId}`)).status).toBe(404);
    }

    // Ivan resolves it; Olga's page offers her decision without a reload.
    await work(ivan).getByLabel('Решение').fill('Вывезли 2 декабря');
    await ivan.press(work(ivan).getByRole('button', { name: 'Решено' }));
    await ivan.page.getByTestId('request-notice').waitFor();
    await work(olga).getByRole('button', { name: 'Не решено' }).waitFor();
    await expect(olga.page.getByLabel('Комментарий', { exact: true }).inputValue()).resolves.toBe(draft);

    // She reopens it with a comment: it is back with Ivan, on his open page.
    await work(olga).getByLabel('Комментарий к решению').fill('Вывезли только один контейнер');
    await olga.press(work(olga).getByRole('button', { name: 'Не решено' }));
    await olga.page.getByTestId('request-notice').waitFor();
    await work(ivan).getByRole('button', { name: 'Решено' }).waitFor();
    await openRun(ivan).filter({ hasText: 'Разобрать жалобу' }).waitFor();
    await ivan.page.getByTestId('timeline').getByText('Вывезли только один контейнер').waitFor();

    // Resolved again and confirmed: done on both pages.
    await work(ivan).getByLabel('Решение').fill('Вывезли оба контейнера');
    await ivan.press(work(ivan).getByRole('button', { name: 'Решено' }));
    await olga.press(work(olga).getByRole('button', { name: 'Подтверждаю' }));
    await olga.page.getByTestId('request-status').filter({ hasText: 'Выполнена' }).waitFor();
    await ivan.page.getByTestId('request-status').filter({ hasText: 'Выполнена' }).waitFor();

    // One chronological feed: comments with their files and the system's entries, in order.
    await feed(ivan).getByText('Заявка завершена: Выполнена').waitFor();
    const entries = feed(ivan).getByTestId('feed-entry');
    const kinds: (string | null)[] = [];
    const times: number[] = [];
    for (const entry of await entries.all()) {
      kinds.push(await entry.getAttribute('data-kind'));
      times.push(Date.parse((await entry.locator('time').getAttribute('datetime')) ?? ''));
    }
    expect(kinds).toEqual(expect.arrayContaining(['comment', 'system']));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    // The photo, the reply with its file, the reopening and the end, in the order they happened.
    const text = await feed(ivan).innerText();
    const order = [
      'контейнер.png',
      'маршрут.png',
      'Вывезли только один контейнер',
      'Заявка завершена: Выполнена',
    ].map((part) => text.indexOf(part));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const stored = await feedOf(ivanApi, id);
    expect(stored.map((e) => e.id)).toEqual([...stored.map((e) => e.id)].sort());
    await expectAccessibleAndNarrow(olga);
    await expectAccessibleAndNarrow(ivan);
    expect(olga.problems.filter((p) => !/status of 415/.test(p))).toEqual([]);
    expect(ivan.problems).toEqual([]);
  });
});
