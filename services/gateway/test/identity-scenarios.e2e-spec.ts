import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  CreatedInvitation,
  InvitationPreview,
  InvitationView,
  LicenceUsage,
  OrgView,
  Page,
  RoleView,
  TokenPair,
  UserView,
} from '@orbita/contracts';
import {
  DEMO_COMPANY_ID,
  DEMO_OPERATIONS_ID,
  DEMO_PASSWORD,
  DEMO_RADUGA_ID,
  DEMO_SEVER_ID,
  demoUser,
} from '@orbita/demo';
import { generateVendorKeyPair, signLicence } from '@orbita/platform';
import type { ApiResponse } from '@orbita/testing';
import {
  ApiClient,
  MailpitClient,
  TestSystem,
  decodeJwt,
  eventually,
  firstLink,
  invite,
  invitedUser,
  linkToken,
  login,
  strongPassword,
} from '@orbita/testing';

async function seatsUsed(admin: ApiClient, pool: 'full' | 'portal'): Promise<number> {
  const usage = await admin.get<LicenceUsage>('/api/admin/licence');
  expect(usage.status).toBe(200);
  const found = usage.body.pools.find((p) => p.type === pool);
  if (!found) {
    throw new Error(`The licence report has no ${pool} pool`);
  }
  return found.used;
}

/** S1 of product/SCENARIOS.md, the identity part: invitation, seat, and what a client may see. */
describe('S1 waste-removal contractor: the client portal (identity)', () => {
  let system: TestSystem;
  let api: ApiClient;
  let admin: ApiClient;
  let ivan: ApiClient;
  let olga: ApiClient;
  let mailpit: MailpitClient;

  beforeAll(async () => {
    system = await TestSystem.start({
      seedDemo: true,
      services: ['identity', 'notifications', 'gateway'],
    });
    api = new ApiClient(system.gatewayUrl);
    admin = api.as(await login(system.gatewayUrl, demoUser.admin.email, DEMO_PASSWORD));
    ivan = api.as(await login(system.gatewayUrl, demoUser.ivan.email, DEMO_PASSWORD));
    olga = api.as(await login(system.gatewayUrl, demoUser.olga.email, DEMO_PASSWORD));
    mailpit = new MailpitClient(system.infra.mailApiUrl);
  });

  /** An address only this test uses: Mailpit is shared by every test file of the run. */
  function uniqueEmail(label: string): string {
    return `${system.id}-${label}-${randomUUID().slice(0, 8)}@raduga.example`;
  }

  it('S1.1: Ivan invites a Raduga contact by e-mail; she sets a password, logs in and takes one portal seat', async () => {
    const email = uniqueEmail('contact');
    const portalBefore = await seatsUsed(admin, 'portal');

    const created = await ivan.post<CreatedInvitation>('/api/invitations', {
      email,
      displayName: 'Ольга Новикова',
      orgId: DEMO_RADUGA_ID,
      locale: 'en',
    });
    expect(created.status).toBe(201);
    expect(created.body.invitation).toMatchObject({
      email,
      orgId: DEMO_RADUGA_ID,
      seat: 'portal',
      status: 'pending',
      invitedBy: demoUser.ivan.id,
    });

    // The e-mail arrives with the link.
    const [summary] = await eventually(async () => {
      const messages = await mailpit.messagesTo(email);
      expect(messages).toHaveLength(1);
      return messages;
    });
    const mail = await mailpit.message(summary!.ID);
    expect(mail.Subject).toBe("You're invited to join Raduga Mall on Orbita");
    expect(mail.Text).toContain('Иван Петров');
    const link = firstLink(mail.Text);
    expect(link).toBe(created.body.link);
    const token = linkToken(link!);

    const preview = await api.post<InvitationPreview>('/api/invitations/preview', { token });
    expect(preview).toMatchObject({
      status: 200,
      body: { email, displayName: 'Ольга Новикова', orgName: 'Raduga Mall', expiresAt: expect.any(String) },
    });

    // Weak passwords are refused, and nothing changes: the link still works, nobody can log in.
    const common = await api.post<{ code: string; message: string }>('/api/invitations/accept', {
      token,
      password: 'password123',
    });
    expect(common.status).toBe(400);
    expect(common.body).toEqual({
      code: 'PASSWORD_REJECTED',
      message: 'Choose another password: it is one of the most common passwords',
    });
    const short = await api.post<{ code: string }>('/api/invitations/accept', { token, password: 'Ab3$xyz' });
    expect(short.status).toBe(400);
    expect(short.body.code).toBe('VALIDATION_FAILED');
    expect((await api.post('/api/invitations/preview', { token })).status).toBe(200);
    for (const password of ['password123', 'Ab3$xyz']) {
      expect((await api.post('/api/auth/login', { email, password })).status).toBe(401);
    }

    // She sets her own password and is logged in.
    const password = strongPassword();
    const accepted = await api.post<TokenPair>('/api/invitations/accept', { token, password });
    expect(accepted.status).toBe(200);
    expect(decodeJwt(accepted.body.accessToken).payload).toMatchObject({
      org: DEMO_RADUGA_ID,
      seat: 'portal',
      ext: true,
    });
    const contact = api.as(await login(system.gatewayUrl, email, password));
    const me = await contact.get<UserView>('/api/me');
    expect(me.body).toMatchObject({
      email,
      displayName: 'Ольга Новикова',
      orgId: DEMO_RADUGA_ID,
      seat: 'portal',
      external: true,
      active: true,
    });

    // One more portal seat in the licence report.
    expect(await seatsUsed(admin, 'portal')).toBe(portalBefore + 1);
    // The link was for one use.
    for (const path of ['/api/invitations/accept', '/api/invitations/preview']) {
      expect(await api.post(path, { token, password: strongPassword() })).toMatchObject({
        status: 400,
        body: { code: 'LINK_INVALID' },
      });
    }
    expect(await seatsUsed(admin, 'portal')).toBe(portalBefore + 1);
    const invitations = await ivan.get<Page<InvitationView>>(`/api/invitations?orgId=${DEMO_RADUGA_ID}`);
    expect(invitations.body.items.find((i) => i.email === email)?.status).toBe('accepted');
  });

  it("S1.2: Olga sees Raduga Mall's card and her personal manager, and nothing of Hotel Sever", async () => {
    const org = await olga.get<OrgView>(`/api/orgs/${DEMO_RADUGA_ID}`);
    expect(org).toMatchObject({
      status: 200,
      body: {
        id: DEMO_RADUGA_ID,
        name: 'Raduga Mall',
        kind: 'client',
        external: true,
        managerId: demoUser.ivan.id,
      },
    });
    const people = await olga.get<Page<UserView>>(`/api/users?orgId=${DEMO_RADUGA_ID}`);
    expect(people.status).toBe(200);
    expect(people.body.items.map((u) => u.id)).toContain(demoUser.olga.id);
    expect(people.body.items.every((u) => u.orgId === DEMO_RADUGA_ID)).toBe(true);
    expect((await olga.get<UserView>('/api/me')).body).toMatchObject({
      id: demoUser.olga.id,
      orgId: DEMO_RADUGA_ID,
      seat: 'portal',
    });
    expect(await olga.get<UserView>(`/api/users/${demoUser.ivan.id}`)).toMatchObject({
      status: 200,
      body: { id: demoUser.ivan.id, displayName: demoUser.ivan.displayName, email: demoUser.ivan.email },
    });

    // Hotel Sever (also Ivan's client) has a pending invitation Olga might guess the id of.
    const severInvitation = await invite(ivan, { orgId: DEMO_SEVER_ID, email: uniqueEmail('sever') });
    const invitationId = severInvitation.invitation.id;

    for (const path of [
      `/api/orgs/${DEMO_SEVER_ID}`,
      `/api/users/${demoUser.petr.id}`,
      `/api/users/${demoUser.petr.id}/supervisor`,
    ]) {
      expect({ path, ...(await olga.get(path)) }).toMatchObject({
        path,
        status: 404,
        body: { code: 'NOT_FOUND' },
      });
    }
    expect(await olga.post(`/api/invitations/${invitationId}/revoke`)).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND' },
    });
    // Lists do not give Hotel Sever away either.
    const severPeople = await olga.get<Page<UserView>>(`/api/users?orgId=${DEMO_SEVER_ID}`);
    expect(severPeople.body.items).toEqual([]);
    const everyone = await olga.get<Page<UserView>>('/api/users?limit=100');
    expect(everyone.body.items.map((u) => u.id)).not.toContain(demoUser.petr.id);
    expect(everyone.body.items.every((u) => u.orgId === DEMO_RADUGA_ID)).toBe(true);
    const orgs = await olga.get<Page<OrgView>>('/api/orgs?limit=100');
    expect(orgs.body.items.map((o) => o.id)).toEqual([DEMO_RADUGA_ID]);
    const invitations = await olga.get<Page<InvitationView>>('/api/invitations?limit=100');
    expect(invitations.body.items.map((i) => i.id)).not.toContain(invitationId);
    expect(
      (await olga.get<Page<InvitationView>>(`/api/invitations?orgId=${DEMO_SEVER_ID}`)).body.items,
    ).toEqual([]);
    // And her try changed nothing: the invitation is still pending.
    const severList = await ivan.get<Page<InvitationView>>(`/api/invitations?orgId=${DEMO_SEVER_ID}`);
    expect(severList.body.items.find((i) => i.id === invitationId)?.status).toBe('pending');
  });

  it('lists the roles to those who manage them or may give them, and only the ones they may give', async () => {
    const roleIds = async (client: ApiClient): Promise<string[]> => {
      const answer = await client.get<{ items: RoleView[] }>('/api/roles');
      expect(answer.status).toBe(200);
      return answer.body.items.map((role) => role.id).sort();
    };
    // role.manage: every role, with what it is for.
    const all = await admin.get<{ items: RoleView[] }>('/api/roles');
    expect(all.body.items.map((role) => role.id)).toEqual(
      expect.arrayContaining(['accountant', 'admin', 'client-admin', 'dispatcher', 'manager']),
    );
    // A manager may invite in his unit and his clients: every role he holds all the permissions of.
    expect(await roleIds(ivan)).toEqual(['accountant', 'client-admin', 'dispatcher', 'manager']);
    // A client's admin: only what she may give in her own org, none of the company's staff roles.
    const olgaRoles = await olga.get<{ items: RoleView[] }>('/api/roles');
    expect(olgaRoles).toMatchObject({ status: 200, body: { items: [{ id: 'client-admin' }] } });
    expect(olgaRoles.body.items).toHaveLength(1);
    // Who may neither manage roles nor give any has no use for the list.
    const dina = api.as(await login(system.gatewayUrl, demoUser.dina.email, DEMO_PASSWORD));
    const petr = api.as(await login(system.gatewayUrl, demoUser.petr.email, DEMO_PASSWORD));
    for (const client of [dina, petr]) {
      expect(await client.get('/api/roles')).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    }
    expect(await petr.withHeaders({ 'accept-language': 'ru' }).get('/api/roles')).toMatchObject({
      status: 403,
      body: { message: 'Недостаточно прав для этого действия' },
    });
  });

  it('lets a client admin invite colleagues into her own org and nowhere else', async () => {
    const portalBefore = await seatsUsed(admin, 'portal');
    const fullBefore = await seatsUsed(admin, 'full');
    const refused: [string, Record<string, unknown>, number, string][] = [
      ['Hotel Sever', { orgId: DEMO_SEVER_ID }, 404, 'NOT_FOUND'],
      ['the company', { orgId: DEMO_COMPANY_ID }, 404, 'NOT_FOUND'],
      ['a department of the company', { orgId: DEMO_OPERATIONS_ID }, 404, 'NOT_FOUND'],
      ['Raduga Mall, as an administrator', { orgId: DEMO_RADUGA_ID, roleIds: ['admin'] }, 403, 'FORBIDDEN'],
    ];
    for (const [into, input, status, code] of refused) {
      const email = uniqueEmail('refused');
      const response = await olga.post<{ code: string }>('/api/invitations', {
        email,
        displayName: 'X',
        ...input,
      });
      expect({ into, status: response.status, code: response.body.code }).toEqual({ into, status, code });
      expect(await mailpit.messagesTo(email)).toEqual([]);
    }
    // Refusals take no seat.
    expect(await seatsUsed(admin, 'portal')).toBe(portalBefore);
    expect(await seatsUsed(admin, 'full')).toBe(fullBefore);

    const email = uniqueEmail('colleague');
    const created = await olga.post<CreatedInvitation>('/api/invitations', {
      email,
      displayName: 'Коллега Ольги',
      orgId: DEMO_RADUGA_ID,
      roleIds: ['client-admin'],
    });
    expect(created.status).toBe(201);
    expect(created.body.invitation).toMatchObject({
      orgId: DEMO_RADUGA_ID,
      seat: 'portal',
      roleIds: ['client-admin'],
      invitedBy: demoUser.olga.id,
    });
    expect(await seatsUsed(admin, 'portal')).toBe(portalBefore + 1);
    // She sees it among her org's invitations, and the e-mail goes out in Russian by default.
    const mine = await olga.get<Page<InvitationView>>('/api/invitations');
    expect(mine.body.items.map((i) => i.id)).toContain(created.body.invitation.id);
    await eventually(async () => {
      const [message] = await mailpit.messagesTo(email);
      expect(message?.Subject).toBe('Приглашение в Raduga Mall на платформе Orbita');
    });
  });

  it('answers a client admin who invites an address with an account she may not see exactly as for a new address, and tells the owner instead', async () => {
    // A contact of Hotel Sever (another client of the company): Olga may not know the address has an account.
    const hidden = await invitedUser(admin, {
      orgId: DEMO_SEVER_ID,
      email: uniqueEmail('sever-contact'),
      displayName: 'Sergey of Hotel Sever',
      locale: 'en',
    });
    const newEmail = uniqueEmail('newcomer');
    const portalBefore = await seatsUsed(admin, 'portal');

    const invited = async (email: string): Promise<ApiResponse<CreatedInvitation>> =>
      olga.post<CreatedInvitation>('/api/invitations', {
        email,
        displayName: 'Новый контакт',
        orgId: DEMO_RADUGA_ID,
      });
    const [toNew, toHidden] = [await invited(newEmail), await invited(hidden.email)];
    // The same answer, field for field, but for the address and the ids and times of its own.
    const comparable = (answer: ApiResponse<CreatedInvitation>, email: string): unknown => {
      expect(answer.body.invitation.email).toBe(email);
      const { invitation } = answer.body;
      return {
        status: answer.status,
        keys: Object.keys(answer.body).sort(),
        invitation: { ...invitation, id: typeof invitation.id, email: '…', createdAt: '…', expiresAt: '…' },
        invitationKeys: Object.keys(invitation).sort(),
        validFor: Date.parse(invitation.expiresAt) - Date.parse(invitation.createdAt),
        link: answer.body.link.replace(/token=[A-Za-z0-9_-]{43}$/, 'token=…'),
      };
    };
    expect(toNew.status).toBe(201);
    expect(comparable(toHidden, hidden.email)).toEqual(comparable(toNew, newEmail));
    // Both take a seat, so a nearly full pool cannot tell them apart either.
    expect(await seatsUsed(admin, 'portal')).toBe(portalBefore + 2);

    // Her invitation list shows both as pending; her people list shows neither (they are invited).
    const listed = await olga.get<Page<InvitationView>>(`/api/invitations?orgId=${DEMO_RADUGA_ID}&limit=100`);
    const status = (id: string): string | undefined => listed.body.items.find((i) => i.id === id)?.status;
    expect([status(toNew.body.invitation.id), status(toHidden.body.invitation.id)]).toEqual([
      'pending',
      'pending',
    ]);
    const people = await olga.get<Page<UserView>>(`/api/users?orgId=${DEMO_RADUGA_ID}&limit=100`);
    const emails = people.body.items.map((u) => u.email);
    expect(emails).toContain(demoUser.olga.email);
    expect(emails).not.toContain(newEmail);
    expect(emails).not.toContain(hidden.email);

    // The link previews like any other: what Olga typed, her org, nothing of the account.
    const hiddenToken = linkToken(toHidden.body.link);
    const previews = await Promise.all(
      [toNew, toHidden].map((answer) =>
        api.post<InvitationPreview>('/api/invitations/preview', { token: linkToken(answer.body.link) }),
      ),
    );
    expect(
      previews.map((p) => ({ status: p.status, keys: Object.keys(p.body).sort(), orgName: p.body.orgName })),
    ).toEqual([
      { status: 200, keys: ['displayName', 'email', 'expiresAt', 'orgName'], orgName: 'Raduga Mall' },
      { status: 200, keys: ['displayName', 'email', 'expiresAt', 'orgName'], orgName: 'Raduga Mall' },
    ]);
    expect(previews[1]?.body).toMatchObject({ email: hidden.email, displayName: 'Новый контакт' });

    // Accepting it never touches the account: a weak password is refused as anywhere, a good one
    // answers like a dead link, and the owner keeps her password, org and session.
    expect(
      await api.post('/api/invitations/accept', { token: hiddenToken, password: 'password123' }),
    ).toMatchObject({
      status: 400,
      body: { code: 'PASSWORD_REJECTED' },
    });
    expect(
      await api.post('/api/invitations/accept', { token: hiddenToken, password: strongPassword() }),
    ).toMatchObject({
      status: 400,
      body: { code: 'LINK_INVALID' },
    });
    const owner = api.as(await login(system.gatewayUrl, hidden.email, hidden.password));
    expect((await owner.get<UserView>('/api/me')).body).toMatchObject({ orgId: DEMO_SEVER_ID, active: true });
    expect((await api.as(hidden.tokens.accessToken).get('/api/me')).status).toBe(200);

    // The owner is told, in her language, who invited her where, and gets no link to accept.
    const notice = await eventually(async () => {
      const found = (await mailpit.messagesTo(hidden.email)).filter(
        (m) => m.Subject === `${demoUser.olga.displayName} invited you to join Raduga Mall on Orbita`,
      );
      expect(found).toHaveLength(1);
      return mailpit.message(found[0]!.ID);
    });
    expect(notice.Text).toContain('This address already has an Orbita account');
    expect(notice.Text).toContain(`${demoUser.olga.displayName} has invited you to join Raduga Mall`);
    expect(notice.Text).not.toContain('token=');
    expect(notice.HTML).toContain('<html lang="en">');
    // The newcomer got the usual invitation with the link.
    await eventually(async () => {
      const [message] = await mailpit.messagesTo(newEmail);
      expect(message?.Subject).toBe('Приглашение в Raduga Mall на платформе Orbita');
    });

    // Revoked like any other, which gives its seat back.
    expect(await olga.post(`/api/invitations/${toHidden.body.invitation.id}/revoke`)).toMatchObject({
      status: 200,
      body: { status: 'revoked' },
    });
    expect(await seatsUsed(admin, 'portal')).toBe(portalBefore + 1);
    expect((await api.post('/api/invitations/preview', { token: hiddenToken })).body).toMatchObject({
      code: 'LINK_INVALID',
    });
  });

  it('keeps the clear 409 when the inviter may see the account', async () => {
    // Ivan manages Raduga Mall, so he sees Olga; Olga sees herself; the admin sees everyone.
    for (const [inviter, email, orgId] of [
      [ivan, demoUser.olga.email, DEMO_RADUGA_ID],
      [olga, demoUser.olga.email, DEMO_RADUGA_ID],
      [admin, demoUser.petr.email, DEMO_SEVER_ID],
    ] as const) {
      expect(await inviter.post('/api/invitations', { email, displayName: 'Again', orgId })).toMatchObject({
        status: 409,
        body: { code: 'CONFLICT', message: 'Conflict: this e-mail already has an account' },
      });
    }
  });
});

/** S2.5 of product/SCENARIOS.md: seat pools of a vendor-signed licence. */
describe('S2.5 licences: 100 full and 100 portal seats', () => {
  const licenceId = `test-${randomUUID().slice(0, 8)}`;
  let licenceDir: string;
  let system: TestSystem;
  let admin: ApiClient;

  beforeAll(async () => {
    const vendor = generateVendorKeyPair();
    const now = Date.now();
    const licence = signLicence(
      {
        formatVersion: 1,
        licenceId,
        licensee: 'EcoTrans (test)',
        issuedAt: new Date(now - 86_400_000).toISOString(),
        expiresAt: new Date(now + 365 * 86_400_000).toISOString(),
        pools: { full: 100, portal: 100 },
      },
      vendor.privateKeyPem,
    );
    licenceDir = mkdtempSync(join(tmpdir(), 'orbita-licence-'));
    const licenceFile = join(licenceDir, 'test.lic');
    writeFileSync(licenceFile, licence);
    system = await TestSystem.start({
      seedDemo: true,
      services: ['identity', 'gateway'],
      env: { identity: { LICENCE_PUBLIC_KEY: vendor.publicKeyPem, LICENCE_FILE: licenceFile } },
    });
    admin = new ApiClient(system.gatewayUrl).as(
      await login(system.gatewayUrl, demoUser.admin.email, DEMO_PASSWORD),
    );
  });

  afterAll(() => {
    rmSync(licenceDir, { recursive: true, force: true });
  });

  function inviteClient(
    n: number | string,
  ): Promise<ApiResponse<CreatedInvitation & { code?: string; message?: string }>> {
    return admin.post('/api/invitations', {
      email: `portal-${n}-${randomUUID().slice(0, 6)}@raduga.example`,
      displayName: `Portal user ${n}`,
      orgId: DEMO_RADUGA_ID,
    });
  }

  type Pool = LicenceUsage['pools'][number];

  async function pools(): Promise<Record<Pool['type'], Pool>> {
    const usage = await admin.get<LicenceUsage>('/api/admin/licence');
    expect(usage.body.licenceId).toBe(licenceId);
    const pool = (type: Pool['type']): Pool => {
      const found = usage.body.pools.find((p) => p.type === type);
      if (!found) {
        throw new Error(`The licence report has no ${type} pool`);
      }
      return found;
    };
    return { full: pool('full'), portal: pool('portal') };
  }

  it('refuses the 101st portal user with a clear message, and a freed seat lets the next one in', async () => {
    // The demo cast takes 5 full and 2 portal seats of the test licence.
    expect(await pools()).toEqual({
      full: { type: 'full', size: 100, used: 5, available: 95 },
      portal: { type: 'portal', size: 100, used: 2, available: 98 },
    });

    const invitations: CreatedInvitation[] = [];
    for (let batch = 0; batch < 98; batch += 7) {
      const answers = await Promise.all(
        Array.from({ length: Math.min(7, 98 - batch) }, (_, i) => inviteClient(batch + i + 1)),
      );
      for (const answer of answers) {
        expect(answer.status).toBe(201);
        invitations.push(answer.body);
      }
    }
    expect((await pools()).portal).toMatchObject({ size: 100, used: 100, available: 0 });
    const usage = await admin.get<LicenceUsage>('/api/admin/licence');
    expect(usage.body.warnings).toContain(
      'All 100 "portal" seats are taken: free one (deactivate a user or revoke an invitation) or extend the licence to add users.',
    );

    // The 101st.
    const refused = await inviteClient(101);
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({
      code: 'SEAT_LIMIT_REACHED',
      message:
        'All 100 "portal" seats of the licence are taken: free one (deactivate a user or revoke an invitation) or extend the licence',
    });
    const refusedRu = await admin.withHeaders({ 'accept-language': 'ru' }).post('/api/invitations', {
      email: `portal-101-ru-${randomUUID().slice(0, 6)}@raduga.example`,
      displayName: 'Portal user 101',
      orgId: DEMO_RADUGA_ID,
    });
    expect(refusedRu).toMatchObject({
      status: 409,
      body: {
        code: 'SEAT_LIMIT_REACHED',
        message:
          'Все места типа «portal» по лицензии (100) заняты: освободите место (деактивируйте пользователя или отзовите приглашение) или расширьте лицензию',
      },
    });
    expect((await pools()).portal.used).toBe(100);
    // A client's admin is refused the same way whether or not the address has an account she may not see.
    const olga = new ApiClient(system.gatewayUrl).as(
      await login(system.gatewayUrl, demoUser.olga.email, DEMO_PASSWORD),
    );
    for (const email of [`portal-new-${randomUUID().slice(0, 6)}@raduga.example`, demoUser.petr.email]) {
      expect(
        await olga.post('/api/invitations', { email, displayName: 'One too many', orgId: DEMO_RADUGA_ID }),
      ).toEqual(expect.objectContaining({ status: 409, body: refused.body }));
    }
    expect((await pools()).portal.used).toBe(100);
    // The pools are separate: staff can still be invited.
    const staff = await admin.post<CreatedInvitation>('/api/invitations', {
      email: `staff-${randomUUID().slice(0, 6)}@ecotrans.example`,
      displayName: 'New dispatcher',
      orgId: DEMO_OPERATIONS_ID,
    });
    expect(staff.status).toBe(201);
    expect((await pools()).full.used).toBe(6);

    // Deactivating a portal user frees a seat, and the invitation now succeeds.
    const deactivated = await admin.post<UserView>(`/api/users/${demoUser.petr.id}/deactivate`);
    expect(deactivated).toMatchObject({ status: 200, body: { active: false, seat: 'portal' } });
    expect((await pools()).portal.used).toBe(99);
    expect((await inviteClient('after-deactivation')).status).toBe(201);
    expect((await pools()).portal.used).toBe(100);
    expect((await inviteClient(102)).status).toBe(409);

    // Revoking a pending invitation frees one too; its link stops working.
    const withdrawn = invitations[0]!;
    const revoked = await admin.post<InvitationView>(`/api/invitations/${withdrawn.invitation.id}/revoke`);
    expect(revoked).toMatchObject({ status: 200, body: { status: 'revoked' } });
    expect((await pools()).portal.used).toBe(99);
    expect(
      await new ApiClient(system.gatewayUrl).post('/api/invitations/preview', {
        token: linkToken(withdrawn.link),
      }),
    ).toMatchObject({ status: 400, body: { code: 'LINK_INVALID' } });
    expect((await inviteClient('after-revocation')).status).toBe(201);
    expect((await pools()).portal).toMatchObject({ used: 100, available: 0 });
  });
});
