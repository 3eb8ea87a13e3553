import type { DocumentView, FeedEntryView, InstanceView, Page, WorkItemView } from '@orbita/contracts';
import { DEMO_PASSWORD, DEMO_RADUGA_ID, demoUser } from '@orbita/demo';
import type { ApiClient } from '@orbita/testing';
import { ApiClient as Api, TestSystem, eventually, login } from '@orbita/testing';

const pickUpPoint = {
  address: 'г. Москва, пр-т Вернадского, д. 86, стр. 1, двор 2',
  containerType: 'bunker-8',
  volume: 8,
  schedule: { days: ['mon', 'thu'], time: '07:30' },
  startDate: '2027-01-10',
};

const terms = {
  contractNumber: '12/2026',
  contractDate: '2026-01-15',
  pricePerTrip: 5100,
  ownerRepresentedBy: 'генерального директора Соколова Андрея Викторовича, действующего на основании Устава',
  counterpartyRepresentedBy: 'директора Смирновой Ольги Николаевны, действующей на основании Устава',
};

/** The person's open work item of a request's step, once the engine has set it. */
async function taskOf(
  client: ApiClient,
  instanceId: string,
  stepId: string,
  view = 'all',
): Promise<WorkItemView> {
  let found: WorkItemView | undefined;
  await eventually(async () => {
    const inbox = await client.get<Page<WorkItemView>>(`/api/inbox?view=${view}&limit=100`);
    expect(inbox.status).toBe(200);
    found = inbox.body.items.find((t) => t.instanceId === instanceId && t.stepId === stepId);
    expect(found).toBeDefined();
  });
  return found!;
}

async function requestOf(client: ApiClient, instanceId: string): Promise<InstanceView> {
  const response = await client.get<InstanceView>(`/api/requests/${instanceId}`);
  expect(response.status).toBe(200);
  return response.body;
}

async function atStep(client: ApiClient, instanceId: string, stepId: string): Promise<InstanceView> {
  let instance: InstanceView | undefined;
  await eventually(async () => {
    instance = await requestOf(client, instanceId);
    expect(instance.current.map((r) => r.stepId)).toContain(stepId);
  });
  return instance!;
}

/**
 * The client portal's requests as the process engine runs them (SCENARIOS S1.3–S1.5, S1.7), every
 * actor a demo user through the gateway, on the real infrastructure and the shipped template pack.
 */
describe('client requests (process engine)', () => {
  let system: TestSystem;
  let olga: ApiClient;
  let petr: ApiClient;
  let ivan: ApiClient;
  let dina: ApiClient;
  let boris: ApiClient;
  let anna: ApiClient;

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true });
    const api = new Api(system.gatewayUrl);
    const as = async (email: string) => api.as(await login(system.gatewayUrl, email, DEMO_PASSWORD));
    [olga, petr, ivan, dina, boris, anna] = await Promise.all([
      as(demoUser.olga.email),
      as(demoUser.petr.email),
      as(demoUser.ivan.email),
      as(demoUser.dina.email),
      as(demoUser.boris.email),
      as(demoUser.anna.email),
    ]);
  });

  afterAll(async () => {
    await system.stop();
  });

  it('S1.3: a new pick-up point, through dispatch, terms, a supplement returned once, into the register', async () => {
    // Olga starts it from the portal; a retried request with the same key starts nothing new.
    const keyed = olga.withHeaders({ 'idempotency-key': 'olga-new-point-1' });
    const started = await keyed.post<InstanceView>('/api/requests', {
      templateKey: 'new-service-point',
      form: pickUpPoint,
    });
    expect(started.status).toBe(201);
    const again = await keyed.post<InstanceView>('/api/requests', {
      templateKey: 'new-service-point',
      form: pickUpPoint,
    });
    expect(again.body.id).toBe(started.body.id);
    const id = started.body.id;
    expect(started.body).toMatchObject({
      status: 'running',
      clientOrgId: DEMO_RADUGA_ID,
      title: `Новая точка вывоза: ${pickUpPoint.address}`,
      heldBy: { party: 'company' },
    });
    expect(started.body.current).toEqual([
      expect.objectContaining({ stepId: 'check-route', party: 'company' }),
    ]);

    // A group task for the dispatchers: Dina claims it, and it leaves Boris's list.
    const routeForBoris = await taskOf(boris, id, 'check-route', 'claimable');
    const route = await taskOf(dina, id, 'check-route', 'claimable');
    expect(route.id).toBe(routeForBoris.id);
    expect(route.assigneeId).toBeNull();
    expect((await dina.post(`/api/work-items/${route.id}/claim`, { revision: route.revision })).status).toBe(
      200,
    );
    const borisNow = await boris.get<Page<WorkItemView>>('/api/inbox?view=claimable');
    expect(borisNow.body.items.map((t) => t.id)).not.toContain(route.id);
    const claimed = await dina.get<WorkItemView>(`/api/work-items/${route.id}`);
    expect(claimed.body.assigneeId).toBe(demoUser.dina.id);
    expect((await dina.post(`/api/work-items/${route.id}/complete`, { outcome: 'feasible' })).status).toBe(
      200,
    );

    // Ivan, the personal manager, sets the terms (the form is checked against the step's schema).
    const termsTask = await taskOf(ivan, id, 'approve-terms');
    // The work item carries the form its step asks for.
    const withForm = await ivan.get<WorkItemView>(`/api/work-items/${termsTask.id}`);
    expect(withForm.body.form?.schema).toMatchObject({ required: expect.arrayContaining(['pricePerTrip']) });
    const badTerms = await ivan.post<{ code: string; message: string }>(
      `/api/work-items/${termsTask.id}/complete`,
      {
        outcome: 'approve',
        data: { ...terms, pricePerTrip: 'cheap' },
      },
    );
    expect(badTerms.status).toBe(400);
    expect(badTerms.body.message).toContain('pricePerTrip');
    expect(
      (await ivan.post(`/api/work-items/${termsTask.id}/complete`, { outcome: 'approve', data: terms }))
        .status,
    ).toBe(200);

    // The supplement is generated and published to Raduga; Olga's approval waits on the client.
    const atClient = await atStep(olga, id, 'client-approval');
    expect(atClient.current[0]).toMatchObject({ party: 'external', holders: [demoUser.olga.id] });
    expect(atClient.heldBy).toMatchObject({ party: 'external' });
    const firstSupplement = atClient.vars['supplementId'] as string;
    expect(firstSupplement).toEqual(expect.any(String));

    // Olga returns it with a comment: a return without one is refused and changes nothing.
    const approval = await taskOf(olga, id, 'client-approval');
    expect(approval.outcomes.map((o) => o.id)).toEqual(['approve', 'return', 'reject']);
    const bare = await olga.post(`/api/work-items/${approval.id}/complete`, { outcome: 'return' });
    expect(bare.status).toBe(400);
    const returned = await olga.post(`/api/work-items/${approval.id}/complete`, {
      outcome: 'return',
      comment: 'Нужен вывоз и по субботам, поправьте соглашение',
      returnTo: 'approve-terms',
      revision: approval.revision,
    });
    expect(returned.status).toBe(200);

    // Back to Ivan; his new terms make a second draft, which Olga approves.
    const secondTerms = await taskOf(ivan, id, 'approve-terms');
    expect(secondTerms.id).not.toBe(termsTask.id);
    await ivan.post(`/api/work-items/${secondTerms.id}/complete`, {
      outcome: 'approve',
      data: { ...terms, pricePerTrip: 5300 },
    });
    const secondApproval = await taskOf(olga, id, 'client-approval');
    expect(secondApproval.id).not.toBe(approval.id);
    const secondRequest = await requestOf(olga, id);
    expect(secondRequest.vars['supplementId']).not.toBe(firstSupplement);
    expect(
      (await olga.post(`/api/work-items/${secondApproval.id}/complete`, { outcome: 'approve' })).status,
    ).toBe(200);

    // The point is active in the register; the request is complete, every step on record.
    let done: InstanceView | undefined;
    await eventually(async () => {
      done = await requestOf(olga, id);
      expect(done.status).toBe('completed');
    });
    expect(done!.vars['servicePointId']).toEqual(expect.any(String));
    expect(done!.heldBy).toBeNull();
    expect(done!.history.map((r) => [r.stepId, r.outcome])).toEqual([
      ['check-route', 'feasible'],
      ['approve-terms', 'approve'],
      ['supplement', 'issued'],
      ['client-approval', 'return'],
      ['approve-terms', 'approve'],
      ['supplement', 'issued'],
      ['client-approval', 'approve'],
      ['activate', 'written'],
      ['tell-client', 'sent'],
    ]);
    for (const run of done!.history) {
      expect(run.finishedAt).not.toBeNull();
    }
    expect(done!.history.find((r) => r.stepId === 'check-route')).toMatchObject({
      actorId: demoUser.dina.id,
      party: 'company',
    });
    expect(done!.history.find((r) => r.outcome === 'return')).toMatchObject({
      actorId: demoUser.olga.id,
      party: 'external',
      comment: 'Нужен вывоз и по субботам, поправьте соглашение',
    });

    // The feed: Olga sees the shared entries only; Ivan sees the internal ones too. The feed is
    // written from the events, after the transitions: the end's entry may come a moment later.
    const internal = await eventually(async () => {
      const page = await ivan.get<Page<FeedEntryView>>(`/api/requests/${id}/feed?limit=100`);
      expect(page.body.items.map((e) => e.event?.type)).toEqual(
        expect.arrayContaining([
          'tasks.instance.started',
          'tasks.step.started',
          'tasks.task.claimed',
          'tasks.instance.ended',
        ]),
      );
      return page;
    });
    const shared = await olga.get<Page<FeedEntryView>>(`/api/requests/${id}/feed?limit=100`);
    expect(shared.body.items.every((e) => e.visibility === 'shared')).toBe(true);
    expect(internal.body.items.length).toBeGreaterThan(shared.body.items.length);
    const ids = internal.body.items.map((e) => e.id);
    expect([...ids].sort()).toEqual(ids);
  });

  it('keeps other clients out: Petr gets NOT_FOUND for Raduga’s request and its tasks', async () => {
    const started = await olga.post<InstanceView>('/api/requests', {
      templateKey: 'complaint',
      form: { subject: 'Не вывезли контейнер', description: 'Во вторник машина не приехала' },
    });
    expect(started.status).toBe(201);
    const id = started.body.id;
    expect((await petr.get(`/api/requests/${id}`)).status).toBe(404);
    expect((await petr.get(`/api/requests/${id}/feed`)).status).toBe(404);
    expect((await petr.post(`/api/requests/${id}/comments`, { text: 'hi' })).status).toBe(404);
    const resolve = await taskOf(ivan, id, 'resolve');
    expect((await petr.get(`/api/work-items/${resolve.id}`)).status).toBe(404);
    expect((await petr.post(`/api/work-items/${resolve.id}/complete`, { outcome: 'resolved' })).status).toBe(
      404,
    );
    // Nor may Olga complete Ivan's task: she sees the request, not his work.
    expect((await olga.post(`/api/work-items/${resolve.id}/complete`, { outcome: 'resolved' })).status).toBe(
      404,
    );
  });

  it('S1.5: a complaint discussed in the feed, resolved, reopened by the client, resolved and confirmed', async () => {
    const started = await olga.post<InstanceView>('/api/requests', {
      templateKey: 'complaint',
      form: {
        subject: 'Пропущенный вывоз',
        description: 'Контейнер у входа 3 не вывезен 1 декабря',
        date: '2026-12-01',
      },
    });
    const id = started.body.id;
    const comment = await olga.post<FeedEntryView>(`/api/requests/${id}/comments`, {
      text: 'Фото приложу позже',
      visibility: 'internal',
    });
    // A portal user's comments are always shared.
    expect(comment.body).toMatchObject({ visibility: 'shared', authorId: demoUser.olga.id });
    const note = await ivan.post<FeedEntryView>(`/api/requests/${id}/comments`, {
      text: 'Водитель заболел, проверю замену',
      visibility: 'internal',
      mentions: [demoUser.dina.id],
    });
    expect(note.status).toBe(201);
    const reply = await ivan.post<FeedEntryView>(`/api/requests/${id}/comments`, {
      text: 'Разбираемся, вывезем сегодня',
    });
    expect(reply.body.visibility).toBe('shared');

    const first = await taskOf(ivan, id, 'resolve');
    await ivan.post(`/api/work-items/${first.id}/complete`, {
      outcome: 'resolved',
      data: { resolution: 'Вывезли 2 декабря' },
    });
    const confirm = await taskOf(olga, id, 'confirm');
    await olga.post(`/api/work-items/${confirm.id}/complete`, {
      outcome: 'reopen',
      comment: 'Вывезли только один контейнер',
    });
    const second = await taskOf(ivan, id, 'resolve');
    await ivan.post(`/api/work-items/${second.id}/complete`, {
      outcome: 'resolved',
      data: { resolution: 'Вывезли оба' },
    });
    const again = await taskOf(olga, id, 'confirm');
    await olga.post(`/api/work-items/${again.id}/complete`, { outcome: 'confirm' });
    await eventually(async () => {
      expect((await requestOf(olga, id)).status).toBe('completed');
    });

    const olgaFeed = await olga.get<Page<FeedEntryView>>(`/api/requests/${id}/feed?limit=100`);
    const texts = olgaFeed.body.items.filter((e) => e.kind === 'comment').map((e) => e.text);
    expect(texts).toEqual(['Фото приложу позже', 'Разбираемся, вывезем сегодня']);
    const ivanFeed = await ivan.get<Page<FeedEntryView>>(`/api/requests/${id}/feed?limit=100`);
    expect(ivanFeed.body.items.filter((e) => e.kind === 'comment').map((e) => e.text)).toEqual([
      'Фото приложу позже',
      'Водитель заболел, проверю замену',
      'Разбираемся, вывезем сегодня',
    ]);
  });

  it('S1.4 (without time): an urgent pick-up is a dispatcher group task, one wins when two complete at once', async () => {
    const started = await olga.post<InstanceView>('/api/requests', {
      templateKey: 'urgent-pickup',
      form: { address: 'г. Москва, пр-т Вернадского, 86, вход 3', volume: 8 },
    });
    const id = started.body.id;
    const task = await taskOf(dina, id, 'dispatch', 'claimable');
    expect(task.dueAt).not.toBeNull();
    const [a, b] = await Promise.all([
      dina.post(`/api/work-items/${task.id}/complete`, { outcome: 'done', revision: task.revision }),
      boris.post(`/api/work-items/${task.id}/complete`, { outcome: 'done', revision: task.revision }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    await eventually(async () => {
      expect((await requestOf(olga, id)).status).toBe('completed');
    });
  });

  it('S1.7: a reconciliation act produced by accounting, disputed, corrected and confirmed', async () => {
    const started = await olga.post<InstanceView>('/api/requests', {
      templateKey: 'reconciliation',
      form: { from: '2026-01-01', to: '2026-11-30' },
    });
    const id = started.body.id;
    const produce = await taskOf(anna, id, 'produce', 'claimable');
    const entries = [{ date: '2026-11-01', document: 'Счёт № 41', debit: 45_900 }];
    await anna.post(`/api/work-items/${produce.id}/complete`, {
      outcome: 'done',
      data: { openingBalance: 0, entries },
    });
    const confirm = await taskOf(olga, id, 'confirm');
    const firstAct = (await requestOf(olga, id)).vars['actId'];
    expect(firstAct).toEqual(expect.any(String));
    await olga.post(`/api/work-items/${confirm.id}/complete`, {
      outcome: 'dispute',
      comment: 'Нет оплаты от 15.11',
    });
    const redo = await taskOf(anna, id, 'produce', 'claimable');
    await anna.post(`/api/work-items/${redo.id}/complete`, {
      outcome: 'done',
      data: {
        openingBalance: 0,
        entries: [...entries, { date: '2026-11-15', document: 'Платёж 118', credit: 45_900 }],
      },
    });
    const again = await taskOf(olga, id, 'confirm');
    await olga.post(`/api/work-items/${again.id}/complete`, { outcome: 'confirm' });
    await eventually(async () => {
      const done = await requestOf(olga, id);
      expect(done.status).toBe('completed');
      expect(done.vars['actId']).not.toBe(firstAct);
    });
  });

  it('S1.8: a contract renewal: terms, a supplement the client approves, the new end date in the register', async () => {
    const contract = await ivan.post<{ id: string; revision: number }>('/api/registers/contracts/records', {
      orgId: DEMO_RADUGA_ID,
      data: {
        number: 'Д-9/2026',
        title: 'Договор Д-9/2026',
        startDate: '2026-01-01',
        endDate: '2026-12-31',
        status: 'active',
      },
    });
    expect(contract.status).toBe(201);
    const started = await ivan.post<InstanceView>('/api/requests', {
      templateKey: 'contract-renewal',
      form: {
        clientOrgId: DEMO_RADUGA_ID,
        contractRecordId: contract.body.id,
        contractNumber: 'Д-9/2026',
        contractDate: '2026-01-01',
        newEndDate: '2027-12-31',
      },
    });
    expect(started.status).toBe(201);
    const id = started.body.id;
    // A portal user cannot start it (staff only): the catalogue tells them nothing of it.
    expect((await olga.post('/api/requests', { templateKey: 'contract-renewal', form: {} })).status).toBe(
      404,
    );
    const termsTask = await taskOf(ivan, id, 'terms');
    await ivan.post(`/api/work-items/${termsTask.id}/complete`, {
      outcome: 'done',
      data: {
        ownerRepresentedBy: terms.ownerRepresentedBy,
        counterpartyRepresentedBy: terms.counterpartyRepresentedBy,
      },
    });
    // Raduga's contacts approve (any one of them): Olga does.
    const approval = await taskOf(olga, id, 'client-approval');
    expect(approval.document).toBeNull();
    const request = await requestOf(olga, id);
    const supplement = await olga.get<{ publishedVersion: number | null }>(
      `/api/documents/${String(request.vars['supplementId'])}`,
    );
    expect(supplement.body.publishedVersion).toBe(1);
    await olga.post(`/api/work-items/${approval.id}/complete`, { outcome: 'approve' });
    await eventually(async () => {
      expect((await requestOf(olga, id)).status).toBe('completed');
    });
    const renewed = await olga.get<{ data: { endDate: string }; revision: number }>(
      `/api/register-records/${contract.body.id}`,
    );
    expect(renewed.body).toMatchObject({ data: { endDate: '2027-12-31' }, revision: 2 });
  });

  it('S1.3: the site photo chosen in the start form is the request’s once it starts, and only the uploader’s own', async () => {
    const upload = (client: ApiClient, name: string) =>
      client.send<DocumentView>(
        'POST',
        `/api/requests/files?name=${encodeURIComponent(name)}`,
        new TextEncoder().encode(`%PDF-1.4\n% ${name}\n%%EOF\n`),
        { 'content-type': 'application/octet-stream' },
      );
    const photo = await upload(olga, 'площадка.pdf');
    expect(photo.status).toBe(201);
    expect(photo.body).toMatchObject({ processInstanceId: null, status: 'draft' });
    const photoId = photo.body.id;
    // Until a request carries it, the file is its uploader's alone.
    expect((await olga.get(`/api/documents/${photoId}`)).status).toBe(200);
    expect((await dina.get(`/api/documents/${photoId}`)).status).toBe(404);

    // A file that is not one the starter filed for a form is refused at its field; nothing starts.
    const petrs = await upload(petr, 'чужое.pdf');
    expect(petrs.status).toBe(201);
    const before = await olga.get<Page<unknown>>('/api/requests?scope=mine&limit=100');
    for (const bad of [petrs.body.id, 'not an id!', '01JDEM000000000000000NOPE1']) {
      const refused = await olga
        .withHeaders({ 'accept-language': 'ru' })
        .post<{ code: string; message: string; details: { path: string }[] }>('/api/requests', {
          templateKey: 'new-service-point',
          form: { ...pickUpPoint, photoDocumentId: bad },
        });
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('VALIDATION_FAILED');
      expect(refused.body.message).toContain('photoDocumentId: нет такого файла, загруженного вами');
      expect(refused.body.details.map((d) => d.path)).toEqual(['photoDocumentId']);
    }
    const after = await olga.get<Page<unknown>>('/api/requests?scope=mine&limit=100');
    expect(after.body.items.length).toBe(before.body.items.length);
    expect(
      (await petr.get<DocumentView>(`/api/documents/${petrs.body.id}`)).body.processInstanceId,
    ).toBeNull();

    // Olga's own file: the request starts with it, and those who see the request see the photo.
    const started = await olga.post<InstanceView>('/api/requests', {
      templateKey: 'new-service-point',
      form: { ...pickUpPoint, photoDocumentId: photoId },
    });
    expect(started.status).toBe(201);
    expect(started.body.form['photoDocumentId']).toBe(photoId);
    const linked = await olga.get<DocumentView>(`/api/documents/${photoId}`);
    expect(linked.body.processInstanceId).toBe(started.body.id);
    await taskOf(dina, started.body.id, 'check-route');
    const seen = await dina.get<DocumentView>(`/api/documents/${photoId}`);
    expect(seen.status).toBe(200);
    expect(seen.body.versions[0]?.fileName).toBe('площадка.pdf');
    const content = await dina.bytes(`/api/documents/${photoId}/versions/1/content`);
    expect(content.status).toBe(200);
    expect(content.body.toString('utf8')).toContain('площадка.pdf');
    expect((await petr.get(`/api/documents/${photoId}`)).status).toBe(404);

    // The same file does not go with a second request: it is the first one's.
    const second = await olga.post<{ details: { path: string }[] }>('/api/requests', {
      templateKey: 'new-service-point',
      form: { ...pickUpPoint, photoDocumentId: photoId },
    });
    expect(second.status).toBe(400);
    expect(second.body.details.map((d) => d.path)).toEqual(['photoDocumentId']);
  });

  it('answers bad input with a clear message and stores nothing', async () => {
    const before = await olga.get<Page<unknown>>('/api/requests?scope=mine&limit=100');
    const cases: [string, unknown, number, string][] = [
      ['/api/requests', { templateKey: 'no-such-process', form: {} }, 404, ''],
      ['/api/requests', { templateKey: 'complaint', form: { subject: 'x' } }, 400, 'description'],
      [
        '/api/requests',
        { templateKey: 'complaint', form: { subject: 'Тема', description: 'Текст', extra: 1 } },
        400,
        'extra',
      ],
      ['/api/requests', { form: {} }, 400, 'templateKey'],
      ['/api/requests', 'not json', 400, ''],
    ];
    for (const [path, body, status, mentions] of cases) {
      const response = await olga.post<{ message: string }>(path, body);
      expect(response.status).toBe(status);
      expect(response.body.message).toContain(mentions);
    }
    // A portal user may not start what only staff start (the catalogue tells them nothing of it).
    expect(
      (await petr.post('/api/requests', { templateKey: 'new-service-point-missing', form: {} })).status,
    ).toBe(404);
    const after = await olga.get<Page<unknown>>('/api/requests?scope=mine&limit=100');
    expect(after.body.items.length).toBe(before.body.items.length);
    expect((await olga.get('/api/requests/not%20an%20id')).status).toBe(400);
    expect(
      (await olga.post('/api/work-items/01JDEM000000000000000NOPE1/complete', { outcome: 'x' })).status,
    ).toBe(404);
    expect((await olga.get('/api/inbox?view=everything')).status).toBe(400);
    expect((await olga.get('/api/inbox?cursor=garbage')).status).toBe(400);
  });
});
