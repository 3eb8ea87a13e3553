import type { NatsConnection } from 'nats';
import type {
  InstanceView,
  OperationsReport,
  Page,
  RequestDelays,
  SlaReport,
  SlaReportRow,
  WorkItemView,
} from '@orbita/contracts';
import { ProcessEvents } from '@orbita/contracts';
import { DEMO_PASSWORD, DEMO_RADUGA_ID, demoUser } from '@orbita/demo';
import { parseCsv } from '@orbita/platform';
import type { ApiClient } from '@orbita/testing';
import { ApiClient as Api, TestSystem, deliverAgain, eventually, login, streamEvents } from '@orbita/testing';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Monday 1 March 2027, 09:00 in Moscow: the start of a working day of the company's calendar. */
const MONDAY_9AM = new Date('2027-03-01T06:00:00Z');
const MONTH = '2027-03';
/** Real time passes between the clock's moves (each action takes a moment): at most this much per step. */
const SLACK = 3 * MINUTE;

const pickUpPoint = {
  address: 'г. Москва, пр-т Вернадского, д. 86, стр. 1, двор 4',
  containerType: 'bunker-8',
  volume: 8,
  schedule: { days: ['mon', 'thu'], time: '07:30' },
  startDate: '2027-04-01',
};
const terms = {
  contractNumber: '12/2026',
  contractDate: '2026-01-15',
  pricePerTrip: 5100,
  ownerRepresentedBy: 'генерального директора Соколова Андрея Викторовича, действующего на основании Устава',
  counterpartyRepresentedBy: 'директора Смирновой Ольги Николаевны, действующей на основании Устава',
};

/** `actual` is `expected` plus the moments the test itself took (never less, at most `slack` more). */
function about(actual: number | undefined, expected: number, slack = SLACK): void {
  expect(actual).toBeGreaterThanOrEqual(expected);
  expect(actual).toBeLessThanOrEqual(expected + slack);
}

/**
 * Delay attribution and reports (ADR 023) through the gateway: S1.3's request played with the
 * tasks clock moved between steps (never a sleep) from a Monday morning, Olga returning the
 * supplement once; whose time each step was, in calendar and working time; the SLA reports by
 * template, client and manager and their CSV; a redelivered event that changes no figure; S1.9's
 * operations per manager.
 */
describe('delay attribution and reports (S1.3, S1.9)', () => {
  let system: TestSystem;
  let nats: NatsConnection;
  let olga: ApiClient;
  let petr: ApiClient;
  let ivan: ApiClient;
  let dina: ApiClient;
  let admin: ApiClient;
  let id: string;

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true });
    nats = await system.connectNats();
    const api = new Api(system.gatewayUrl);
    const as = async (email: string) => api.as(await login(system.gatewayUrl, email, DEMO_PASSWORD));
    [olga, petr, ivan, dina, admin] = await Promise.all([
      as(demoUser.olga.email),
      as(demoUser.petr.email),
      as(demoUser.ivan.email),
      as(demoUser.dina.email),
      as(demoUser.admin.email),
    ]);
  });

  afterAll(async () => {
    await nats.close();
    await system.stop();
  });

  async function taskOf(client: ApiClient, stepId: string, view = 'all'): Promise<WorkItemView> {
    return eventually(async () => {
      const inbox = await client.get<Page<WorkItemView>>(`/api/inbox?view=${view}&limit=100`);
      const found = inbox.body.items.find((t) => t.instanceId === id && t.stepId === stepId);
      expect(found).toBeDefined();
      return found!;
    });
  }

  async function atStep(stepId: string): Promise<InstanceView> {
    return eventually(async () => {
      const request = await olga.get<InstanceView>(`/api/requests/${id}`);
      expect(request.body.current.map((r) => r.stepId)).toEqual([stepId]);
      return request.body;
    });
  }

  async function complete(client: ApiClient, taskId: string, body: Record<string, unknown>): Promise<void> {
    expect((await client.post(`/api/work-items/${taskId}/complete`, body)).status).toBe(200);
  }

  async function delays(client: ApiClient): Promise<RequestDelays> {
    const response = await client.get<RequestDelays>(`/api/requests/${id}/delays`);
    expect(response.status).toBe(200);
    return response.body;
  }

  async function sla(groupBy: string): Promise<SlaReport> {
    const response = await ivan.get<SlaReport>(
      `/api/reports/sla?groupBy=${groupBy}&from=${MONTH}&to=${MONTH}`,
    );
    expect(response.status).toBe(200);
    return response.body;
  }

  const rowOf = (report: SlaReport, key: string): SlaReportRow | undefined =>
    report.rows.find((r) => r.key === key && r.month === MONTH);

  it('S1.3 with the clock moved: each step is the company’s or Olga’s time, and the steps add up to the total', async () => {
    await system.moveClock('tasks', { to: MONDAY_9AM });
    const started = await olga.post<InstanceView>('/api/requests', {
      templateKey: 'new-service-point',
      form: pickUpPoint,
    });
    expect(started.status).toBe(201);
    id = started.body.id;

    // Monday 09:00 → 11:00: Dina checks the route (two hours, both working ones).
    const route = await taskOf(dina, 'check-route', 'claimable');
    expect((await dina.post(`/api/work-items/${route.id}/claim`, { revision: route.revision })).status).toBe(
      200,
    );
    await system.moveClock('tasks', { advanceMs: 2 * HOUR });
    await complete(dina, route.id, { outcome: 'feasible' });

    // 11:00 → 12:00: Ivan sets the terms.
    const firstTerms = await taskOf(ivan, 'approve-terms');
    await system.moveClock('tasks', { advanceMs: HOUR });
    await complete(ivan, firstTerms.id, { outcome: 'approve', data: terms });

    // The supplement is Olga's from Monday 12:00. While she holds it, the open step runs to now,
    // and the request says who holds it and since when.
    const atClient = await atStep('client-approval');
    await system.moveClock('tasks', { advanceMs: 3 * HOUR });
    const meanwhile = await delays(olga);
    const open = meanwhile.steps.find((s) => s.open);
    expect(open).toMatchObject({ stepId: 'client-approval', party: 'external', finishedAt: null });
    expect(open?.startedAt).toBe(atClient.heldBy?.since);
    expect(atClient.heldBy).toMatchObject({ party: 'external', holders: [demoUser.olga.id] });
    about(open?.calendarMs, 3 * HOUR);
    about(meanwhile.calendarMs.external, 3 * HOUR);

    // Tuesday 12:00: Olga returns it with a comment (24 hours on the clock, 6 + 3 of them working).
    await system.moveClock('tasks', { advanceMs: 21 * HOUR });
    const approval = await taskOf(olga, 'client-approval');
    await complete(olga, approval.id, {
      outcome: 'return',
      comment: 'Нужен вывоз и по субботам, поправьте соглашение',
      returnTo: 'approve-terms',
      revision: approval.revision,
    });

    // Ivan's new terms take an hour; Olga approves the second draft two hours later.
    const secondTerms = await taskOf(ivan, 'approve-terms');
    expect(secondTerms.id).not.toBe(firstTerms.id);
    await system.moveClock('tasks', { advanceMs: HOUR });
    await complete(ivan, secondTerms.id, { outcome: 'approve', data: { ...terms, pricePerTrip: 5300 } });
    await atStep('client-approval');
    const secondApproval = await taskOf(olga, 'client-approval');
    expect(secondApproval.id).not.toBe(approval.id);
    await system.moveClock('tasks', { advanceMs: 2 * HOUR });
    await complete(olga, secondApproval.id, { outcome: 'approve' });
    await eventually(async () => {
      expect((await olga.get<InstanceView>(`/api/requests/${id}`)).body.status).toBe('completed');
    });

    // The portal user sees her own request's split; another client gets NOT_FOUND.
    const split = await delays(olga);
    expect((await petr.get(`/api/requests/${id}/delays`)).status).toBe(404);
    expect(await delays(ivan)).toEqual(split);
    expect(split.steps.map((s) => [s.stepId, s.party, s.outcome, s.open])).toEqual([
      ['check-route', 'company', 'feasible', false],
      ['approve-terms', 'company', 'approve', false],
      ['client-approval', 'external', 'return', false],
      ['approve-terms', 'company', 'approve', false],
      ['client-approval', 'external', 'approve', false],
    ]);
    const [check, terms1, returned, terms2, approved] = split.steps;
    about(check?.calendarMs, 2 * HOUR);
    about(check?.workingMs, 2 * HOUR);
    about(terms1?.workingMs, HOUR);
    about(returned?.calendarMs, 24 * HOUR);
    about(returned?.workingMs, 9 * HOUR);
    about(terms2?.workingMs, HOUR);
    about(approved?.calendarMs, 2 * HOUR);
    expect(returned?.calendarKey).toBe('ru-production');
    // The steps add up to the totals exactly, party by party.
    for (const clock of ['calendarMs', 'workingMs'] as const) {
      for (const party of ['company', 'external', 'thirdParty'] as const) {
        const sum = split.steps.filter((s) => s.party === party).reduce((total, s) => total + s[clock], 0);
        expect(split[clock][party]).toBe(sum);
      }
      expect(split[clock].total).toBe(split.steps.reduce((total, s) => total + s[clock], 0));
    }
    about(split.calendarMs.company, 4 * HOUR, 4 * SLACK);
    about(split.workingMs.company, 4 * HOUR, 4 * SLACK);
    about(split.calendarMs.external, 26 * HOUR, 2 * SLACK);
    about(split.workingMs.external, 11 * HOUR, 2 * SLACK);
    expect(split.calendarMs.thirdParty).toBe(0);
  });

  it('reports it per template, client and manager, as JSON and as CSV; a redelivered event changes no figure', async () => {
    const split = await delays(ivan);
    const byTemplate = await eventually(async () => {
      const report = await sla('template');
      expect(rowOf(report, 'new-service-point')).toMatchObject({ requestsFinished: 1, stepsFinished: 5 });
      return report;
    });
    const template = rowOf(byTemplate, 'new-service-point');
    // check-route and the two approve-terms runs have an SLA (four working hours) and kept it.
    expect(template).toMatchObject({
      label: 'Новая точка вывоза',
      requestsBreached: 0,
      slaMet: 3,
      slaBreached: 0,
      calendarMs: split.calendarMs,
      workingMs: split.workingMs,
    });
    const byClient = await sla('client');
    expect(rowOf(byClient, DEMO_RADUGA_ID)).toMatchObject({
      label: 'Raduga Mall',
      requestsFinished: 1,
      stepsFinished: 5,
      calendarMs: split.calendarMs,
      workingMs: split.workingMs,
    });
    const byManager = await eventually(async () => {
      const report = await sla('manager');
      expect(rowOf(report, demoUser.ivan.id)?.stepsFinished).toBe(2);
      return report;
    });
    const ivanRow = rowOf(byManager, demoUser.ivan.id);
    const dinaRow = rowOf(byManager, demoUser.dina.id);
    expect(dinaRow).toMatchObject({ stepsFinished: 1, slaMet: 1, label: demoUser.dina.displayName });
    expect(ivanRow).toMatchObject({ slaMet: 2, calendarMs: { external: 0 } });
    about(dinaRow?.workingMs.company, 2 * HOUR);
    about(ivanRow?.workingMs.company, 2 * HOUR, 2 * SLACK);
    // Olga is the client: her steps are the client's time, no manager's.
    expect(rowOf(byManager, demoUser.olga.id)).toBeUndefined();

    // S1.9: operations per manager for the month.
    const operations = await ivan.get<OperationsReport>(`/api/reports/operations?month=${MONTH}`);
    expect(operations.status).toBe(200);
    expect(operations.body.rows.map((r) => [r.userId, r.operations, r.requests])).toEqual([
      [demoUser.ivan.id, 2, 1],
      [demoUser.dina.id, 1, 1],
    ]);

    // The CSV export: a header row, quoted where needed, a file name; it parses back to the figures.
    const csv = await ivan.get<string>(
      `/api/reports/sla?groupBy=client&from=${MONTH}&to=${MONTH}&format=csv`,
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toBe(
      `attachment; filename="sla-client-${MONTH}-${MONTH}.csv"`,
    );
    const table = parseCsv(csv.body);
    expect(table.fields).toEqual(expect.arrayContaining(['month', 'key', 'label', 'companyWorkingMin']));
    const raduga = table.rows.find((r) => r.cells['key'] === DEMO_RADUGA_ID)?.cells;
    const minutes = (ms: number) => String(Math.round(ms / MINUTE));
    expect(raduga).toMatchObject({
      month: MONTH,
      label: 'Raduga Mall',
      requestsFinished: '1',
      stepsFinished: '5',
      companyCalendarMin: minutes(split.calendarMs.company),
      externalCalendarMin: minutes(split.calendarMs.external),
      companyWorkingMin: minutes(split.workingMs.company),
      externalWorkingMin: minutes(split.workingMs.external),
      thirdPartyWorkingMin: '0',
    });
    const asAccepted = await ivan
      .withHeaders({ accept: 'text/csv' })
      .get<string>(`/api/reports/operations?month=${MONTH}`);
    expect(asAccepted.headers.get('content-disposition')).toBe(
      `attachment; filename="operations-${MONTH}.csv"`,
    );
    expect(parseCsv(asAccepted.body).rows.map((r) => [r.cells['name'], r.cells['operations']])).toEqual([
      [demoUser.ivan.displayName, '2'],
      [demoUser.dina.displayName, '1'],
    ]);

    // Every step-finished and instance-ended event of the request comes again (as JetStream
    // redelivers one whose ack was lost): once tasks has handled them all, no figure has moved.
    const before = {
      template: await sla('template'),
      client: await sla('client'),
      manager: await sla('manager'),
    };
    const contracts = [ProcessEvents.stepFinished, ProcessEvents.instanceEnded];
    const events = (await streamEvents(nats, contracts)).filter(
      (e) => (e.data as { instanceId?: string }).instanceId === id,
    );
    expect(events.length).toBeGreaterThanOrEqual(10);
    await deliverAgain(nats, events, contracts, 'tasks');
    expect({
      template: await sla('template'),
      client: await sla('client'),
      manager: await sla('manager'),
    }).toEqual(before);
    expect((await ivan.get<OperationsReport>(`/api/reports/operations?month=${MONTH}`)).body).toEqual(
      operations.body,
    );
  });

  it('counts a step the template marks as a third party’s (the landfill’s permit) as neither ours nor the client’s', async () => {
    const template = {
      key: 'landfill-permit',
      name: { ru: 'Разрешение полигона', en: 'Landfill permit' },
      category: 'operations',
      starters: { staff: true, portal: false },
      startForm: { schema: { type: 'object', additionalProperties: false, properties: {} } },
      steps: [
        {
          id: 'ask',
          type: 'userTask',
          name: { ru: 'Запросить разрешение', en: 'Ask for the permit' },
          assignee: { rule: 'user', userId: demoUser.ivan.id },
          next: 'permit',
        },
        {
          id: 'permit',
          type: 'wait',
          name: { ru: 'Ждём разрешение полигона', en: 'Waiting for the landfill’s permit' },
          thirdParty: { ru: 'Полигон «Северный»', en: 'Severny landfill' },
          duration: 'PT5H',
          next: 'schedule',
        },
        {
          id: 'schedule',
          type: 'userTask',
          name: { ru: 'Поставить вывоз в график', en: 'Schedule the pick-up' },
          assignee: { rule: 'user', userId: demoUser.dina.id },
          next: 'end',
        },
      ],
    };
    expect((await admin.post('/api/process-templates', { text: JSON.stringify(template) })).status).toBe(201);
    expect((await admin.post('/api/process-templates/landfill-permit/versions/1/publish')).status).toBe(200);
    // Wednesday 09:00 in Moscow: Ivan asks at once, the landfill takes five hours, Dina one.
    await system.moveClock('tasks', { to: new Date('2027-03-03T06:00:00Z') });
    const started = await ivan.post<InstanceView>('/api/requests', {
      templateKey: 'landfill-permit',
      form: {},
    });
    expect(started.status).toBe(201);
    id = started.body.id;
    await complete(ivan, (await taskOf(ivan, 'ask')).id, { outcome: 'done' });
    const waiting = await eventually(async () => {
      const request = await ivan.get<InstanceView>(`/api/requests/${id}`);
      expect(request.body.current.map((r) => r.stepId)).toEqual(['permit']);
      return request.body;
    });
    expect(waiting.heldBy).toMatchObject({ party: 'company' });
    await system.moveClock('tasks', { advanceMs: 5 * HOUR });
    const schedule = await taskOf(dina, 'schedule');
    await system.moveClock('tasks', { advanceMs: HOUR });
    await complete(dina, schedule.id, { outcome: 'done' });
    await eventually(async () => {
      expect((await ivan.get<InstanceView>(`/api/requests/${id}`)).body.status).toBe('completed');
    });

    const split = await delays(ivan);
    expect(split.steps.map((s) => [s.stepId, s.party])).toEqual([
      ['ask', 'company'],
      ['permit', 'thirdParty'],
      ['schedule', 'company'],
    ]);
    expect(split.steps[1]?.thirdParty).toEqual({ ru: 'Полигон «Северный»', en: 'Severny landfill' });
    about(split.calendarMs.thirdParty, 5 * HOUR);
    about(split.workingMs.thirdParty, 5 * HOUR);
    about(split.workingMs.company, HOUR, 2 * SLACK);
    expect(split.calendarMs.external).toBe(0);
    const row = await eventually(async () => {
      const found = rowOf(await sla('template'), 'landfill-permit');
      expect(found?.requestsFinished).toBe(1);
      return found!;
    });
    expect(row).toMatchObject({ stepsFinished: 3, calendarMs: split.calendarMs, workingMs: split.workingMs });
  });

  it('is for the company’s managers; bad parameters get a clear error in the caller’s language', async () => {
    expect((await admin.get(`/api/reports/sla?groupBy=template&from=${MONTH}&to=${MONTH}`)).status).toBe(200);
    expect((await dina.get(`/api/reports/sla?groupBy=template&from=${MONTH}&to=${MONTH}`)).status).toBe(403);
    expect((await olga.get(`/api/reports/operations?month=${MONTH}`)).status).toBe(403);
    expect((await petr.get(`/api/reports/sla?groupBy=client&from=${MONTH}&to=${MONTH}`)).status).toBe(403);

    const badMonth = await ivan.get<{ code: string; message: string }>(
      '/api/reports/sla?groupBy=template&from=2027-13&to=2027-03',
    );
    expect(badMonth.status).toBe(400);
    expect(badMonth.body.code).toBe('VALIDATION_FAILED');
    expect(badMonth.body.message).toContain('YYYY-MM');
    const backwards = await ivan
      .withHeaders({ 'accept-language': 'ru' })
      .get<{ message: string }>('/api/reports/sla?groupBy=template&from=2027-03&to=2027-01');
    expect(backwards.status).toBe(400);
    expect(backwards.body.message).toContain('не может быть раньше «from»');
    const tooLong = await ivan.get<{ message: string }>(
      '/api/reports/sla?groupBy=manager&from=2025-01&to=2027-03',
    );
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.message).toContain('24 months');
    const badGroup = await ivan.get('/api/reports/sla?groupBy=region&from=2027-01&to=2027-03');
    expect(badGroup.status).toBe(400);
    const badFormat = await ivan.get(`/api/reports/operations?month=${MONTH}&format=xlsx`);
    expect(badFormat.status).toBe(400);
    expect((await ivan.get('/api/reports/operations')).status).toBe(400);
  });
});
