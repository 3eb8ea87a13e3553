import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import type { NatsConnection } from 'nats';
import type {
  CalendarList,
  DeadLetterView,
  FailedEmailView,
  NotificationPage,
  Page,
  TaskView,
  TemplateVersionSummary,
} from '@orbita/contracts';
import { TasksEvents } from '@orbita/contracts';
import { DEMO_PASSWORD, demoUser } from '@orbita/demo';
import type { ApiClient } from '@orbita/testing';
import {
  ApiClient as Api,
  BrowserSession,
  MailpitClient,
  TestSystem,
  VIEWPORTS,
  eventually,
  login,
} from '@orbita/testing';
import { expectAccessibleAndNarrow } from './web-checks';

// Chromium on two loaded cores: a failed test is tried once more at once (before the tests that
// build on its state), its first failure printed.
jest.retryTimes(1, { logErrorsBeforeRetry: true, retryImmediately: true });

/** Keys and names of this attempt (a retried test runs against the same system). */
const attempt = (): string => randomUUID().slice(0, 6);

/** A port nothing listens on: a mail server that is not there. */
async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  if (address === null || typeof address === 'string') {
    throw new Error('no port');
  }
  return address.port;
}

/** A template as an administrator writes it: the smallest one staff may start. */
function template(key: string, name: string, stepName: string, options: { broken?: boolean } = {}): string {
  return [
    `key: ${key}`,
    ...(options.broken ? [] : [`name: { ru: ${name}, en: Web admin check }`]),
    'category: examples',
    'starters: { staff: true }',
    'startForm:',
    '  schema: { type: object, properties: { subject: { type: string, title: Тема } } }',
    'steps:',
    '  - id: handle',
    '    type: userTask',
    `    name: { ru: ${stepName}, en: Handle the request }`,
    `    assignee: { rule: ${options.broken ? 'boss' : 'requester'} }`,
    '    next: end',
  ].join('\n');
}

/**
 * The administration of the engine in the browser: process templates (a broken one's problems at
 * their paths, a valid one uploaded, published, offered in the catalogue, a second version from a
 * file compared and published), working calendars (created with a holiday, edited, given a unit)
 * and unhandled events (a poison event's payload and error, discarded after a confirmation), on a
 * desktop and a phone; a manager without the permissions is refused at each URL.
 */
describe('the web app: processes, calendars and unhandled events for administrators', () => {
  const [desktop, phone] = VIEWPORTS;
  let system: TestSystem;
  let nats: NatsConnection;
  let admin: ApiClient;
  const sessions: BrowserSession[] = [];

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true });
    nats = await system.connectNats();
    admin = new Api(system.gatewayUrl).as(
      await login(system.gatewayUrl, demoUser.admin.email, DEMO_PASSWORD),
    );
  });

  afterAll(async () => {
    await Promise.all(sessions.map((session) => session.close()));
    await nats.close();
    await system.stop();
  });

  async function signedIn(email: string, viewport = desktop!): Promise<BrowserSession> {
    const browser = await BrowserSession.signedIn(viewport, system.gatewayUrl, email, DEMO_PASSWORD);
    sessions.push(browser);
    return browser;
  }

  async function versions(key: string): Promise<TemplateVersionSummary[]> {
    const answer = await admin.get<{ items: TemplateVersionSummary[] }>(
      `/api/process-templates/${key}/versions`,
    );
    return answer.status === 200 ? answer.body.items : [];
  }

  it('checks, uploads, publishes and compares process templates', async () => {
    const key = `web-check-${attempt()}`;
    const name = `Проверка из веб-админки ${key}`;
    const browser = await signedIn(demoUser.admin.email);
    const { page } = browser;
    await browser.press(page.getByRole('navigation').getByRole('link', { name: 'Администрирование' }));
    const sections = page.getByRole('navigation', { name: 'Разделы администрирования' });
    await browser.press(sections.getByRole('link', { name: 'Процессы' }));
    await page.waitForURL(/\/admin\/templates$/);
    await page.getByRole('heading', { level: 1, name: 'Процессы' }).waitFor();
    await page.getByRole('heading', { level: 2, name: /^Шаблоны \(\d+\)$/ }).waitFor();
    // The shipped pack is listed, published.
    const vacation = page.getByTestId('template').filter({ hasText: 'Отпуск сотрудника' });
    await vacation.getByTestId('template-status').filter({ hasText: 'Опубликован' }).waitFor();

    // A broken template: every problem with its path, nothing stored.
    const upload = page.getByTestId('template-upload');
    await upload
      .getByLabel('Текст шаблона (JSON или YAML)')
      .fill(template(key, name, 'Обработать', { broken: true }));
    await browser.press(upload.getByRole('button', { name: 'Проверить' }));
    const problems = upload.getByTestId('template-problem');
    await problems.first().waitFor();
    await expect(problems.allTextContents()).resolves.toEqual([
      'name: обязательное поле',
      expect.stringMatching(/^steps\[0\]\.assignee\.rule: должно быть одним из: "user", "role"/),
    ]);
    await upload.getByText('В шаблоне 2 ошибки:').waitFor();
    expect(await versions(key)).toEqual([]);
    await expectAccessibleAndNarrow(browser);

    // Fixed: valid, uploaded as a draft, published.
    await upload.getByLabel('Текст шаблона (JSON или YAML)').fill(template(key, name, 'Обработать заявку'));
    await browser.press(upload.getByRole('button', { name: 'Проверить' }));
    await upload.getByText('Шаблон верен: его можно загрузить.').waitFor();
    await browser.press(upload.getByRole('button', { name: 'Загрузить' }));
    await page.getByText(`Версия 1 шаблона «${name}» загружена как черновик.`).waitFor();
    expect(await versions(key)).toMatchObject([{ version: 1, status: 'draft' }]);
    const row = page.getByTestId('template').filter({ hasText: name });
    const version1 = row.getByTestId('template-version').filter({ hasText: 'Версия 1' });
    await version1.getByTestId('template-status').filter({ hasText: 'Черновик' }).waitFor();
    await browser.press(version1.getByRole('button', { name: 'Опубликовать: Версия 1' }));
    await page.getByText(`Версия 1 шаблона «${name}» опубликована.`).waitFor();
    await row.getByTestId('template-published').filter({ hasText: '1' }).waitFor();
    expect(await versions(key)).toMatchObject([{ version: 1, status: 'published' }]);

    // A second version from a file: compared with the first, published; the first is retired.
    await page.locator('input[type=file]').setInputFiles({
      name: `${key}.yaml`,
      mimeType: 'application/yaml',
      buffer: Buffer.from(template(key, name, 'Разобрать заявку')),
    });
    await upload
      .getByTestId('template-file-name')
      .filter({ hasText: `${key}.yaml` })
      .waitFor();
    await expect(upload.getByLabel('Текст шаблона (JSON или YAML)').inputValue()).resolves.toContain(
      'Разобрать заявку',
    );
    await browser.press(upload.getByRole('button', { name: 'Загрузить' }));
    await page.getByText(`Версия 2 шаблона «${name}» загружена как черновик.`).waitFor();
    const version2 = row.getByTestId('template-version').filter({ hasText: 'Версия 2' });
    await browser.press(version2.getByRole('button', { name: 'Что изменилось: Версия 2' }));
    const diff = row.getByTestId('template-diff');
    await diff.getByRole('heading', { name: 'Изменения от версии 1 к версии 2' }).waitFor();
    const changes = diff.getByTestId('template-change');
    await expect(changes.count()).resolves.toBe(1);
    await expect(changes.locator('code').allTextContents()).resolves.toEqual([
      'steps[handle].name.ru',
      'Обработать заявку',
      'Разобрать заявку',
    ]);
    await expect(changes.textContent()).resolves.toMatch(/^Изменено.*Было: .*Стало: /);
    await browser.press(version2.getByRole('button', { name: 'Опубликовать: Версия 2' }));
    await page.getByText(`Версия 2 шаблона «${name}» опубликована.`).waitFor();
    await version1.getByTestId('template-status').filter({ hasText: 'Снят' }).waitFor();
    expect(await versions(key)).toMatchObject([
      { version: 2, status: 'published' },
      { version: 1, status: 'retired' },
    ]);
    await expectAccessibleAndNarrow(browser);

    // Offered for starting in the catalogue.
    await browser.press(page.getByRole('navigation').getByRole('link', { name: 'Новая заявка' }));
    await page.waitForURL(/\/new$/);
    await page.getByRole('link', { name: new RegExp(name) }).waitFor();

    // Retired after a confirmation: no longer offered.
    await page.goto(`${system.gatewayUrl}/admin/templates`);
    await browser.press(row.getByRole('button', { name: `Версии: ${name}` }));
    await browser.press(version2.getByRole('button', { name: 'Снять с публикации: Версия 2' }));
    await browser.press(page.locator('.ant-popconfirm').getByRole('button', { name: 'Снять с публикации' }));
    await page.getByText(`Версия 2 шаблона «${name}» снята с публикации.`).waitFor();
    await row.getByTestId('template-published').filter({ hasText: 'нет' }).waitFor();
    expect(await versions(key)).toMatchObject([
      { version: 2, status: 'retired' },
      { version: 1, status: 'retired' },
    ]);
    const catalogue = await admin.get<{ items: { key: string }[] }>('/api/catalogue');
    expect(catalogue.body.items.map((item) => item.key)).not.toContain(key);
    expect(browser.problems).toEqual([]);
  });

  it('creates a working calendar with a holiday, edits it and gives it a unit', async () => {
    const key = `nsk-${attempt()}`;
    const name = `Новосибирский филиал ${key}`;
    const browser = await signedIn(demoUser.admin.email);
    const { page } = browser;
    await page.goto(`${system.gatewayUrl}/admin/calendars`);
    await page.getByRole('heading', { level: 1, name: 'Календари' }).waitFor();
    await page.getByRole('heading', { level: 2, name: /^Календари \(\d+\)$/ }).waitFor();
    await browser.press(page.getByRole('button', { name: 'Новый календарь' }));
    const form = page.getByTestId('calendar-form');
    await form.getByLabel('Ключ').fill('Novosibirsk');
    await form.getByLabel('Название по-русски').fill(name);
    await form.getByLabel('Название по-английски').fill('Novosibirsk branch');
    await form.getByLabel('Часовой пояс').fill('Novosibirsk');
    await page.locator('.ant-select-item-option').filter({ hasText: 'Asia/Novosibirsk' }).waitFor();
    await page.keyboard.press('Enter');
    await form.getByLabel('Начало дня (ЧЧ:ММ)').fill('08:00');
    await form.getByLabel('Конец дня (ЧЧ:ММ)').fill('07:30');
    await form.getByLabel('Дата праздника', { exact: true }).fill('2027-01-01');
    await browser.press(form.getByRole('button', { name: 'Добавить: Дата праздника' }));
    await form.getByTestId('calendar-holidays-field').getByText('2027-01-01').waitFor();

    // Bad input: said at its field, nothing sent.
    await browser.press(form.getByRole('button', { name: 'Создать календарь' }));
    await form.getByText('Ключ — строчные латинские буквы, цифры и «-», начиная с буквы.').waitFor();
    await form.getByText('Рабочий день должен заканчиваться позже, чем начинается.').waitFor();
    await form.getByLabel('Ключ').fill(key);
    await form.getByLabel('Конец дня (ЧЧ:ММ)').fill('17:00');
    await browser.press(form.getByRole('button', { name: 'Создать календарь' }));
    await page.getByText(`Календарь «${name}» создан.`).waitFor();
    const row = page.getByTestId('calendar').filter({ hasText: name });
    await expect(row.getByTestId('calendar-hours').textContent()).resolves.toBe(
      'Пн, Вт, Ср, Чт, Пт: 08:00–17:00',
    );
    await expect(row.getByTestId('calendar-holidays').textContent()).resolves.toBe('2027-01-01');

    // Edited: a second holiday, a Saturday made a working day.
    await browser.press(row.getByRole('button', { name: `Изменить: ${name}` }));
    const edit = row.getByTestId('calendar-form');
    await edit.getByLabel('Дата праздника', { exact: true }).fill('2027-01-08');
    await browser.press(edit.getByRole('button', { name: 'Добавить: Дата праздника' }));
    // A date both a holiday and a working day: the service's refusal, with where and why.
    await edit.getByLabel('Дата рабочего дня', { exact: true }).fill('2027-01-08');
    await browser.press(edit.getByRole('button', { name: 'Добавить: Дата рабочего дня' }));
    await browser.press(edit.getByRole('button', { name: 'Сохранить' }));
    await edit
      .getByRole('alert')
      .getByText('workingDays.0: указана и как выходной, и как рабочий день')
      .waitFor();
    expect(
      (await admin.get<CalendarList>('/api/calendars')).body.items.find((c) => c.key === key)?.holidays,
    ).toEqual(['2027-01-01']);
    await browser.press(edit.getByRole('button', { name: 'Убрать дату: 2027-01-08' }).last());
    await edit.getByLabel('Дата рабочего дня', { exact: true }).fill('2027-01-09');
    await browser.press(edit.getByRole('button', { name: 'Добавить: Дата рабочего дня' }));
    await browser.press(edit.getByRole('button', { name: 'Сохранить' }));
    await page.getByText(`Календарь «${name}» сохранён.`).waitFor();
    await row.getByTestId('calendar-holidays').filter({ hasText: '2027-01-01, 2027-01-08' }).waitFor();
    await expect(row.getByTestId('calendar-working-days').textContent()).resolves.toBe('2027-01-09');

    // The branch works by it.
    await browser.press(row.getByRole('button', { name: `Подразделения: ${name}` }));
    const units = row.getByTestId('calendar-assignments');
    await units.getByLabel('Подразделения, работающие по календарю').fill('EcoTrans North');
    await page.locator('.ant-select-item-option').filter({ hasText: 'EcoTrans North' }).waitFor();
    await page.keyboard.press('Enter');
    await browser.press(units.getByRole('button', { name: 'Сохранить подразделения' }));
    await page.getByText(`Подразделения календаря «${name}» сохранены.`).waitFor();
    await row.getByTestId('calendar-units').filter({ hasText: 'EcoTrans North' }).waitFor();

    const list = await admin.get<CalendarList>('/api/calendars');
    expect(list.body.items.find((calendar) => calendar.key === key)).toMatchObject({
      name: { ru: name, en: 'Novosibirsk branch' },
      timeZone: 'Asia/Novosibirsk',
      week: [1, 2, 3, 4, 5].map((day) => ({ day, start: '08:00', end: '17:00' })),
      holidays: ['2027-01-01', '2027-01-08'],
      workingDays: ['2027-01-09'],
      orgIds: [expect.any(String)],
    });
    await expectAccessibleAndNarrow(browser);
    expect(browser.problems).toEqual([]);
  });

  it('shows an unhandled event with its payload and error on a phone, and discards it once confirmed', async () => {
    const poison = `not JSON ${randomUUID()}`;
    await nats.jetstream().publish(TasksEvents.taskCreated.subject, poison, { msgID: randomUUID() });
    const letter = await eventually(async () => {
      const parked = await admin.get<Page<DeadLetterView>>(
        '/api/admin/dead-letters?service=notifications&limit=100',
      );
      const found = parked.body.items.find((l) => l.payload === poison);
      expect(found).toBeDefined();
      return found!;
    });

    const browser = await signedIn(demoUser.admin.email, phone);
    const { page } = browser;
    await page.goto(`${system.gatewayUrl}/admin/dead-letters`);
    await page.getByRole('heading', { level: 1, name: 'Необработанные события' }).waitFor();
    // Newest first: the one just published.
    const row = page.getByTestId('dead-letter').filter({ hasText: 'Not an event envelope' }).first();
    await row.waitFor();
    await expect(row.getByTestId('dead-letter-status').textContent()).resolves.toBe('Ждёт решения');
    await expect(row.getByTestId('dead-letter-error').textContent()).resolves.toContain(
      'Not an event envelope',
    );
    await browser.press(row.getByRole('button', { name: /^Подробнее: / }));
    const detail = page.getByTestId('dead-letter-detail');
    await expect(detail.getByTestId('dead-letter-payload').textContent()).resolves.toBe(poison);
    await page.getByRole('heading', { level: 2, name: 'Неотправленные письма уведомлений' }).waitFor();
    await expectAccessibleAndNarrow(browser);

    const opened = page.getByTestId('dead-letter').filter({ has: detail });
    await browser.press(opened.getByRole('button', { name: /^Отклонить: / }));
    await browser.press(page.locator('.ant-popconfirm').getByRole('button', { name: 'Отклонить' }));
    await page.getByText(`Событие «${TasksEvents.taskCreated.subject}» отклонено.`).waitFor();
    const after = await admin.get<DeadLetterView>(`/api/admin/dead-letters/${letter.id}`);
    expect(after.body).toMatchObject({ status: 'discarded', resolvedBy: demoUser.admin.id });

    // Among the discarded ones now.
    await page.getByLabel('Состояние').click();
    await browser.press(page.locator('.ant-select-item-option').filter({ hasText: 'Отклонены' }));
    await page.getByTestId('dead-letter-status').filter({ hasText: 'Отклонено' }).first().waitFor();
    await expectAccessibleAndNarrow(browser);
    expect(browser.problems).toEqual([]);
  });

  it('replays an event whose handler failed, once the cause is fixed', async () => {
    // The notifications service's handler fails (a bug): the task's event is parked after two tries.
    const quickRetries = { EVENT_MAX_ATTEMPTS: '2', EVENT_RETRY_BASE_MS: '50' };
    await system.kill('notifications');
    await system.startService('notifications', { ...quickRetries, FAILPOINT: 'consumer.handler-fails' });
    const ivan = new Api(system.gatewayUrl).as(
      await login(system.gatewayUrl, demoUser.ivan.email, DEMO_PASSWORD),
    );
    const dina = new Api(system.gatewayUrl).as(
      await login(system.gatewayUrl, demoUser.dina.email, DEMO_PASSWORD),
    );
    const task = await ivan.post<TaskView>('/api/tasks', {
      title: `Replayed from the web ${attempt()}`,
      assigneeId: demoUser.dina.id,
    });
    expect(task.status).toBe(201);
    const letter = await eventually(async () => {
      const parked = await admin.get<Page<DeadLetterView>>(
        '/api/admin/dead-letters?service=notifications&limit=100',
      );
      const found = parked.body.items.find((l) => l.payload.includes(task.body.id));
      expect(found).toBeDefined();
      return found!;
    });
    // Fixed: the service runs without the fault again.
    await system.kill('notifications');
    await system.startService('notifications', quickRetries);

    const browser = await signedIn(demoUser.admin.email);
    const { page } = browser;
    await page.goto(`${system.gatewayUrl}/admin/dead-letters`);
    const row = page
      .getByTestId('dead-letter')
      .filter({ hasText: 'the handler fails' })
      .filter({ hasText: TasksEvents.taskCreated.type })
      // Newest first: this attempt's (a retried test finds its first attempt's too).
      .first();
    await expect(row.getByTestId('dead-letter-attempts').textContent()).resolves.toBe('2');
    await browser.press(row.getByRole('button', { name: /^Подробнее: / }));
    await expect(row.getByTestId('dead-letter-payload').textContent()).resolves.toContain(task.body.id);
    await browser.press(row.getByRole('button', { name: /^Обработать снова: / }));
    await page.getByText(`Событие «${TasksEvents.taskCreated.subject}» обработано снова.`).waitFor();
    await row.waitFor({ state: 'detached' });
    const after = await admin.get<DeadLetterView>(`/api/admin/dead-letters/${letter.id}`);
    expect(after.body).toMatchObject({ status: 'replayed', resolvedBy: demoUser.admin.id });
    const inbox = await dina.get<NotificationPage>('/api/notifications?limit=100');
    expect(inbox.body.items.map((n) => n.subject.id)).toContain(task.body.id);
    await expectAccessibleAndNarrow(browser);
    expect(browser.problems).toEqual([]);
  });

  it('sends again a notification e-mail the mail server refused', async () => {
    // No mail server where the service sends: the task's e-mail to Dina fails at its only try.
    const nowhere = await unusedPort();
    await system.kill('notifications');
    await system.startService('notifications', {
      SMTP_PORT: String(nowhere),
      EMAIL_MAX_ATTEMPTS: '1',
      EMAIL_SWEEP_MS: '100',
    });
    const ivan = new Api(system.gatewayUrl).as(
      await login(system.gatewayUrl, demoUser.ivan.email, DEMO_PASSWORD),
    );
    const title = `Mail refused ${attempt()}`;
    expect((await ivan.post<TaskView>('/api/tasks', { title, assigneeId: demoUser.dina.id })).status).toBe(
      201,
    );
    const failed = async (): Promise<FailedEmailView | undefined> =>
      (
        await admin.get<Page<FailedEmailView>>('/api/admin/notification-emails/failed?limit=100')
      ).body.items.find((email) => email.title.includes(title));
    const email = await eventually(async () => {
      const found = await failed();
      expect(found).toMatchObject({ status: 'failed', attempts: 1 });
      return found!;
    });
    // The mail server is back.
    await system.kill('notifications');
    await system.startService('notifications', { EMAIL_SWEEP_MS: '100' });

    const browser = await signedIn(demoUser.admin.email, phone);
    const { page } = browser;
    await page.goto(`${system.gatewayUrl}/admin/dead-letters`);
    const emails = page.getByTestId('section-failed-emails');
    const row = emails.getByTestId('failed-email').filter({ hasText: title });
    await row.getByText('Не отправлено').waitFor();
    await expect(row.textContent()).resolves.toContain(email.lastError ?? '');
    await expectAccessibleAndNarrow(browser);
    await browser.press(row.getByRole('button', { name: `Отправить снова: ${email.title}` }));
    await emails.getByText(`Письмо «${email.title}» будет отправлено снова.`).waitFor();
    await row.waitFor({ state: 'detached' });
    await eventually(async () => {
      expect(await failed()).toBeUndefined();
      const sent = await new MailpitClient(system.infra.mailApiUrl).messagesTo(demoUser.dina.email);
      expect(sent.some((message) => message.Subject.includes(title))).toBe(true);
    });
    expect(browser.problems).toEqual([]);
  });

  it('refuses a manager without the permissions at each of these addresses', async () => {
    const browser = await signedIn(demoUser.ivan.email, phone);
    const { page } = browser;
    const refusals: [string, string, string][] = [
      [
        'templates',
        'Процессы',
        'Шаблоны процессов видят и меняют только те, кто управляет процессами компании.',
      ],
      ['calendars', 'Календари', 'Рабочие календари меняют только те, кто ведёт календари компании.'],
      [
        'dead-letters',
        'Необработанные события',
        'Необработанные события видят только те, кто ведёт эксплуатацию системы.',
      ],
    ];
    for (const [path, title, refusal] of refusals) {
      await page.goto(`${system.gatewayUrl}/admin/${path}`);
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      await page.getByRole('alert').getByText(refusal).waitFor();
      await expectAccessibleAndNarrow(browser);
    }
    await expect(page.getByRole('button', { name: 'Отклонить' }).count()).resolves.toBe(0);
    expect(browser.problems).toEqual([]);
  });
});
