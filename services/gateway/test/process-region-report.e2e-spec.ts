import type { NatsConnection } from 'nats';
import type { InstanceView, RegionReport, RegionReportRow } from '@orbita/contracts';
import { ProcessEvents, RegistersEvents } from '@orbita/contracts';
import { DEMO_COMPANY_ID, DEMO_PASSWORD, restaurantChain } from '@orbita/demo';
import { parseCsv } from '@orbita/platform';
import type { ApiClient, Viewport } from '@orbita/testing';
import {
  ApiClient as Api,
  BrowserSession,
  TestSystem,
  VIEWPORTS,
  deliverAgain,
  eventually,
  inboxItem,
  login,
  streamEvents,
} from '@orbita/testing';
import { expectAccessibleAndNarrow } from './web-checks';

const [DESKTOP] = VIEWPORTS as [Viewport];

/** Wednesday 10 February 2027, midday in Moscow (the company's calendar). */
const FEBRUARY = new Date('2027-02-10T09:00:00Z');
const MARCH = new Date('2027-03-10T09:00:00Z');
const APRIL = new Date('2027-04-07T09:00:00Z');

/** Restaurants 4 and 54 are in region 4, restaurant 9 in region 9 (the chain's round robin). */
const R54 = restaurantChain.restaurants[53]!;
const R9 = restaurantChain.restaurants[8]!;
const REGION_4 = restaurantChain.regions[3]!;
const REGION_9 = restaurantChain.regions[8]!;

/**
 * The per-region report (ADR 024; SCENARIOS S2.2, S2.4) on the restaurant chain: HQ's plan and
 * the approved financing of a region in one month, violations at its restaurants over two months
 * (the tasks clock moved), a violation moved to another month, and every event delivered again
 * changing nothing.
 */
describe('per-region report (restaurant chain)', () => {
  let system: TestSystem;
  let nats: NatsConnection;
  let head: ApiClient;
  let finance: ApiClient;
  let api: Api;

  const as = async (email: string) => api.as(await login(system.gatewayUrl, email, DEMO_PASSWORD));

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true, seedRestaurantChain: true });
    nats = await system.connectNats();
    api = new Api(system.gatewayUrl);
    [head, finance] = await Promise.all([
      as(restaurantChain.staff.head.email),
      as(restaurantChain.staff.finance.email),
    ]);
  }, 240_000);

  afterAll(async () => {
    await nats.close();
    await system.stop();
  });

  async function report(from: string, to: string): Promise<RegionReport> {
    const response = await head.get<RegionReport>(`/api/reports/regions?from=${from}&to=${to}`);
    expect(response.status).toBe(200);
    return response.body;
  }

  const rowOf = (r: RegionReport, regionId: string, month: string): RegionReportRow | undefined =>
    r.rows.find((row) => row.regionOrgId === regionId && row.month === month);

  async function ended(client: ApiClient, id: string, status: string): Promise<InstanceView> {
    let instance: InstanceView | undefined;
    await eventually(async () => {
      instance = (await client.get<InstanceView>(`/api/requests/${id}`)).body;
      expect(instance.status).toBe(status);
    });
    return instance!;
  }

  async function financing(restaurantIndex: number, amount: number, outcome: 'approve' | 'reject') {
    const restaurant = await as(restaurantChain.managers[restaurantIndex]!.email);
    const started = await restaurant.post<InstanceView>('/api/requests', {
      templateKey: 'financing-request',
      form: { amount, purpose: 'Ремонт кухни', year: 2027, month: 2 },
    });
    expect(started.status).toBe(201);
    const review = await inboxItem(finance, started.body.id, 'review');
    const decided = await finance.post(`/api/work-items/${review.id}/complete`, {
      outcome,
      ...(outcome === 'reject' ? { comment: 'Нет в бюджете' } : {}),
    });
    expect(decided.status).toBe(200);
    return ended(restaurant, started.body.id, outcome === 'approve' ? 'completed' : 'rejected');
  }

  async function violation(restaurantId: string, date: string): Promise<InstanceView> {
    const started = await head.post<InstanceView>('/api/requests', {
      templateKey: 'marketing-violation',
      form: { restaurantOrgId: restaurantId, date, kind: 'Старый прайс-лист на кассе' },
    });
    expect(started.status).toBe(201);
    let instance: InstanceView | undefined;
    await eventually(async () => {
      instance = (await head.get<InstanceView>(`/api/requests/${started.body.id}`)).body;
      expect(instance.vars['violationId']).toEqual(expect.any(String));
    });
    return instance!;
  }

  it('S2.2: HQ’s plan for a region’s month against the financing HQ Finance approved, in kopecks, and as CSV', async () => {
    await system.moveClock('tasks', { to: FEBRUARY });
    // HQ Finance's plan for region 4 in February 2027 (a line of the financial-plan register).
    const plan = await head.post('/api/registers/financial-plan/records', {
      orgId: REGION_4.id,
      data: { year: 2027, month: 2, regionOrgId: REGION_4.id, purpose: 'План', plannedAmount: 2_000_000 },
    });
    expect(plan.status).toBe(201);
    // Two restaurants of the region ask; one is approved (with kopecks), one rejected.
    const approved = await financing(3, 1_250_000.5, 'approve');
    expect(approved.vars['planLineId']).toEqual(expect.any(String));
    await financing(53, 10_000_000, 'reject');

    await eventually(async () => {
      expect(rowOf(await report('2027-02', '2027-02'), REGION_4.id, '2027-02')).toEqual({
        month: '2027-02',
        regionOrgId: REGION_4.id,
        regionName: REGION_4.name,
        requestsStarted: 2,
        plannedKopecks: 200_000_000,
        approvedKopecks: 125_000_050,
        financingApproved: 1,
        violations: 0,
      });
    });
    const february = await report('2027-02', '2027-02');
    expect(february.orgId).toBe(DEMO_COMPANY_ID);
    // The totals are the rows added up.
    for (const key of Object.keys(february.totals) as (keyof RegionReport['totals'])[]) {
      expect(february.totals[key]).toBe(february.rows.reduce((sum, row) => sum + row[key], 0));
    }
    // Nothing of February shows in March.
    expect(rowOf(await report('2027-03', '2027-03'), REGION_4.id, '2027-03')).toBeUndefined();

    const csv = await head.get<string>('/api/reports/regions?from=2027-02&to=2027-02&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="regions-2027-02-2027-02.csv"');
    const table = parseCsv(csv.body);
    const line = table.rows.find((r) => r.cells['regionOrgId'] === REGION_4.id);
    expect(line?.cells).toMatchObject({
      month: '2027-02',
      regionName: REGION_4.name,
      requestsStarted: '2',
      planned: '2000000.00',
      approved: '1250000.50',
      remaining: '749999.50',
      financingApproved: '1',
    });
    expect(table.rows.at(-1)?.cells).toMatchObject({ month: '2027-02..2027-02', regionOrgId: 'total' });
  });

  it('S2.4: violations at a region’s restaurants counted by month over two months; a corrected date moves one', async () => {
    await system.moveClock('tasks', { to: MARCH });
    await violation(R9.id, '2027-03-05');
    const second = await violation(R9.id, '2027-03-09');
    await system.moveClock('tasks', { to: APRIL });
    await violation(R9.id, '2027-04-02');
    // Another region's restaurant: its own row.
    await violation(R54.id, '2027-04-03');

    await eventually(async () => {
      const r = await report('2027-03', '2027-04');
      expect(rowOf(r, REGION_9.id, '2027-03')).toMatchObject({ violations: 2, requestsStarted: 2 });
      expect(rowOf(r, REGION_9.id, '2027-04')).toMatchObject({ violations: 1, requestsStarted: 1 });
      expect(rowOf(r, REGION_4.id, '2027-04')).toMatchObject({ violations: 1, requestsStarted: 1 });
    });

    // The auditor's date was wrong: the record's correction moves it from March to April.
    const recordId = String(second.vars['violationId']);
    const record = await head.get<{ revision: number }>(`/api/register-records/${recordId}`);
    const patched = await head.send('PATCH', `/api/register-records/${recordId}`, {
      revision: record.body.revision,
      data: { date: '2027-04-01' },
    });
    expect(patched.status).toBe(200);
    await eventually(async () => {
      const r = await report('2027-03', '2027-04');
      expect(rowOf(r, REGION_9.id, '2027-03')?.violations).toBe(1);
      expect(rowOf(r, REGION_9.id, '2027-04')?.violations).toBe(2);
    });
  });

  it('counts nothing twice when every event it counts comes again (a lost ack)', async () => {
    const before = await report('2027-02', '2027-04');
    const contracts = [ProcessEvents.instanceStarted, RegistersEvents.recordChanged];
    const events = await streamEvents(nats, contracts);
    expect(events.length).toBeGreaterThanOrEqual(8);
    await deliverAgain(nats, events, contracts, 'tasks');
    expect(await report('2027-02', '2027-04')).toEqual(before);
  });

  it('shows HQ the same figures on the Reports page, with the violations over time and the CSV', async () => {
    const browser = await BrowserSession.signedIn(
      DESKTOP,
      system.gatewayUrl,
      restaurantChain.staff.head.email,
      DEMO_PASSWORD,
    );
    try {
      const { page } = browser;
      await browser.press(page.getByRole('link', { name: 'Отчёты' }));
      await browser.press(page.getByRole('link', { name: 'По регионам' }));
      await page.waitForURL(/\/reports\/regions/);
      await page.goto(`${system.gatewayUrl}/reports/regions?from=2027-02&to=2027-04`);
      const february = page.locator(`tr[data-row-key="2027-02|${REGION_4.id}"]`);
      const text = (await february.innerText()).replace(/\s+/g, ' ');
      expect(text).toContain(REGION_4.name);
      expect(text).toMatch(/2 000 000,00 ₽.*1 250 000,50 ₽.*63 %/);
      const april = (await page.locator(`tr[data-row-key="2027-04|${REGION_9.id}"]`).innerText()).replace(
        /\s+/g,
        ' ',
      );
      expect(april).toContain(REGION_9.name);
      await page.getByTestId('report-chart').locator('canvas').waitFor();
      await browser.press(page.getByText('Нарушения по месяцам', { exact: true }));
      await page.waitForURL(/chart=violations/);
      await page.getByTestId('report-chart').locator('canvas').waitFor();
      const download = page.waitForEvent('download');
      await browser.press(page.getByRole('button', { name: 'Скачать CSV' }));
      expect((await download).suggestedFilename()).toBe('regions-2027-02-2027-04.csv');
      await expectAccessibleAndNarrow(browser);
      expect(browser.problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('refuses bad periods with a clear message, and anyone without report.view', async () => {
    const badMonth = await head.get<{ code: string; message: string }>(
      '/api/reports/regions?from=2027-13&to=2027-03',
    );
    expect(badMonth.status).toBe(400);
    expect(badMonth.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(badMonth.body.message).toContain('YYYY-MM');
    const backwards = await head
      .withHeaders({ 'accept-language': 'ru' })
      .get<{ message: string }>('/api/reports/regions?from=2027-03&to=2027-01');
    expect(backwards.status).toBe(400);
    expect(backwards.body.message).toContain('раньше');
    const tooLong = await head.get<{ message: string }>('/api/reports/regions?from=2025-01&to=2027-03');
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.message).toContain('24');
    expect((await head.get('/api/reports/regions?from=2027-01')).status).toBe(400);
    expect((await head.get('/api/reports/regions?from=2027-01&to=2027-02&format=xlsx')).status).toBe(400);
    const restaurant = await as(restaurantChain.managers[8]!.email);
    expect((await restaurant.get('/api/reports/regions?from=2027-01&to=2027-02')).status).toBe(403);
  });
});
