import { readFileSync } from 'node:fs';
import type { Locator } from 'playwright-core';
import type {
  InstanceView,
  OperationsReport,
  Page,
  RequestDelays,
  SlaReport,
  SlaReportRow,
  WorkItemView,
} from '@orbita/contracts';
import { DEMO_PASSWORD, DEMO_RADUGA_ID, demoUser } from '@orbita/demo';
import { parseCsv } from '@orbita/platform';
import type { ApiClient } from '@orbita/testing';
import { ApiClient as Api, BrowserSession, TestSystem, VIEWPORTS, eventually, login } from '@orbita/testing';

const HOUR = 3_600_000;
/** Monday 1 March 2027, 09:00 in Moscow: a working morning of the company's calendar. */
const MONDAY_9AM = new Date('2027-03-01T06:00:00Z');
const MONTH = '2027-03';
const TEMPLATE = 'new-service-point';

/** A span in working hours as the page writes it in Russian ("3 ч 1 мин"), from the API's milliseconds. */
function workingHours(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const unit = (value: number, name: 'hour' | 'minute') =>
    new Intl.NumberFormat('ru', { style: 'unit', unit: name, unitDisplay: 'short' }).format(value);
  const parts = [
    Math.floor(minutes / 60) > 0 ? unit(Math.floor(minutes / 60), 'hour') : null,
    minutes % 60 > 0 ? unit(minutes % 60, 'minute') : null,
  ];
  return parts.filter((p) => p !== null).join(' ') || unit(0, 'minute');
}

// Chromium on two loaded cores: a failed test is tried once more at once (before the tests that
// build on its state), its first failure printed.
jest.retryTimes(1, { logErrorsBeforeRetry: true, retryImmediately: true });

/**
 * The reports pages in Debian's Chromium against the whole system (issue 13: SLA and delay reports
 * with charts). Olga's new pick-up point (S1.3) is played through the API with the tasks clock moved
 * between steps, so the reports have rows of known size; Ivan (a manager, report.view) reads them
 * by process, client and manager and S1.9's operations, on a desktop and a 360 px phone, downloads
 * the CSV and sees the split on the request's page; Dina (a dispatcher) has no Reports item and is
 * refused at the address.
 */
describe('the web app: SLA, delay and operations reports', () => {
  const [desktop, phone] = VIEWPORTS;
  let system: TestSystem;
  let ivan: ApiClient;
  let requestId: string;
  const sessions: BrowserSession[] = [];

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true });
    const api = new Api(system.gatewayUrl);
    const as = async (email: string) =>
      api.as(await login(system.gatewayUrl, email, DEMO_PASSWORD)).withHeaders({ 'accept-language': 'ru' });
    const [olga, dina] = await Promise.all([as(demoUser.olga.email), as(demoUser.dina.email)]);
    ivan = await as(demoUser.ivan.email);

    const taskOf = (client: ApiClient, stepId: string, view = 'all'): Promise<WorkItemView> =>
      eventually(async () => {
        const inbox = await client.get<Page<WorkItemView>>(`/api/inbox?view=${view}&limit=100`);
        const found = inbox.body.items.find((t) => t.instanceId === requestId && t.stepId === stepId);
        expect(found).toBeDefined();
        return found!;
      });
    const complete = async (client: ApiClient, task: WorkItemView, body: Record<string, unknown>) => {
      expect((await client.post(`/api/work-items/${task.id}/complete`, body)).status).toBe(200);
    };

    await system.moveClock('tasks', { to: MONDAY_9AM });
    const started = await olga.post<InstanceView>('/api/requests', {
      templateKey: TEMPLATE,
      form: {
        address: 'г. Москва, ул. Профсоюзная, д. 12',
        containerType: 'bunker-8',
        volume: 8,
        schedule: { days: ['tue'], time: '08:00' },
        startDate: '2027-04-01',
      },
    });
    expect(started.status).toBe(201);
    requestId = started.body.id;
    // Dispatch checks the route for two hours, Ivan sets the terms in one, Olga signs three hours later.
    const route = await taskOf(dina, 'check-route', 'claimable');
    expect((await dina.post(`/api/work-items/${route.id}/claim`, { revision: route.revision })).status).toBe(
      200,
    );
    await system.moveClock('tasks', { advanceMs: 2 * HOUR });
    await complete(dina, route, { outcome: 'feasible' });
    const terms = await taskOf(ivan, 'approve-terms');
    await system.moveClock('tasks', { advanceMs: HOUR });
    await complete(ivan, terms, {
      outcome: 'approve',
      data: {
        contractNumber: '12/2026',
        contractDate: '2026-01-15',
        pricePerTrip: 5100,
        ownerRepresentedBy: 'генерального директора Соколова Андрея Викторовича',
        counterpartyRepresentedBy: 'директора Смирновой Ольги Николаевны',
      },
    });
    const approval = await taskOf(olga, 'client-approval');
    await system.moveClock('tasks', { advanceMs: 3 * HOUR });
    await complete(olga, approval, { outcome: 'approve', revision: approval.revision });
    // The read models count it once the engine's events are handled.
    await eventually(async () => {
      const report = await ivan.get<SlaReport>(`/api/reports/sla?groupBy=template&from=${MONTH}&to=${MONTH}`);
      expect(report.body.rows.find((r) => r.key === TEMPLATE)?.requestsFinished).toBe(1);
    });
  });

  afterAll(async () => {
    await Promise.all(sessions.map((session) => session.close()));
    await system.stop();
  });

  async function signedIn(email: string, viewport = desktop!): Promise<BrowserSession> {
    const browser = await BrowserSession.open(viewport);
    sessions.push(browser);
    await browser.signIn(system.gatewayUrl, email, DEMO_PASSWORD);
    return browser;
  }

  async function sla(groupBy: string): Promise<SlaReportRow[]> {
    const report = await ivan.get<SlaReport>(`/api/reports/sla?groupBy=${groupBy}&from=${MONTH}&to=${MONTH}`);
    expect(report.status).toBe(200);
    return report.body.rows;
  }

  const cell = (row: Locator, column: string): Promise<string | null> =>
    row.locator(`[data-column="${column}"]`).textContent();

  /** The table's line of a key shows the API's figures for it, its time in working hours. */
  async function expectSlaLine(browser: BrowserSession, row: SlaReportRow, manager = false): Promise<void> {
    const line = browser.page.locator(`tr[data-row-key="${row.key}"]`);
    await expect(cell(line, 'label')).resolves.toBe(row.label);
    if (!manager) {
      await expect(cell(line, 'requestsFinished')).resolves.toBe(String(row.requestsFinished));
    }
    await expect(cell(line, 'stepsFinished')).resolves.toBe(String(row.stepsFinished));
    await expect(cell(line, 'slaMet')).resolves.toBe(String(row.slaMet));
    await expect(cell(line, 'company')).resolves.toBe(workingHours(row.workingMs.company));
    await expect(cell(line, 'external')).resolves.toBe(workingHours(row.workingMs.external));
  }

  /** Chooses a month in a labelled month picker by typing it, as a keyboard user would. */
  async function pickMonth(browser: BrowserSession, label: string, month: string): Promise<void> {
    const input = browser.page.getByLabel(label, { exact: true });
    await input.click();
    await input.fill(`${month.slice(5)}.${month.slice(0, 4)}`);
    await input.press('Enter');
    // The choice goes to the address, and the field shows it from there.
    await eventually(async () => {
      await expect(input.inputValue()).resolves.toBe(`${month.slice(5)}.${month.slice(0, 4)}`);
    });
  }

  async function downloaded(browser: BrowserSession): Promise<{ name: string; text: string }> {
    const download = browser.page.waitForEvent('download');
    await browser.press(browser.page.getByRole('button', { name: 'Скачать CSV' }));
    const file = await download;
    const path = await file.path();
    return { name: file.suggestedFilename(), text: readFileSync(path, 'utf8') };
  }

  it('shows a manager the SLA report by process and by manager, its total, chart and CSV', async () => {
    const browser = await signedIn(demoUser.ivan.email);
    const { page } = browser;
    await browser.press(page.getByRole('navigation').getByRole('link', { name: 'Отчёты' }));
    await page.getByRole('heading', { level: 1, name: 'Отчёты' }).waitFor();
    // This month (the browser's) has nothing finished: the tasks clock put the request in March 2027.
    await page.getByTestId('report-empty').waitFor();

    await pickMonth(browser, 'По месяц', MONTH);
    await pickMonth(browser, 'С месяца', MONTH);
    await page.locator(`tr[data-row-key="${TEMPLATE}"]`).waitFor();
    const [template] = (await sla('template')).filter((r) => r.key === TEMPLATE);
    await expectSlaLine(browser, template!);
    expect(template!.workingMs.company).toBeGreaterThanOrEqual(3 * HOUR);
    // One request in the period: the total is its row.
    const total = page.locator('.report-total');
    await expect(cell(total, 'requestsFinished')).resolves.toBe('1');
    await expect(cell(total, 'company')).resolves.toBe(workingHours(template!.workingMs.company));
    await page.getByTestId('report-chart').locator('canvas').waitFor();
    expect(await browser.seriousAccessibilityViolations()).toEqual([]);

    const csv = await downloaded(browser);
    expect(csv.name).toBe(`sla-template-${MONTH}-${MONTH}.csv`);
    const csvRow = parseCsv(csv.text).rows.find((r) => r.cells['key'] === TEMPLATE)?.cells;
    expect(csvRow).toMatchObject({
      month: MONTH,
      requestsFinished: '1',
      stepsFinished: String(template!.stepsFinished),
      companyWorkingMin: String(Math.round(template!.workingMs.company / 60_000)),
    });

    // By manager: Dina's route check and Ivan's terms, not Olga (the client's time is nobody's here).
    await browser.press(page.getByText('Менеджер', { exact: true }));
    await page.locator(`tr[data-row-key="${demoUser.ivan.id}"]`).waitFor();
    for (const row of await sla('manager')) {
      await expectSlaLine(browser, row, true);
    }
    await expect(page.locator(`tr[data-row-key="${demoUser.olga.id}"]`).count()).resolves.toBe(0);
    // The period and the grouping are in the address: a link to the report opens it as it is.
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({
      groupBy: 'manager',
      from: MONTH,
      to: MONTH,
    });
    expect(browser.problems).toEqual([]);
  });

  it('shows the operations per manager (S1.9) with their CSV', async () => {
    const browser = await signedIn(demoUser.ivan.email);
    const { page } = browser;
    await page.goto(`${system.gatewayUrl}/reports`);
    await browser.press(page.getByRole('link', { name: 'Операции менеджеров' }));
    await pickMonth(browser, 'Месяц', MONTH);
    await page.locator(`tr[data-row-key="${demoUser.dina.id}"]`).waitFor();
    const operations = await ivan.get<OperationsReport>(`/api/reports/operations?month=${MONTH}`);
    expect(operations.body.rows.map((r) => r.userId).sort()).toEqual(
      [demoUser.ivan.id, demoUser.dina.id].sort(),
    );
    for (const row of operations.body.rows) {
      const line = page.locator(`tr[data-row-key="${row.userId}"]`);
      await expect(cell(line, 'name')).resolves.toBe(row.name);
      await expect(cell(line, 'operations')).resolves.toBe(String(row.operations));
      await expect(cell(line, 'requests')).resolves.toBe(String(row.requests));
      await expect(cell(line, 'workingMs')).resolves.toBe(workingHours(row.workingMs));
    }
    const sum = operations.body.rows.reduce((total, row) => total + row.operations, 0);
    await expect(cell(page.locator('.report-total'), 'operations')).resolves.toBe(String(sum));
    const csv = await downloaded(browser);
    expect(csv.name).toBe(`operations-${MONTH}.csv`);
    expect(parseCsv(csv.text).rows.map((r) => [r.cells['name'], r.cells['operations']])).toEqual(
      operations.body.rows.map((r) => [r.name, String(r.operations)]),
    );
    await page.getByTestId('report-chart').locator('canvas').waitFor();
    expect(await browser.seriousAccessibilityViolations()).toEqual([]);
    expect(browser.problems).toEqual([]);
  });

  it('shows Ivan on his desktop only what needs him, overdue first (S1.9)', async () => {
    const dina = new Api(system.gatewayUrl).as(
      await login(system.gatewayUrl, demoUser.dina.email, DEMO_PASSWORD),
    );
    const run = Math.random().toString(36).slice(2, 7);
    const task = async (title: string, assigneeId: string, dueAt?: Date): Promise<void> => {
      const created = await dina.post('/api/tasks', {
        title: `${title} ${run}`,
        assigneeId,
        ...(dueAt ? { dueAt: dueAt.toISOString() } : {}),
      });
      expect(created.status).toBe(201);
    };
    // The tasks' clock stands in March 2027 (beforeAll): one task is a day late, one due in a month.
    await task('Согласовать тариф', demoUser.ivan.id, new Date(MONDAY_9AM.getTime() + 30 * 24 * HOUR));
    await task('Без срока: позвонить клиенту', demoUser.ivan.id);
    await task('Просроченный акт сверки', demoUser.ivan.id, new Date(MONDAY_9AM.getTime() - 24 * HOUR));
    await task('Задача диспетчера', demoUser.dina.id);

    const browser = await signedIn(demoUser.ivan.email);
    const { page } = browser;
    // "Mine", the first of the inbox's two lists (the second: the groups' tasks to claim).
    const mine = page.locator('.page-card').first().getByTestId('work-item');
    await mine.filter({ hasText: `Просроченный акт сверки ${run}` }).waitFor();
    const titles = (await mine.locator('.work-item-link').allTextContents()).filter((title) =>
      title.endsWith(run),
    );
    expect(titles).toEqual([
      `Просроченный акт сверки ${run}`,
      `Согласовать тариф ${run}`,
      `Без срока: позвонить клиенту ${run}`,
    ]);
    // Overdue work leads the whole list, not only this run's tasks.
    const all = await mine.allTextContents();
    const firstOnTime = all.findIndex((text) => !text.includes('Просрочено'));
    expect(all.slice(firstOnTime).some((text) => text.includes('Просрочено'))).toBe(false);
    await expect(
      mine
        .filter({ hasText: `Просроченный акт сверки ${run}` })
        .getByText('Просрочено')
        .count(),
    ).resolves.toBe(1);
    await expect(page.getByText(`Задача диспетчера ${run}`).count()).resolves.toBe(0);
    expect(await browser.seriousAccessibilityViolations()).toEqual([]);
    expect(browser.problems).toEqual([]);
  });

  it('on a phone: the client report scrolls inside its card, and a bad period shows the API’s message', async () => {
    const browser = await signedIn(demoUser.ivan.email, phone);
    const { page } = browser;
    await page.goto(`${system.gatewayUrl}/reports?groupBy=client&from=${MONTH}&to=${MONTH}`);
    const [raduga] = (await sla('client')).filter((r) => r.key === DEMO_RADUGA_ID);
    await expectSlaLine(browser, raduga!);
    await page.getByTestId('report-chart').locator('canvas').waitFor();
    const { scrollWidth, innerWidth } = await browser.horizontalOverflow();
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    expect(await browser.seriousAccessibilityViolations()).toEqual([]);

    const refused = await ivan.get<{ message: string }>(
      `/api/reports/sla?groupBy=client&from=${MONTH}&to=2027-01`,
    );
    expect(refused.status).toBe(400);
    await page.goto(`${system.gatewayUrl}/reports?groupBy=client&from=${MONTH}&to=2027-01`);
    await page.getByTestId('report-error').getByText(refused.body.message).waitFor();
    expect(browser.problems).toEqual([]);
  });

  it('shows whose time the request spent on its page', async () => {
    const split = (await ivan.get<RequestDelays>(`/api/requests/${requestId}/delays`)).body;
    const browser = await signedIn(demoUser.ivan.email, phone);
    const { page } = browser;
    await page.goto(`${system.gatewayUrl}/requests/${requestId}`);
    const totals = page.getByTestId('delay-totals');
    await expect(totals.locator('[data-party="company"] strong').textContent()).resolves.toBe(
      workingHours(split.workingMs.company),
    );
    await expect(totals.locator('[data-party="external"] strong').textContent()).resolves.toBe(
      workingHours(split.workingMs.external),
    );
    await expect(page.getByTestId('delay-steps').locator('tbody tr.ant-table-row').count()).resolves.toBe(
      split.steps.length,
    );
    const { scrollWidth, innerWidth } = await browser.horizontalOverflow();
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    expect(await browser.seriousAccessibilityViolations()).toEqual([]);
    expect(browser.problems).toEqual([]);
  });

  it('offers a dispatcher no reports and refuses the address', async () => {
    const browser = await signedIn(demoUser.dina.email);
    const { page } = browser;
    const nav = page.getByRole('navigation', { name: 'Основная навигация' });
    await nav.getByRole('link', { name: 'Входящие' }).waitFor();
    await expect(nav.getByRole('link', { name: 'Отчёты' }).count()).resolves.toBe(0);
    await page.goto(`${system.gatewayUrl}/reports/operations`);
    await page.getByRole('heading', { level: 1, name: 'Нет доступа к отчётам' }).waitFor();
    await expect(page.locator('.report-card').count()).resolves.toBe(0);
    // The API says the same.
    const dina = new Api(system.gatewayUrl).as(
      await login(system.gatewayUrl, demoUser.dina.email, DEMO_PASSWORD),
    );
    expect((await dina.get(`/api/reports/operations?month=${MONTH}`)).status).toBe(403);
    expect(await browser.seriousAccessibilityViolations()).toEqual([]);
    expect(browser.problems).toEqual([]);
  });
});
