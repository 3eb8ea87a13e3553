import type mongoose from 'mongoose';
import type {
  ClientCard,
  InstanceView,
  NotificationPage,
  Page,
  RegisterRecordView,
  ScheduleList,
  ScheduleView,
  WorkItemView,
} from '@orbita/contracts';
import { DEMO_PASSWORD, DEMO_RADUGA_ID, DEMO_SEVER_ID, demoSchedules, demoUser } from '@orbita/demo';
import { ApiClient, TestSystem, eventually, login } from '@orbita/testing';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Moscow is UTC+3 all year: the demo company's calendar (the Russian production calendar) is in its zone. */
const MOSCOW_MS = 3 * 60 * 60 * 1000;

function moscowDate(at: Date, plusDays = 0): string {
  return new Date(at.getTime() + MOSCOW_MS + plusDays * DAY_MS).toISOString().slice(0, 10);
}

/** The same day a year later (the 29th of February: the 28th). */
function nextYear(date: string): string {
  const year = Number(date.slice(0, 4)) + 1;
  return date.endsWith('-02-29') ? `${year}-02-28` : `${year}${date.slice(4)}`;
}

/** The month `n` months after a YYYY-MM one. */
function monthAfter(period: string, n: number): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month - 1 + n, 1)).toISOString().slice(0, 7);
}

function contract(number: string, endDate: string, status: 'active' | 'ended' = 'active') {
  return { number, title: `Договор ${number}`, startDate: '2026-01-15', endDate, status };
}

const { invoicing, renewals } = demoSchedules;

/**
 * Schedules (ADR 022) through the gateway with the tasks service's clock moved, never a sleep:
 * S1.6 — on the 1st at 09:00 in the company's zone Anna gets a task per active client, the invoice
 * and the act are generated, numbered, filed to the card and the client told; a second firing, a
 * restart or a later move within the month starts nothing twice. S1.8 — 30 days before a
 * contract's end date Ivan gets the renewal; a moved date, pausing, resuming and deleting behave.
 * And the admin endpoints refuse bad input and non-admins, storing nothing.
 */
describe('schedules: processes that start themselves (S1.6, S1.8)', () => {
  let system: TestSystem;
  let tasksDb: mongoose.Connection;
  let admin: ApiClient;
  let anna: ApiClient;
  let ivan: ApiClient;
  let olga: ApiClient;

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true });
    tasksDb = await system.connectDatabase('tasks');
    const as = async (email: string) =>
      new ApiClient(system.gatewayUrl).as(await login(system.gatewayUrl, email, DEMO_PASSWORD));
    [admin, anna, ivan, olga] = await Promise.all([
      as(demoUser.admin.email),
      as(demoUser.anna.email),
      as(demoUser.ivan.email),
      as(demoUser.olga.email),
    ]);
  });

  afterAll(async () => {
    await tasksDb.close();
    await system.stop();
  });

  const instances = () => tasksDb.collection<{ _id: string; requestKey: string }>('process_instances');
  const timers = () =>
    tasksDb.collection<{ _id: string; status: string; dueAt: Date; attempts: number }>('timers');

  async function scheduleOf(id: string): Promise<ScheduleView | undefined> {
    const list = await admin.get<ScheduleList>('/api/schedules');
    expect(list.status).toBe(200);
    return list.body.items.find((s) => s.id === id);
  }

  async function addContract(orgId: string, data: ReturnType<typeof contract>): Promise<RegisterRecordView> {
    const created = await ivan.post<RegisterRecordView>('/api/registers/contracts/records', { orgId, data });
    expect(created.status).toBe(201);
    return created.body;
  }

  /** How many instances the schedule started for a period and target (the key of their start). */
  async function startedFor(scheduleId: string, period: string, target: string): Promise<number> {
    return instances().countDocuments({ requestKey: `schedule:${scheduleId}:${period}:${target}` });
  }

  it('S1.6: on the 1st at 09:00 Moscow time, Anna issues the invoice and the act of each active client, once', async () => {
    await addContract(DEMO_RADUGA_ID, contract('Д-1/2026', '2027-12-31'));
    // Hotel Sever's contract has ended: it is not an active client.
    await addContract(DEMO_SEVER_ID, contract('С-1/2026', '2027-06-30', 'ended'));

    const created = await admin.post<ScheduleView>('/api/schedules', invoicing);
    expect(created.status).toBe(201);
    const schedule = created.body;
    const nextRunAt = new Date(schedule.nextRunAt ?? '');
    // The next 1st, at 09:00 in Moscow: 06:00 UTC.
    expect(schedule).toMatchObject({ status: 'active', timeZone: 'Europe/Moscow', lastRun: null });
    expect(nextRunAt.toISOString()).toMatch(/^\d{4}-\d{2}-01T06:00:00\.000Z$/);
    expect(schedule.nextPeriod).toBe(nextRunAt.toISOString().slice(0, 7));
    expect(await scheduleOf(schedule.id)).toMatchObject({ nextRunAt: schedule.nextRunAt });
    const period = schedule.nextPeriod ?? '';

    // A minute before: nothing; at 09:00: the month's starts.
    await system.moveClock('tasks', { to: new Date(nextRunAt.getTime() - 60_000) });
    expect(await timers().findOne({ _id: `schedule:${schedule.id}:${period}` })).toMatchObject({
      status: 'pending',
    });
    await system.moveClock('tasks', { to: nextRunAt });
    const fired = await eventually(async () => {
      const now = await scheduleOf(schedule.id);
      expect(now?.lastRun).toMatchObject({ period, started: 1, outcome: 'started', failures: [] });
      return now!;
    });
    // Then the next month's occurrence.
    expect(fired.nextPeriod).not.toBe(period);
    expect(new Date(fired.nextRunAt ?? '').toISOString()).toMatch(/-01T06:00:00\.000Z$/);

    // One task for Anna, for Raduga Mall; none for Hotel Sever.
    const task = await eventually(async () => {
      const inbox = await anna.get<Page<WorkItemView>>('/api/inbox?view=claimable&limit=100');
      const issue = inbox.body.items.filter((t) => t.stepId === 'issue');
      expect(issue).toHaveLength(1);
      return issue[0]!;
    });
    const request = await admin.get<InstanceView>(`/api/requests/${task.instanceId}`);
    expect(request.body).toMatchObject({
      templateKey: 'monthly-invoicing',
      clientOrgId: DEMO_RADUGA_ID,
      requesterId: demoUser.anna.id,
    });
    // The previous month is billed.
    const previous = new Date(Date.UTC(nextRunAt.getUTCFullYear(), nextRunAt.getUTCMonth() - 1, 1));
    expect(request.body.form['periodFrom']).toBe(previous.toISOString().slice(0, 10));
    expect(await startedFor(schedule.id, period, DEMO_SEVER_ID)).toBe(0);
    expect(await startedFor(schedule.id, period, DEMO_RADUGA_ID)).toBe(1);

    // Anna fills in the month: the invoice and the act are generated, numbered and filed to the card.
    const done = await anna.post(`/api/work-items/${task.id}/complete`, {
      outcome: 'done',
      data: {
        basis: 'Договор № Д-1/2026 от 15 января 2026 г.',
        payBefore: moscowDate(nextRunAt, 10),
        items: [{ name: 'Вывоз ТКО, контейнер 8 м³', unit: 'рейс', quantity: 22, price: 4850 }],
      },
    });
    expect(done.status).toBe(200);
    const completed = await eventually(async () => {
      const now = await admin.get<InstanceView>(`/api/requests/${task.instanceId}`);
      expect(now.body.status).toBe('completed');
      return now.body;
    });
    const documentIds = [completed.vars['invoiceId'], completed.vars['actId']];
    expect(documentIds).toEqual([expect.any(String), expect.any(String)]);
    const card = await olga.get<ClientCard>(`/api/clients/${DEMO_RADUGA_ID}/card`);
    expect(card.status).toBe(200);
    const filed = (card.body.documents ?? []).filter((d) => documentIds.includes(d.id));
    expect(filed).toHaveLength(2);
    for (const document of filed) {
      expect(document).toMatchObject({ counterpartyOrgId: DEMO_RADUGA_ID, publishedVersion: 1 });
      expect(document.number).toEqual(expect.stringMatching(/\S/));
    }
    // The client is told.
    await eventually(async () => {
      const page = await olga.get<NotificationPage>('/api/notifications?limit=100');
      expect(page.body.items.filter((n) => n.subject.id === task.instanceId).map((n) => n.kind)).toContain(
        'request.message',
      );
    });

    // A second firing of the month (a claimer that died before marking it): nothing starts twice.
    await tasksDb
      .collection('schedules')
      .updateOne({ _id: schedule.id as never }, { $set: { nextPeriod: period } });
    await timers().updateOne(
      { _id: `schedule:${schedule.id}:${period}` },
      { $set: { status: 'pending', dueAt: nextRunAt, leaseOwner: null } },
    );
    await system.moveClock('tasks', { advanceMs: DAY_MS });
    await eventually(async () => {
      expect((await scheduleOf(schedule.id))?.lastRun).toMatchObject({
        period,
        started: 0,
        outcome: 'nothing',
      });
    });
    expect(await startedFor(schedule.id, period, DEMO_RADUGA_ID)).toBe(1);

    // A restart of the tasks service, and the clock moved within the month again: nothing new.
    await system.kill('tasks');
    await system.startService('tasks');
    await system.moveClock('tasks', { to: new Date(nextRunAt.getTime() + 2 * DAY_MS) });
    expect((await scheduleOf(schedule.id))?.nextPeriod).toBe(fired.nextPeriod);
    expect(await timers().findOne({ _id: `schedule:${schedule.id}:${fired.nextPeriod}` })).toMatchObject({
      status: 'pending',
    });
    expect(await startedFor(schedule.id, period, DEMO_RADUGA_ID)).toBe(1);
    const inbox = await anna.get<Page<WorkItemView>>('/api/inbox?view=claimable&limit=100');
    expect(inbox.body.items.filter((t) => t.stepId === 'issue')).toHaveLength(0);

    // Down across two 1sts: back on the 3rd of the month after next, the late occurrence starts
    // its own month once, the month missed after it is not started, and the next is still ahead.
    const [second, third, fourth] = [monthAfter(period, 1), monthAfter(period, 2), monthAfter(period, 3)];
    expect(fired.nextPeriod).toBe(second);
    await system.kill('tasks');
    await system.startService('tasks');
    await system.moveClock('tasks', { to: new Date(`${third}-03T06:00:00.000Z`) });
    await eventually(async () => {
      expect(await scheduleOf(schedule.id)).toMatchObject({
        lastRun: { period: second, started: 1, outcome: 'started' },
        nextPeriod: fourth,
        nextRunAt: `${fourth}-01T06:00:00.000Z`,
      });
    });
    expect(await startedFor(schedule.id, second, DEMO_RADUGA_ID)).toBe(1);
    expect(await startedFor(schedule.id, third, DEMO_RADUGA_ID)).toBe(0);
    expect(await startedFor(schedule.id, second, DEMO_SEVER_ID)).toBe(0);
  });

  it('S1.8: 30 days before a contract ends Ivan gets its renewal; a moved date, pause, resume and delete behave', async () => {
    const now = await system.moveClock('tasks', { advanceMs: 0 });
    // One before the schedule exists (the creation scan finds it), one after (its event).
    const early = await addContract(DEMO_RADUGA_ID, contract('П-1', moscowDate(now, 45)));
    const created = await admin.post<ScheduleView>('/api/schedules', renewals);
    expect(created.status).toBe(201);
    const schedule = created.body;
    expect(schedule).toMatchObject({ status: 'active', nextRunAt: null });
    const late = await addContract(DEMO_RADUGA_ID, contract('П-2', moscowDate(now, 45)));
    // One whose end date moves out: its first date's occurrence must not fire.
    const moved = await addContract(DEMO_RADUGA_ID, contract('П-3', moscowDate(now, 45)));
    const dueOf = (record: RegisterRecordView, endDate: string) =>
      eventually(async () => {
        const timer = await timers().findOne({ _id: `schedule:${schedule.id}:${record.id}:${endDate}` });
        expect(timer).toMatchObject({ status: 'pending' });
        return timer!.dueAt;
      });
    await dueOf(moved, moscowDate(now, 45));
    expect(
      (
        await ivan.send('PATCH', `/api/register-records/${moved.id}`, {
          revision: moved.revision,
          data: { endDate: moscowDate(now, 120) },
        })
      ).status,
    ).toBe(200);

    // Nothing yet: the occurrences wait, at 09:00 Moscow time 30 days before each end date.
    const at = `${moscowDate(now, 15)}T06:00:00.000Z`;
    expect((await dueOf(early, moscowDate(now, 45))).toISOString()).toBe(at);
    expect((await dueOf(late, moscowDate(now, 45))).toISOString()).toBe(at);
    await dueOf(moved, moscowDate(now, 120));
    expect(await startedFor(schedule.id, moscowDate(now, 45), early.id)).toBe(0);

    // 16 days on: Ivan (the client's personal manager) has the renewals, a year on from the end date.
    const day16 = await system.moveClock('tasks', { advanceMs: 16 * DAY_MS });
    const renewalsOf = async (recordId: string): Promise<InstanceView[]> => {
      const inbox = await ivan.get<Page<WorkItemView>>('/api/inbox?limit=100');
      const views = await Promise.all(
        inbox.body.items
          .filter((t) => t.stepId === 'terms')
          .map(async (t) => (await ivan.get<InstanceView>(`/api/requests/${t.instanceId}`)).body),
      );
      return views.filter((v) => v.form['contractRecordId'] === recordId);
    };
    await eventually(async () => {
      expect(await renewalsOf(early.id)).toHaveLength(1);
      expect(await renewalsOf(late.id)).toHaveLength(1);
    });
    expect(await startedFor(schedule.id, moscowDate(now, 45), early.id)).toBe(1);
    expect(await startedFor(schedule.id, moscowDate(now, 45), late.id)).toBe(1);
    const [renewal] = await renewalsOf(early.id);
    expect(renewal).toMatchObject({ templateKey: 'contract-renewal', clientOrgId: DEMO_RADUGA_ID });
    expect(renewal?.form).toMatchObject({ contractNumber: 'П-1', newEndDate: nextYear(moscowDate(now, 45)) });
    // The moved contract's old date fired and started nothing; its new date waits.
    await eventually(async () => {
      expect(
        await timers().findOne({ _id: `schedule:${schedule.id}:${moved.id}:${moscowDate(now, 45)}` }),
      ).toMatchObject({ status: 'fired' });
    });
    expect(await startedFor(schedule.id, moscowDate(now, 45), moved.id)).toBe(0);
    expect(await scheduleOf(schedule.id)).toMatchObject({ lastRun: { started: 1, outcome: 'started' } });

    // Paused, it fires nothing: an occurrence due meanwhile is not started, now or on resuming.
    const whilePaused = await addContract(DEMO_RADUGA_ID, contract('П-4', moscowDate(day16, 33)));
    await dueOf(whilePaused, moscowDate(day16, 33));
    const paused = await admin.post<ScheduleView>(`/api/schedules/${schedule.id}/pause`);
    expect(paused.status).toBe(200);
    expect(paused.body.status).toBe('paused');
    // Made while paused: no occurrence yet; resuming sets it, as it is still ahead.
    const afterResume = await addContract(DEMO_RADUGA_ID, contract('П-5', moscowDate(day16, 36)));
    const day20 = await system.moveClock('tasks', { advanceMs: 4 * DAY_MS });
    await eventually(async () => {
      expect(
        await timers().findOne({ _id: `schedule:${schedule.id}:${whilePaused.id}:${moscowDate(day16, 33)}` }),
      ).toMatchObject({ status: 'fired' });
    });
    expect(await startedFor(schedule.id, moscowDate(day16, 33), whilePaused.id)).toBe(0);
    expect(
      await timers().findOne({ _id: new RegExp(`^schedule:${schedule.id}:${afterResume.id}:`) }),
    ).toBeNull();

    const resumed = await admin.post<ScheduleView>(`/api/schedules/${schedule.id}/resume`);
    expect(resumed.body.status).toBe('active');
    expect((await dueOf(afterResume, moscowDate(day16, 36))).getTime()).toBeGreaterThan(day20.getTime());
    // Past 09:00 on the day of its occurrence, whatever the time of day the test runs at.
    const day23 = await system.moveClock('tasks', { advanceMs: 3 * DAY_MS });
    await eventually(async () => {
      expect(await renewalsOf(afterResume.id)).toHaveLength(1);
    });
    expect(await startedFor(schedule.id, moscowDate(day16, 36), afterResume.id)).toBe(1);
    expect(await startedFor(schedule.id, moscowDate(day16, 33), whilePaused.id)).toBe(0);

    // Deleted: gone from the list, and an occurrence set before fires nothing.
    const doomed = await addContract(DEMO_RADUGA_ID, contract('П-6', moscowDate(day23, 31)));
    await dueOf(doomed, moscowDate(day23, 31));
    expect((await admin.send('DELETE', `/api/schedules/${schedule.id}`)).status).toBe(200);
    expect(await scheduleOf(schedule.id)).toBeUndefined();
    expect((await admin.post(`/api/schedules/${schedule.id}/resume`)).status).toBe(404);
    await system.moveClock('tasks', { advanceMs: 2 * DAY_MS });
    await eventually(async () => {
      expect(
        await timers().findOne({ _id: `schedule:${schedule.id}:${doomed.id}:${moscowDate(day23, 31)}` }),
      ).toMatchObject({ status: 'fired' });
    });
    expect(await startedFor(schedule.id, moscowDate(day23, 31), doomed.id)).toBe(0);
  });

  it('refuses bad schedules with precise reasons, in English and Russian, and non-admins; storing nothing', async () => {
    const before = (await admin.get<ScheduleList>('/api/schedules')).body.items.length;
    type ErrorAnswer = { code: string; message: string };
    const refused = async (body: unknown, client = admin) => {
      const answer = await client.post<ErrorAnswer>('/api/schedules', body);
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('VALIDATION_FAILED');
      return answer.body.message;
    };
    expect(await refused({ ...invoicing, templateKey: 'no-such-process' })).toContain(
      'templateKey: no process template "no-such-process" is published',
    );
    expect(await refused({ ...invoicing, rule: { kind: 'monthly', day: 32, time: '09:00' } })).toMatch(
      /rule\.day.*1 to 31/,
    );
    expect(await refused({ ...invoicing, rule: { kind: 'weekly', weekday: 0, time: '09:00' } })).toMatch(
      /rule\.weekday.*1 \(Monday\) to 7/,
    );
    expect(await refused({ ...invoicing, rule: { kind: 'daily', time: '25:00' } })).toMatch(
      /rule\.time.*HH:MM/,
    );
    expect(await refused({ ...renewals, rule: { ...renewals.rule, field: 'startDate' } })).toContain(
      'rule.field: "startDate" is not a date field of the register "contracts" (its date fields: endDate)',
    );
    expect(await refused({ ...renewals, rule: { ...renewals.rule, register: 'no-such' } })).toContain(
      'rule.register: no register "no-such"',
    );
    expect(await refused({ ...invoicing, starterId: demoUser.olga.id })).toContain('starterId');
    expect(await refused({ ...invoicing, form: { ...invoicing.form, colour: 'red' } })).toContain(
      "form: the template's start form has no field colour",
    );
    expect(await refused({ ...renewals, targets: 'activeClient' })).toContain('targets');
    const ru = await admin
      .withHeaders({ 'accept-language': 'ru' })
      .post<ErrorAnswer>('/api/schedules', { ...renewals, rule: { ...renewals.rule, field: 'title' } });
    expect(ru.body.message).toContain('rule.field: «title» — не поле даты реестра «contracts»');

    // Only those who manage processes at the company.
    for (const client of [ivan, olga]) {
      const answer = await client.post<ErrorAnswer>('/api/schedules', invoicing);
      expect(answer.status).toBe(403);
      expect(answer.body.code).toBe('FORBIDDEN');
      expect((await client.get('/api/schedules')).status).toBe(403);
    }
    expect((await admin.get<ScheduleList>('/api/schedules')).body.items).toHaveLength(before);
  });

  it('loads the demo schedules of S1.6 and S1.8 and their contracts once, as npm start asks (DEMO_SCHEDULES)', async () => {
    const demoIds = ['01JDEMSCHED000000000000001', '01JDEMSCHED000000000000002'];
    for (let start = 0; start < 2; start++) {
      await system.kill('tasks');
      await system.startService('tasks', { DEMO_SCHEDULES: 'true' });
      await eventually(async () => {
        const list = await admin.get<ScheduleList>('/api/schedules');
        const demo = list.body.items.filter((s) => demoIds.includes(s.id));
        expect(demo.map((s) => [s.templateKey, s.targets, s.rule.kind, s.status])).toEqual([
          ['monthly-invoicing', 'activeClient', 'monthly', 'active'],
          ['contract-renewal', 'once', 'registerDate', 'active'],
        ]);
        expect(demo[0]?.nextRunAt).toMatch(/-01T06:00:00\.000Z$/);
      });
    }
    const contracts = await ivan.get<Page<RegisterRecordView>>(
      `/api/registers/contracts/records?orgId=${DEMO_RADUGA_ID}&limit=100`,
    );
    expect(contracts.body.items.filter((r) => r.data['number'] === 'Д-12/2026')).toHaveLength(1);
  });
});
