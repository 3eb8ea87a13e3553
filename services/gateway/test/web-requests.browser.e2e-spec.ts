import { randomBytes } from 'node:crypto';
import type { Locator } from 'playwright-core';
import { DEMO_PASSWORD, demoUser } from '@orbita/demo';
import type { ApiClient } from '@orbita/testing';
import { ApiClient as Api, BrowserSession, TestSystem, VIEWPORTS, login } from '@orbita/testing';

const TEMPLATE_KEY = 'web-container-order';

/**
 * A client's order that dispatch prepares and the head of operations approves (or returns to
 * dispatch with a comment): a start form of several kinds of field, a step form, an approval.
 */
const containerOrder = {
  key: TEMPLATE_KEY,
  name: { ru: 'Заказ контейнеров', en: 'Container order' },
  description: { ru: 'Дополнительные контейнеры на площадку', en: 'More containers for a site' },
  category: 'client-requests',
  starters: { staff: true, portal: true },
  title: { cat: ['Заказ контейнеров: ', { var: 'form.address' }] },
  startForm: {
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['address', 'containerType', 'count'],
      properties: {
        address: { type: 'string', title: 'Адрес площадки', minLength: 5, maxLength: 300 },
        containerType: {
          type: 'string',
          title: 'Тип контейнера',
          oneOf: [
            { const: 'euro-1100', title: 'Евроконтейнер 1,1 м³' },
            { const: 'bunker-8', title: 'Бункер 8 м³' },
          ],
        },
        count: { type: 'integer', title: 'Количество', minimum: 1, maximum: 20 },
        comment: { type: 'string', title: 'Комментарий', maxLength: 2000 },
      },
    },
    uiSchema: { comment: { 'ui:widget': 'textarea' } },
  },
  steps: [
    {
      id: 'prepare',
      type: 'userTask',
      name: { ru: 'Подготовить машину', en: 'Prepare a vehicle' },
      assignee: { rule: 'user', userId: demoUser.dina.id },
      sla: 'PT4H',
      form: {
        schema: {
          type: 'object',
          additionalProperties: false,
          required: ['vehicle'],
          properties: { vehicle: { type: 'string', title: 'Машина', minLength: 1, maxLength: 100 } },
        },
      },
      next: 'approve',
    },
    {
      id: 'approve',
      type: 'approval',
      name: { ru: 'Согласование заказа', en: 'Order approval' },
      approvers: [{ rule: 'user', userId: demoUser.anna.id }],
      returnTo: ['prepare'],
      next: 'end',
    },
  ],
};

// Chromium on two loaded cores: a failed test is tried once more at once (before the tests that
// build on its state), its first failure printed.
jest.retryTimes(1, { logErrorsBeforeRetry: true, retryImmediately: true });

/**
 * The request pages in Debian's Chromium against the whole system (issue 13 item 2): a portal user
 * starts a request from the catalogue by its JSON Schema form; dispatch opens it from the inbox and
 * does its step; the approver comments and returns it to dispatch; it is done again and approved.
 */
describe('the web app: requests from the catalogue to the end', () => {
  const [desktop, phone] = VIEWPORTS;
  let system: TestSystem;
  let admin: ApiClient;
  const sessions: BrowserSession[] = [];

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true });
    admin = new Api(system.gatewayUrl).as(
      await login(system.gatewayUrl, demoUser.admin.email, DEMO_PASSWORD),
    );
    const uploaded = await admin.post('/api/process-templates', { text: JSON.stringify(containerOrder) });
    expect(uploaded.status).toBe(201);
    const published = await admin.post(`/api/process-templates/${TEMPLATE_KEY}/versions/1/publish`);
    expect(published.status).toBe(200);
  });

  afterAll(async () => {
    await Promise.all(sessions.map((session) => session.close()));
  });

  /** A browser of its own for one person, signed in. */
  async function signedIn(email: string, viewport = desktop!): Promise<BrowserSession> {
    const browser = await BrowserSession.open(viewport);
    sessions.push(browser);
    await browser.signIn(system.gatewayUrl, email, DEMO_PASSWORD);
    return browser;
  }

  async function expectNoHorizontalScroll(browser: BrowserSession): Promise<void> {
    const { scrollWidth, innerWidth } = await browser.horizontalOverflow();
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  }

  const openRun = (browser: BrowserSession): Locator => browser.page.getByTestId('run-open');
  const doneRuns = (browser: BrowserSession): Locator => browser.page.getByTestId('run-done');

  /** Opens the request from the inbox: the link on its work item. */
  async function openFromInbox(browser: BrowserSession, title: string): Promise<void> {
    const { page } = browser;
    await browser.press(page.getByRole('navigation').getByRole('link', { name: 'Входящие' }));
    await page.getByRole('heading', { level: 1, name: 'Входящие' }).waitFor();
    await browser.press(page.getByTestId('work-item').getByRole('link', { name: title }));
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
  }

  it('starts, returns, redoes and approves a request, each person on their own page', async () => {
    const address = `г. Москва, ул. Лесная, д. ${randomBytes(2).readUInt16BE() % 900}`;
    const title = `Заказ контейнеров: ${address}`;

    // Olga, a portal user, starts it from the catalogue.
    const olga = await signedIn(demoUser.olga.email);
    await olga.press(olga.page.getByRole('navigation').getByRole('link', { name: 'Новая заявка' }));
    await olga.page.getByRole('heading', { level: 1, name: 'Новая заявка' }).waitFor();
    await olga.press(olga.page.getByRole('link', { name: 'Заполнить форму: Заказ контейнеров' }));
    await olga.page.getByRole('heading', { level: 1, name: 'Заказ контейнеров' }).waitFor();
    expect(await olga.seriousAccessibilityViolations()).toEqual([]);
    // Sent empty, the form says what is missing at the fields, before anything reaches the server.
    await olga.press(olga.page.getByRole('button', { name: 'Отправить заявку' }));
    await olga.page.getByText('Заполните это поле').first().waitFor();
    await olga.page.getByLabel('Адрес площадки').fill(address);
    // The list by the keyboard: open it, the second option, Enter.
    await olga.page.getByLabel('Тип контейнера').focus();
    await olga.page.keyboard.press('ArrowDown');
    await olga.page.locator('.ant-select-dropdown').waitFor();
    await olga.page.keyboard.press('ArrowDown');
    await olga.page.keyboard.press('Enter');
    await olga.page.locator('.ant-select').getByText('Бункер 8 м³').waitFor();
    await olga.page.getByLabel('Количество').fill('3');
    await olga.page.getByLabel('Комментарий').fill('Нужны к понедельнику');
    await olga.press(olga.page.getByRole('button', { name: 'Отправить заявку' }));
    await olga.page.getByRole('heading', { level: 1, name: title }).waitFor();
    const requestUrl = olga.page.url();
    expect(requestUrl).toMatch(/\/requests\/[0-9A-Z]{26}$/);
    // The form as she filled it, under its labels; the step and who holds it now.
    const details = olga.page.locator('.form-data');
    await expect(details.textContent()).resolves.toContain('Бункер 8 м³');
    await expect(details.textContent()).resolves.toContain('Нужны к понедельнику');
    await expect(olga.page.getByTestId('request-status').textContent()).resolves.toBe('В работе');
    await openRun(olga).filter({ hasText: 'Подготовить машину' }).waitFor();
    await openRun(olga).filter({ hasText: 'Дина Соколова' }).waitFor();
    await expect(olga.page.getByTestId('held-by').textContent()).resolves.toContain('Наша компания');
    expect(olga.problems).toEqual([]);

    // Dina finds it in her inbox and does her step with its form.
    const dina = await signedIn(demoUser.dina.email);
    await openFromInbox(dina, title);
    const work = dina.page.getByTestId('work-card');
    await work.getByLabel('Машина').fill('КамАЗ А123ВС');
    await dina.press(work.getByRole('button', { name: 'Выполнено' }));
    await dina.page.getByTestId('request-notice').getByText('Готово: заявка пошла дальше.').waitFor();
    await openRun(dina).filter({ hasText: 'Анна Кузнецова' }).waitFor();

    // Anna comments (for the staff only), then returns it to dispatch with a comment.
    const anna = await signedIn(demoUser.anna.email);
    await openFromInbox(anna, title);
    const note = 'Проверьте, свободна ли машина в понедельник';
    await anna.page.getByLabel('Комментарий', { exact: true }).fill(note);
    await anna.press(anna.page.getByRole('button', { name: 'Отправить' }));
    await anna.page.getByTestId('feed').getByText(note).waitFor();
    const decision = anna.page.getByTestId('work-card');
    await anna.press(decision.getByRole('button', { name: 'Вернуть на доработку' }));
    await decision.getByText('Объясните решение: для него нужен комментарий').waitFor();
    const why = 'Нужна машина с манипулятором';
    await decision.getByLabel('Комментарий к решению').fill(why);
    await expect(decision.getByLabel('Вернуть на шаг').count()).resolves.toBe(1);
    await anna.press(decision.getByRole('button', { name: 'Вернуть на доработку' }));
    await anna.page.getByTestId('request-notice').waitFor();
    // The return in the timeline (its outcome and comment) and in the feed; the step is dispatch's again.
    const returned = doneRuns(anna).filter({ hasText: 'Согласование заказа' });
    await returned.getByTestId('run-outcome').filter({ hasText: 'Возвращено на доработку' }).waitFor();
    await expect(returned.textContent()).resolves.toContain(why);
    await openRun(anna).filter({ hasText: 'Подготовить машину' }).waitFor();
    await anna.page
      .getByTestId('feed')
      .getByText('Шаг «Согласование заказа» завершён: Возвращено на доработку')
      .waitFor();
    await anna.page.getByTestId('feed').getByText(why).waitFor();

    // Dina does it again; Anna approves; the request is done.
    await dina.page.reload();
    await work.getByLabel('Машина').fill('КамАЗ с манипулятором');
    await dina.press(work.getByRole('button', { name: 'Выполнено' }));
    await openRun(dina).filter({ hasText: 'Согласование заказа' }).waitFor();
    await anna.page.reload();
    await anna.press(decision.getByRole('button', { name: 'Согласовать' }));
    await anna.page.getByTestId('request-notice').waitFor();
    await anna.page.getByTestId('request-status').filter({ hasText: 'Выполнена' }).waitFor();
    await expect(doneRuns(anna).count()).resolves.toBe(4);
    expect(dina.problems).toEqual([]);
    expect(anna.problems).toEqual([]);

    // Olga, on her phone: the whole way in the timeline, without the staff's note, at 360 px.
    const olgaPhone = await signedIn(demoUser.olga.email, phone);
    await olgaPhone.page.goto(requestUrl);
    await olgaPhone.page.getByRole('heading', { level: 1, name: title }).waitFor();
    await expect(olgaPhone.page.getByTestId('request-status').textContent()).resolves.toBe('Выполнена');
    await expect(doneRuns(olgaPhone).count()).resolves.toBe(4);
    // The company's steps are not shared: their feed entries and the staff's note stay internal.
    await expect(doneRuns(olgaPhone).filter({ hasText: 'Возвращено на доработку' }).count()).resolves.toBe(1);
    await olgaPhone.page.getByTestId('feed').getByText('Заявка создана').waitFor();
    await expect(olgaPhone.page.getByTestId('feed').getByText(note).count()).resolves.toBe(0);
    await expectNoHorizontalScroll(olgaPhone);
    expect(await olgaPhone.seriousAccessibilityViolations()).toEqual([]);
    expect(olgaPhone.problems).toEqual([]);
  });

  it('resolves the notifications’ links to work items: a step’s opens its request, a task is done on its page', async () => {
    const ivan = new Api(system.gatewayUrl).as(
      await login(system.gatewayUrl, demoUser.ivan.email, DEMO_PASSWORD),
    );
    const started = await ivan
      .withHeaders({ 'idempotency-key': `web-${randomBytes(4).toString('hex')}` })
      .post<{ id: string; title: string }>('/api/requests', {
        templateKey: TEMPLATE_KEY,
        form: { address: 'г. Москва, ул. Садовая, д. 5', containerType: 'euro-1100', count: 1 },
      });
    expect(started.status).toBe(201);
    const taskTitle = `Позвонить на площадку ${randomBytes(3).toString('hex')}`;
    const task = await ivan.post<{ id: string }>('/api/tasks', {
      title: taskTitle,
      assigneeId: demoUser.dina.id,
    });
    expect(task.status).toBe(201);

    const dina = await signedIn(demoUser.dina.email);
    const panel = dina.page.getByTestId('notifications-panel');
    await dina.press(dina.page.getByTestId('notifications-bell'));
    await dina.press(panel.getByRole('link').filter({ hasText: 'ул. Садовая' }).first());
    await dina.page.waitForURL(new RegExp(`/requests/${started.body.id}$`));
    await dina.page.getByRole('heading', { level: 1, name: started.body.title }).waitFor();
    await dina.page.getByTestId('work-card').waitFor();

    await dina.press(dina.page.getByTestId('notifications-bell'));
    await dina.press(panel.getByRole('link', { name: taskTitle }));
    await dina.page.waitForURL(new RegExp(`/tasks/${task.body.id}$`));
    await dina.page.getByRole('heading', { level: 1, name: taskTitle }).waitFor();
    await dina.press(dina.page.getByRole('button', { name: 'Выполнено' }));
    await dina.page.getByText('Задача выполнена.').waitFor();
    const done = await ivan.get<{ status: string }>(`/api/tasks/${task.body.id}`);
    expect(done.body.status).toBe('done');
    expect(dina.problems).toEqual([]);
  });
});
