import type { ScheduleList, ScheduleView } from '@orbita/contracts';
import { DEMO_PASSWORD, demoSchedules, demoUser } from '@orbita/demo';
import type { ApiClient } from '@orbita/testing';
import { ApiClient as Api, BrowserSession, TestSystem, VIEWPORTS, login } from '@orbita/testing';
import { expectAccessibleAndNarrow } from './web-checks';

const NAME = 'Счета клиентам (веб)';

/** S1.6's start form: each active client's invoice and act for the month before. */
const INVOICING_FORM = JSON.stringify({
  clientOrgId: { var: 'client.orgId' },
  periodFrom: { var: 'occurrence.previousMonth.from' },
  periodTo: { var: 'occurrence.previousMonth.to' },
});

// Chromium on two loaded cores: a failed test is tried once more at once (before the tests that
// build on its state), its first failure printed.
jest.retryTimes(1, { logErrorsBeforeRetry: true, retryImmediately: true });

/**
 * The schedules admin page (ADR 022; S1.6) in the browser: the admin, on a phone, creates a
 * monthly schedule per active client (the API's refusal of an incomplete start form shown at its
 * field first), sees it listed with its rule in words, pauses, resumes and deletes it; a manager
 * without process.manage has no such page in the navigation and is refused at its URL.
 */
describe('the web app: schedules for those who manage processes', () => {
  const [desktop, phone] = VIEWPORTS;
  let system: TestSystem;
  let admin: ApiClient;
  const sessions: BrowserSession[] = [];

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true });
    admin = new Api(system.gatewayUrl).as(
      await login(system.gatewayUrl, demoUser.admin.email, DEMO_PASSWORD),
    );
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

  async function scheduleNamed(name: string): Promise<ScheduleView | undefined> {
    const list = await admin.get<ScheduleList>('/api/schedules');
    expect(list.status).toBe(200);
    return list.body.items.find((s) => s.name.ru === name);
  }

  it('lets the admin create, pause, resume and delete a schedule on a phone', async () => {
    const browser = await signedIn(demoUser.admin.email, phone);
    const { page } = browser;
    await browser.press(page.getByRole('navigation').getByRole('link', { name: 'Администрирование' }));
    const sections = page.getByRole('navigation', { name: 'Разделы администрирования' });
    await browser.press(sections.getByRole('link', { name: 'Расписания' }));
    await page.waitForURL(/\/admin\/schedules$/);
    await page.getByRole('heading', { level: 1, name: 'Расписания' }).waitFor();
    await page.getByRole('heading', { level: 2, name: /^Расписания \(\d+\)$/ }).waitFor();
    await expectAccessibleAndNarrow(browser);

    await browser.press(page.getByRole('button', { name: 'Новое расписание' }));
    const form = page.getByTestId('schedule-form');
    await form.getByLabel('Название по-русски').fill(NAME);
    await form.getByLabel('Название по-английски').fill('Client invoices (web)');
    // The pickers filter as one types; Enter takes the first match.
    await form.getByLabel('Шаблон процесса').fill('Счёт и акт');
    await page.locator('.ant-select-item-option').filter({ hasText: 'Счёт и акт за месяц' }).waitFor();
    await page.keyboard.press('Enter');
    await form.getByLabel('От чьего имени').fill('Анна');
    await page.locator('.ant-select-item-option').filter({ hasText: 'Анна Кузнецова' }).waitFor();
    await page.keyboard.press('Enter');
    await form.getByLabel('День месяца').fill('1');
    await form.getByLabel('Время (ЧЧ:ММ)').fill('09:00');
    await browser.press(form.getByText('Для каждого активного клиента'));
    await expectAccessibleAndNarrow(browser);

    // The start form left empty: the API's reason is shown at its field, nothing is stored.
    await browser.press(form.getByRole('button', { name: 'Создать расписание' }));
    await form.getByText(/нужно задать обязательные поля формы запуска: clientOrgId/).waitFor();
    expect(await scheduleNamed(NAME)).toBeUndefined();

    await form.getByLabel('Форма запуска (JSON)').fill(INVOICING_FORM);
    await browser.press(form.getByRole('button', { name: 'Создать расписание' }));
    await page.getByText(`Расписание «${NAME}» создано.`).waitFor();
    const row = page.getByTestId('schedule').filter({ hasText: NAME });
    await expect(row.getByTestId('schedule-rule').textContent()).resolves.toBe(
      '1-го числа каждого месяца в 09:00 (Europe/Moscow)',
    );
    await expect(row.textContent()).resolves.toContain('Для каждого активного клиента');
    await expect(row.textContent()).resolves.toContain('Счёт и акт за месяц');
    await expect(row.getByTestId('schedule-status').textContent()).resolves.toBe('Действует');
    await expect(row.getByTestId('schedule-next').textContent()).resolves.not.toBe('Не запланирован');
    const created = await scheduleNamed(NAME);
    expect(created).toMatchObject({
      status: 'active',
      templateKey: 'monthly-invoicing',
      starterId: demoUser.anna.id,
      targets: 'activeClient',
      rule: { kind: 'monthly', day: 1, time: '09:00' },
    });
    await expectAccessibleAndNarrow(browser);

    // Pause, after confirming: nothing planned; resume: planned again.
    await browser.press(row.getByRole('button', { name: `Приостановить: ${NAME}` }));
    await browser.press(page.locator('.ant-popconfirm').getByRole('button', { name: 'Приостановить' }));
    await page.getByText(`Расписание «${NAME}» приостановлено.`).waitFor();
    await row.getByTestId('schedule-status').filter({ hasText: 'Приостановлено' }).waitFor();
    await expect(row.getByTestId('schedule-next').textContent()).resolves.toBe('Не запланирован');
    expect(await scheduleNamed(NAME)).toMatchObject({ status: 'paused', nextRunAt: null });
    await expectAccessibleAndNarrow(browser);

    await browser.press(row.getByRole('button', { name: `Возобновить: ${NAME}` }));
    await page.getByText(`Расписание «${NAME}» возобновлено.`).waitFor();
    await row.getByTestId('schedule-status').filter({ hasText: 'Действует' }).waitFor();
    expect(await scheduleNamed(NAME)).toMatchObject({ status: 'active', nextRunAt: expect.any(String) });

    // Delete, after confirming.
    await browser.press(row.getByRole('button', { name: `Удалить: ${NAME}` }));
    await browser.press(page.locator('.ant-popconfirm').getByRole('button', { name: 'Удалить' }));
    await page.getByText(`Расписание «${NAME}» удалено.`).waitFor();
    // The notice comes with the answer; the list is read again after it.
    await row.waitFor({ state: 'detached' });
    expect(await scheduleNamed(NAME)).toBeUndefined();
    // The refused submit's 400 is the only thing the browser logged (BrowserSession leaves 400s out).
    expect(browser.problems).toEqual([]);
  });

  it('lets the admin schedule renewals 30 days before each contract ends (S1.8) on a desktop', async () => {
    const renewals = demoSchedules.renewals;
    const name = `${renewals.name.ru} (веб)`;
    const browser = await signedIn(demoUser.admin.email);
    const { page } = browser;
    await page.goto(`${system.gatewayUrl}/admin/schedules`);
    await browser.press(page.getByRole('button', { name: 'Новое расписание' }));
    const form = page.getByTestId('schedule-form');
    await form.getByLabel('Название по-русски').fill(name);
    await form.getByLabel('Название по-английски').fill(`${renewals.name.en} (web)`);
    await form.getByLabel('Шаблон процесса').fill('Продление');
    await page.locator('.ant-select-item-option').filter({ hasText: 'Продление договора' }).waitFor();
    await page.keyboard.press('Enter');
    await form.getByLabel('От чьего имени').fill('Иван');
    await page.locator('.ant-select-item-option').filter({ hasText: demoUser.ivan.displayName }).waitFor();
    await page.keyboard.press('Enter');
    await browser.press(form.getByText('По датам реестра'));
    // One start per record: whom for is the record's, so the form asks no "for each client".
    await expect(form.getByText('Для каждого активного клиента').count()).resolves.toBe(0);
    await form.getByRole('combobox', { name: 'Реестр' }).click();
    await browser.press(page.locator('.ant-select-item-option').filter({ hasText: 'Договоры' }));
    await form.getByLabel('Форма запуска (JSON)').fill(JSON.stringify(renewals.form));
    // Which date of the record is not said yet: asked for at its field, nothing stored.
    await browser.press(form.getByRole('button', { name: 'Создать расписание' }));
    await form
      .locator('.ant-form-item')
      .filter({ hasText: 'Дата записи' })
      .getByText('Заполните это поле')
      .waitFor();
    expect(await scheduleNamed(name)).toBeUndefined();

    await form.getByRole('combobox', { name: 'Дата записи' }).click();
    await browser.press(page.locator('.ant-select-item-option').filter({ hasText: 'endDate' }));
    await expect(form.getByLabel('Дней').inputValue()).resolves.toBe('30');
    await browser.press(form.getByRole('button', { name: 'Создать расписание' }));
    await page.getByText(`Расписание «${name}» создано.`).waitFor();
    const row = page.getByTestId('schedule').filter({ hasText: name });
    await expect(row.getByTestId('schedule-rule').textContent()).resolves.toBe(
      'За 30 дней до «endDate» записей реестра «contracts», в 09:00 (Europe/Moscow)',
    );
    expect(await scheduleNamed(name)).toMatchObject({
      templateKey: 'contract-renewal',
      starterId: demoUser.ivan.id,
      targets: 'once',
      form: renewals.form,
      rule: { ...renewals.rule, time: '09:00' },
    });
    await expectAccessibleAndNarrow(browser);
    expect(browser.problems).toEqual([]);
  });

  it('offers a manager without process.manage no schedules, and refuses them at the URL', async () => {
    const browser = await signedIn(demoUser.ivan.email);
    const { page } = browser;
    await page.getByRole('navigation').getByRole('link', { name: 'Заявки' }).waitFor();
    await expect(
      page.getByRole('navigation').getByRole('link', { name: 'Расписания' }).count(),
    ).resolves.toBe(0);
    await page.goto(`${system.gatewayUrl}/admin/schedules`);
    await page.getByRole('heading', { level: 1, name: 'Расписания' }).waitFor();
    await page
      .getByRole('alert')
      .getByText('Расписания видят и меняют только те, кто управляет процессами компании.')
      .waitFor();
    await expect(page.getByRole('button', { name: 'Новое расписание' }).count()).resolves.toBe(0);
    await expectAccessibleAndNarrow(browser);
    expect(browser.problems).toEqual([]);
  });
});
