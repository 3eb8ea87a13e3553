import type { CalendarList, CalendarView } from '@orbita/contracts';
import { DEMO_NORTH_ID, DEMO_PASSWORD, demoUser } from '@orbita/demo';
import { ApiClient, TestSystem, login } from '@orbita/testing';

const fields = {
  name: { ru: 'Новосибирский филиал', en: 'Novosibirsk branch' },
  timeZone: 'Asia/Novosibirsk',
  week: [1, 2, 3, 4, 5].map((day) => ({ day, start: '08:00', end: '17:00' })),
  holidays: ['2026-01-01', '2026-01-02'],
  workingDays: [],
};
const novosibirsk = { key: 'novosibirsk', ...fields };

/**
 * Working calendars as data (issue 11, item 1; ADR 020): the Russian production calendar is the
 * company default, an admin adds a region's calendar, assigns it and edits its holidays; others
 * may read but not change them, and a bad calendar changes nothing.
 */
describe('working calendars', () => {
  let system: TestSystem;
  let admin: ApiClient;
  let ivan: ApiClient;
  let olga: ApiClient;

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true });
    const api = new ApiClient(system.gatewayUrl);
    const as = async (name: 'ivan' | 'olga' | 'admin') =>
      api.as(await login(system.gatewayUrl, demoUser[name].email, DEMO_PASSWORD));
    [admin, ivan, olga] = await Promise.all([as('admin'), as('ivan'), as('olga')]);
  });

  afterAll(async () => {
    await (system as TestSystem | undefined)?.stop();
  });

  it('ships the Russian production calendar with the 2026 holidays as the company default', async () => {
    const list = await ivan.get<CalendarList>('/api/calendars');
    expect(list.status).toBe(200);
    const ru = list.body.items.find((c) => c.isDefault);
    expect(ru).toMatchObject({
      key: 'ru-production',
      name: { ru: 'Производственный календарь РФ' },
      timeZone: 'Europe/Moscow',
      week: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '18:00' })),
    });
    expect(ru?.holidays).toEqual(
      expect.arrayContaining([
        '2026-01-01',
        '2026-01-09',
        '2026-03-09',
        '2026-05-11',
        '2026-11-04',
        '2026-12-31',
      ]),
    );
  });

  it('lets the admin create a region calendar, assign it to a unit and edit a holiday', async () => {
    const created = await admin.post<CalendarView>('/api/calendars', novosibirsk);
    expect(created).toMatchObject({
      status: 201,
      body: { key: 'novosibirsk', isDefault: false, orgIds: [] },
    });

    const assigned = await admin.send<CalendarView>('PUT', '/api/calendars/novosibirsk/assignments', {
      orgIds: [DEMO_NORTH_ID],
    });
    expect(assigned).toMatchObject({ status: 200, body: { orgIds: [DEMO_NORTH_ID] } });
    const edited = await admin.send<CalendarView>('PUT', '/api/calendars/novosibirsk', {
      ...fields,
      holidays: ['2026-01-01', '2026-01-05'],
      workingDays: ['2026-01-03'],
    });
    expect(edited).toMatchObject({
      status: 200,
      body: { holidays: ['2026-01-01', '2026-01-05'], workingDays: ['2026-01-03'], orgIds: [DEMO_NORTH_ID] },
    });
    const read = await ivan.get<CalendarView>('/api/calendars/novosibirsk');
    expect(read.body).toMatchObject({ holidays: ['2026-01-01', '2026-01-05'], timeZone: 'Asia/Novosibirsk' });
  });

  it('refuses changes by anyone without calendar.manage and reading by a client', async () => {
    expect((await ivan.post('/api/calendars', { ...novosibirsk, key: 'ivans' })).status).toBe(403);
    expect((await ivan.send('PUT', '/api/calendars/novosibirsk', { ...fields, holidays: [] })).status).toBe(
      403,
    );
    expect(
      (await ivan.send('PUT', '/api/calendars/ru-production/assignments', { orgIds: [DEMO_NORTH_ID] }))
        .status,
    ).toBe(403);
    expect((await olga.get('/api/calendars')).status).toBe(403);
    expect((await admin.get<CalendarView>('/api/calendars/novosibirsk')).body.holidays).toEqual([
      '2026-01-01',
      '2026-01-05',
    ]);
  });

  it('refuses a bad zone, a day ending before it starts and a date both off and working, changing nothing', async () => {
    const before = await admin.get<CalendarView>('/api/calendars/novosibirsk');
    const badZone = await admin.send<{ code: string; message: string }>('PUT', '/api/calendars/novosibirsk', {
      ...fields,
      timeZone: 'Asia/Atlantis',
    });
    expect(badZone).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(badZone.body.message).toContain('IANA time zone');
    const backwards = await admin.send<{ code: string; message: string }>(
      'PUT',
      '/api/calendars/novosibirsk',
      {
        ...fields,
        week: [{ day: 1, start: '18:00', end: '09:00' }],
      },
    );
    expect(backwards).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(backwards.body.message).toContain('must end after it starts');
    const both = await admin.send<{ code: string; message: string }>('PUT', '/api/calendars/novosibirsk', {
      ...fields,
      holidays: ['2026-03-07'],
      workingDays: ['2026-03-07'],
    });
    expect(both).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(both.body.message).toContain('both as a holiday and as a working day');
    const badNew = await admin.post('/api/calendars', {
      ...novosibirsk,
      key: 'atlantis',
      timeZone: 'Nowhere',
    });
    expect(badNew.status).toBe(400);

    expect((await admin.get<CalendarView>('/api/calendars/novosibirsk')).body).toEqual(before.body);
    expect((await admin.get('/api/calendars/atlantis')).status).toBe(404);
  });
});
