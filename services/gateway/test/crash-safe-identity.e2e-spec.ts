import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import type { InvitationView, LicenceUsage, Page, TokenPair, UserView } from '@orbita/contracts';
import { DEMO_PASSWORD, DEMO_RADUGA_ID, demoUser } from '@orbita/demo';
import type { ApiResponse, InvitedUser } from '@orbita/testing';
import {
  ApiClient,
  MailpitClient,
  TestSystem,
  eventually,
  firstLink,
  invite,
  invitedUser,
  linkToken,
  login,
  strongPassword,
} from '@orbita/testing';

const UNAUTHENTICATED = { code: 'UNAUTHENTICATED', message: 'Authentication is required' };
const RESET_SUBJECTS = ['Reset your Orbita password', 'Восстановление пароля в Orbita'];

type Doc = Record<string, unknown> & { _id: string };

/**
 * ARCHITECTURE §2 for identity's use cases that write several documents, without transactions:
 * identity is SIGKILLed (by a failpoint) right after the first write, which records the whole intent
 * with its event, and before the writes that finish it. Restarted without the failpoint, identity
 * finishes the use case from the event, and what the user sees is what they would have seen had
 * nothing happened.
 */
describe('crash-safe identity use cases (kill -9 between their writes)', () => {
  let system: TestSystem;
  let api: ApiClient;
  let admin: ApiClient;
  let mailpit: MailpitClient;
  let identityDb: mongoose.Connection | undefined;

  beforeAll(async () => {
    system = await TestSystem.start({
      seedDemo: true,
      services: ['identity', 'notifications', 'gateway'],
    });
    api = new ApiClient(system.gatewayUrl);
    admin = api.as(await login(system.gatewayUrl, demoUser.admin.email, DEMO_PASSWORD));
    mailpit = new MailpitClient(system.infra.mailApiUrl);
    identityDb = await mongoose
      .createConnection(system.infra.mongoUrl, { dbName: system.database('identity') })
      .asPromise();
  });

  afterAll(async () => {
    await identityDb?.close();
  });

  function collection(name: string): mongoose.mongo.Collection<Doc> {
    if (!identityDb) {
      throw new Error('not connected');
    }
    return identityDb.collection<Doc>(name);
  }

  /** An address only this test uses: Mailpit is shared by every test file of the run. */
  function uniqueEmail(label: string): string {
    return `${system.id}-${label}-${randomUUID().slice(0, 8)}@raduga.example`;
  }

  function freshUser(label: string): Promise<InvitedUser> {
    return invitedUser(admin, { orgId: DEMO_RADUGA_ID, email: uniqueEmail(label) });
  }

  async function logIn(email: string, password: string): Promise<TokenPair> {
    const response = await api.post<TokenPair>('/api/auth/login', { email, password });
    expect(response.status).toBe(200);
    return response.body;
  }

  function sessionOf(pair: TokenPair): string {
    return pair.refreshToken.split('.')[0]!;
  }

  async function expectSessionEnded(pair: TokenPair): Promise<void> {
    await eventually(async () => {
      expect(await api.as(pair.accessToken).get('/api/me')).toMatchObject({
        status: 401,
        body: UNAUTHENTICATED,
      });
    });
    expect(await api.post('/api/auth/refresh', { refreshToken: pair.refreshToken })).toMatchObject({
      status: 401,
      body: UNAUTHENTICATED,
    });
  }

  async function portalSeatsUsed(): Promise<number> {
    const usage = await admin.get<LicenceUsage>('/api/admin/licence');
    expect(usage.status).toBe(200);
    return usage.body.pools.find((pool) => pool.type === 'portal')?.used ?? NaN;
  }

  /**
   * Restarts identity with the failpoint, makes the request that reaches it (identity dies before
   * answering, so the gateway gives up), and starts identity again without it.
   */
  async function killIdentityAt(failpoint: string, request: () => Promise<ApiResponse>): Promise<void> {
    await system.process('identity').stop();
    await system.startService('identity', { FAILPOINT: failpoint });
    const answer = await request();
    expect([503, 504]).toContain(answer.status);
    await system.process('identity').exited;
    expect(system.log('identity')).toContain(failpoint);
  }

  async function restartIdentity(): Promise<void> {
    await system.startService('identity');
  }

  it('finishes accepting an invitation: the invitation is closed and the user active', async () => {
    const email = uniqueEmail('accepting');
    const created = await invite(admin, { orgId: DEMO_RADUGA_ID, email });
    const password = strongPassword();

    await killIdentityAt('identity.invitation-accept.after-activation', () =>
      api.post('/api/invitations/accept', { token: linkToken(created.link), password }),
    );
    // Killed between the writes: the user is active, the invitation is still pending.
    expect(await collection('users').findOne({ email })).toMatchObject({ status: 'active' });
    expect(await collection('invitations').findOne({ _id: created.invitation.id })).toMatchObject({
      status: 'pending',
    });

    await restartIdentity();
    await eventually(async () => {
      const listed = await admin.get<Page<InvitationView>>(
        `/api/invitations?orgId=${DEMO_RADUGA_ID}&limit=100`,
      );
      expect(listed.body.items.find((i) => i.id === created.invitation.id)?.status).toBe('accepted');
    });
    const me = await api.as((await logIn(email, password)).accessToken).get<UserView>('/api/me');
    expect(me.body).toMatchObject({ email, orgId: DEMO_RADUGA_ID, active: true });
    expect(
      await api.post('/api/invitations/accept', { token: linkToken(created.link), password }),
    ).toMatchObject({
      status: 400,
      body: { code: 'LINK_INVALID' },
    });
  });

  it('finishes a password change: the other sessions end, this one goes on, the new password works', async () => {
    const user = await freshUser('changing');
    const other = await logIn(user.email, user.password);
    const newPassword = strongPassword();

    await killIdentityAt('identity.password-change.after-password', () =>
      api
        .as(user.tokens.accessToken)
        .post('/api/auth/password', { currentPassword: user.password, newPassword }),
    );
    // Killed between the writes: the password is set, the other session still live.
    expect(await collection('users').findOne({ _id: user.id })).toMatchObject({ outboxAt: expect.any(Date) });
    expect(await collection('sessions').findOne({ _id: sessionOf(other) })).toMatchObject({
      revokedAt: null,
    });

    await restartIdentity();
    await expectSessionEnded(other);
    expect((await api.as(user.tokens.accessToken).get('/api/me')).status).toBe(200);
    expect(await api.post('/api/auth/login', { email: user.email, password: user.password })).toMatchObject({
      status: 401,
    });
    const fresh = await logIn(user.email, newPassword);
    expect((await api.as(fresh.accessToken).get('/api/me')).status).toBe(200);
  });

  it('finishes a password reset: the password chosen is set, every session ends, the link stays used', async () => {
    const user = await freshUser('resetting');
    const other = await logIn(user.email, user.password);
    expect((await api.post('/api/auth/password-reset/request', { email: user.email })).status).toBe(202);
    const [summary] = await eventually(async () => {
      const resets = (await mailpit.messagesTo(user.email)).filter((m) => RESET_SUBJECTS.includes(m.Subject));
      expect(resets).toHaveLength(1);
      return resets;
    });
    const token = linkToken(firstLink((await mailpit.message(summary!.ID)).Text)!);
    const before = await collection('users').findOne({ _id: user.id });
    const newPassword = strongPassword();

    await killIdentityAt('identity.password-reset.after-redeem', () =>
      api.post('/api/auth/password-reset', { token, newPassword }),
    );
    // Killed between the writes: the link is used with the new password recorded, the user's
    // password not set yet, the sessions still live.
    expect(await collection('password_resets').findOne({ userId: user.id })).toMatchObject({
      usedAt: expect.any(Date),
      newPasswordHash: expect.stringMatching(/^\$argon2id\$/),
    });
    expect((await collection('users').findOne({ _id: user.id }))?.['passwordHash']).toBe(
      before?.['passwordHash'],
    );
    expect(await collection('sessions').findOne({ _id: sessionOf(other) })).toMatchObject({
      revokedAt: null,
    });

    await restartIdentity();
    for (const session of [user.tokens, other]) {
      await expectSessionEnded(session);
    }
    await eventually(async () => {
      expect((await api.post('/api/auth/login', { email: user.email, password: newPassword })).status).toBe(
        200,
      );
    });
    expect(await api.post('/api/auth/login', { email: user.email, password: user.password })).toMatchObject({
      status: 401,
    });
    // The link was for one use, and the chosen password's hash is not kept beside the account.
    expect(
      await api.post('/api/auth/password-reset', { token, newPassword: strongPassword() }),
    ).toMatchObject({
      status: 400,
      body: { code: 'LINK_INVALID' },
    });
    await eventually(async () => {
      expect(await collection('password_resets').findOne({ userId: user.id })).toMatchObject({
        newPasswordHash: null,
      });
    });
  });

  it('finishes a deactivation: every session ends and the seat is free in the licence report', async () => {
    const user = await freshUser('leaving');
    const other = await logIn(user.email, user.password);
    const seatsBefore = await portalSeatsUsed();

    await killIdentityAt('identity.deactivate.after-user', () =>
      admin.post(`/api/users/${user.id}/deactivate`),
    );
    // Killed between the writes: the user is deactivated, the sessions live, the seat still held.
    expect(await collection('users').findOne({ _id: user.id })).toMatchObject({ status: 'deactivated' });
    expect(await collection('sessions').countDocuments({ userId: user.id, revokedAt: null })).toBe(2);
    expect(await collection('seats').countDocuments({ holderId: user.id })).toBe(1);

    await restartIdentity();
    for (const session of [user.tokens, other]) {
      await expectSessionEnded(session);
    }
    await eventually(async () => {
      expect(await portalSeatsUsed()).toBe(seatsBefore - 1);
    });
    expect(await collection('sessions').countDocuments({ userId: user.id, revokedAt: null })).toBe(0);
  });
});
