import { randomUUID } from 'node:crypto';
import type { NatsConnection } from 'nats';
import type { Accepted, EventEnvelope, TokenPair, UserView } from '@orbita/contracts';
import { IdentityEvents } from '@orbita/contracts';
import { DEMO_PASSWORD, DEMO_RADUGA_ID, demoUser } from '@orbita/demo';
import type { ApiResponse, InvitedUser } from '@orbita/testing';
import {
  ApiClient,
  MailpitClient,
  TestSystem,
  eventually,
  firstLink,
  invitedUser,
  linkToken,
  login,
  streamEvents,
  strongPassword,
} from '@orbita/testing';

const UNAUTHENTICATED = { code: 'UNAUTHENTICATED', message: 'Authentication is required' };
const INVALID_CREDENTIALS = { code: 'INVALID_CREDENTIALS', message: 'Wrong e-mail or password' };
const RESET_SUBJECTS = ['Reset your Orbita password', 'Восстановление пароля в Orbita'];

/**
 * Sessions end when they should (ARCHITECTURE §4, ASVS V7): refresh tokens are single use and a
 * replayed one ends its session; logout, deactivation, a password change and a password reset end
 * access tokens still in circulation and the refresh tokens of the sessions they end; and every
 * authentication decision is published on the event stream for audit.
 */
describe('identity sessions through the gateway', () => {
  let system: TestSystem;
  let api: ApiClient;
  let admin: ApiClient;
  let mailpit: MailpitClient;
  let nc: NatsConnection | undefined;

  beforeAll(async () => {
    system = await TestSystem.start({
      seedDemo: true,
      services: ['identity', 'notifications', 'gateway'],
      // This test client plays the reverse proxy, so X-Forwarded-For gives an account an address of its own.
      env: { gateway: { TRUST_PROXY: '127.0.0.1' } },
    });
    api = new ApiClient(system.gatewayUrl);
    admin = api.as(await login(system.gatewayUrl, demoUser.admin.email, DEMO_PASSWORD));
    mailpit = new MailpitClient(system.infra.mailApiUrl);
    nc = await system.connectNats();
  });

  afterAll(async () => {
    await nc?.close();
  });

  /** An address only this test uses: Mailpit is shared by every test file of the run. */
  function uniqueEmail(label: string): string {
    return `${system.id}-${label}-${randomUUID().slice(0, 8)}@example.com`;
  }

  /** A portal user of Raduga Mall nobody else touches, logged in once by accepting the invitation. */
  function freshUser(label: string): Promise<InvitedUser> {
    return invitedUser(admin, { orgId: DEMO_RADUGA_ID, email: uniqueEmail(label) });
  }

  async function logIn(user: { email: string }, password: string, client = api): Promise<TokenPair> {
    const response = await client.post<TokenPair>('/api/auth/login', { email: user.email, password });
    expect(response.status).toBe(200);
    return response.body;
  }

  function refresh(refreshToken: string): Promise<ApiResponse<TokenPair>> {
    return api.post<TokenPair>('/api/auth/refresh', { refreshToken });
  }

  function me(accessToken: string): Promise<ApiResponse<UserView>> {
    return api.as(accessToken).get<UserView>('/api/me');
  }

  async function expectUnauthenticated(response: Promise<ApiResponse>): Promise<void> {
    expect(await response).toMatchObject({ status: 401, body: UNAUTHENTICATED });
  }

  /** The link of the one password reset e-mail sent to the address (it got its invitation too). */
  async function resetLinkSentTo(email: string): Promise<string> {
    const [summary] = await eventually(async () => {
      const resets = (await mailpit.messagesTo(email)).filter((m) => RESET_SUBJECTS.includes(m.Subject));
      expect(resets).toHaveLength(1);
      return resets;
    });
    const link = firstLink((await mailpit.message(summary!.ID)).Text);
    expect(link).toMatch(/\/reset-password\?token=/);
    return link!;
  }

  it('rotates the refresh token: each one works once and answers a new pair', async () => {
    const user = await freshUser('rotation');
    const first = await refresh(user.tokens.refreshToken);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    const second = await refresh(first.body.refreshToken);
    expect(second.status).toBe(200);

    const refreshTokens = [user.tokens, first.body, second.body].map((pair) => pair.refreshToken);
    const accessTokens = [user.tokens, first.body, second.body].map((pair) => pair.accessToken);
    expect(new Set(refreshTokens).size).toBe(3);
    expect(new Set(accessTokens).size).toBe(3);
    // The same session all along.
    const sessionIds = refreshTokens.map((token) => token.split('.')[0]);
    expect(new Set(sessionIds).size).toBe(1);
    expect((await me(second.body.accessToken)).body).toMatchObject({ id: user.id, email: user.email });
  });

  it('revokes the whole session when a spent refresh token comes back, and only that session', async () => {
    const user = await freshUser('reuse');
    const other = await logIn(user, user.password);
    const rotated = await refresh(user.tokens.refreshToken);
    const newest = await refresh(rotated.body.refreshToken);
    expect([rotated.status, newest.status]).toEqual([200, 200]);
    expect((await me(newest.body.accessToken)).status).toBe(200);

    // A thief replays the first (spent) token.
    await expectUnauthenticated(refresh(user.tokens.refreshToken));

    // The rightful holder's newest refresh token is dead too, and so is the access token.
    await expectUnauthenticated(refresh(newest.body.refreshToken));
    await eventually(async () => {
      await expectUnauthenticated(me(newest.body.accessToken));
    });
    // The user's other session is a different family and lives on.
    expect((await me(other.accessToken)).status).toBe(200);
    expect((await refresh(other.refreshToken)).status).toBe(200);
  });

  it('ends the access token at once on logout, and its refresh token', async () => {
    const user = await freshUser('logout');
    const other = await logIn(user, user.password);
    const session = user.tokens;

    const loggedOut = await api.as(session.accessToken).post<Accepted>('/api/auth/logout');
    expect(loggedOut).toMatchObject({ status: 200, body: { accepted: true } });

    await expectUnauthenticated(me(session.accessToken));
    await expectUnauthenticated(refresh(session.refreshToken));
    expect((await me(other.accessToken)).status).toBe(200);
  });

  it('ends every session of a deactivated user at once, and refuses their logins', async () => {
    const user = await freshUser('deactivated');
    const second = await logIn(user, user.password);
    const sessions = [user.tokens, second];
    for (const session of sessions) {
      expect((await me(session.accessToken)).status).toBe(200);
    }

    const deactivated = await admin.post<UserView>(`/api/users/${user.id}/deactivate`);
    expect(deactivated).toMatchObject({ status: 200, body: { id: user.id, active: false } });

    for (const session of sessions) {
      await expectUnauthenticated(me(session.accessToken));
      await expectUnauthenticated(refresh(session.refreshToken));
    }
    expect(await api.post('/api/auth/login', { email: user.email, password: user.password })).toMatchObject({
      status: 401,
      body: INVALID_CREDENTIALS,
    });
  });

  it('changes a password only with the current one, ending the other sessions but not this one', async () => {
    const user = await freshUser('change');
    const current = user.tokens;
    const other = await logIn(user, user.password);
    const changer = api.as(current.accessToken);
    const newPassword = strongPassword();

    const wrongCurrent = await changer.post('/api/auth/password', {
      currentPassword: 'not-my-password',
      newPassword,
    });
    expect(wrongCurrent).toMatchObject({ status: 401, body: INVALID_CREDENTIALS });
    const common = await changer.post<{ code: string }>('/api/auth/password', {
      currentPassword: user.password,
      newPassword: 'password123',
    });
    expect(common.status).toBe(400);
    expect(common.body.code).toBe('PASSWORD_REJECTED');
    // Neither attempt changed anything.
    expect((await me(other.accessToken)).status).toBe(200);
    await logIn(user, user.password);

    const changed = await changer.post<Accepted>('/api/auth/password', {
      currentPassword: user.password,
      newPassword,
    });
    expect(changed).toMatchObject({ status: 200, body: { accepted: true } });

    await eventually(async () => {
      await expectUnauthenticated(me(other.accessToken));
    });
    await expectUnauthenticated(refresh(other.refreshToken));
    // This session goes on: its access token and its refresh token still work.
    expect((await me(current.accessToken)).status).toBe(200);
    const refreshed = await refresh(current.refreshToken);
    expect(refreshed.status).toBe(200);
    expect((await me(refreshed.body.accessToken)).status).toBe(200);

    expect(await api.post('/api/auth/login', { email: user.email, password: user.password })).toMatchObject({
      status: 401,
      body: INVALID_CREDENTIALS,
    });
    await logIn(user, newPassword);
  });

  it('resets a forgotten password through a single-use e-mailed link, ending every session', async () => {
    const user = await freshUser('reset');
    const unknown = uniqueEmail('nobody');
    const sessions = [user.tokens, await logIn(user, user.password)];

    const forUnknown = await api.post('/api/auth/password-reset/request', { email: unknown, locale: 'en' });
    const forKnown = await api.post('/api/auth/password-reset/request', { email: user.email, locale: 'en' });
    expect(forKnown).toMatchObject({ status: 202, body: { accepted: true } });
    expect(forUnknown.status).toBe(forKnown.status);
    expect(forUnknown.body).toEqual(forKnown.body);

    const link = await resetLinkSentTo(user.email);
    // The unknown address was asked for first and gets nothing.
    expect(await mailpit.messagesTo(unknown)).toHaveLength(0);

    const token = linkToken(link);
    // A password the policy refuses does not use the link up.
    const refused = await api.post<{ code: string }>('/api/auth/password-reset', {
      token,
      newPassword: 'password123',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('PASSWORD_REJECTED');
    await logIn(user, user.password);

    const newPassword = strongPassword();
    const reset = await api.post<Accepted>('/api/auth/password-reset', { token, newPassword });
    expect(reset).toMatchObject({ status: 200, body: { accepted: true } });
    const again = await api.post('/api/auth/password-reset', { token, newPassword: strongPassword() });
    expect(again).toMatchObject({ status: 400, body: { code: 'LINK_INVALID' } });

    for (const session of sessions) {
      await eventually(async () => {
        await expectUnauthenticated(me(session.accessToken));
      });
      await expectUnauthenticated(refresh(session.refreshToken));
    }
    expect(await api.post('/api/auth/login', { email: user.email, password: user.password })).toMatchObject({
      status: 401,
      body: INVALID_CREDENTIALS,
    });
    await logIn(user, newPassword);
  });

  it('publishes every authentication event of an account on the event stream', async () => {
    // One address for this account's logins, to tell its failures apart (they carry no user id).
    const address = `198.51.100.${Math.floor(Math.random() * 200) + 20}`;
    const fromAddress = api.withHeaders({ 'x-forwarded-for': address });
    const user = await freshUser('audit');

    const loggedIn = await logIn(user, user.password, fromAddress);
    for (let attempt = 0; attempt < 5; attempt++) {
      expect(
        (await fromAddress.post('/api/auth/login', { email: user.email, password: 'wrong!' })).status,
      ).toBe(401);
    }
    expect(
      (await fromAddress.post('/api/auth/login', { email: user.email, password: user.password })).status,
    ).toBe(429);

    // A replayed refresh token ends its session.
    const rotated = await refresh(user.tokens.refreshToken);
    expect(rotated.status).toBe(200);
    await expectUnauthenticated(refresh(user.tokens.refreshToken));
    // Logout.
    expect((await api.as(loggedIn.accessToken).post('/api/auth/logout')).status).toBe(200);
    // A password change ends the other sessions.
    const changing = await logIn(user, user.password);
    const doomed = await logIn(user, user.password);
    const newPassword = strongPassword();
    expect(
      (
        await api
          .as(changing.accessToken)
          .post('/api/auth/password', { currentPassword: user.password, newPassword })
      ).status,
    ).toBe(200);
    // A password reset.
    expect((await api.post('/api/auth/password-reset/request', { email: user.email })).status).toBe(202);
    const resetPassword = strongPassword();
    const reset = await api.post('/api/auth/password-reset', {
      token: linkToken(await resetLinkSentTo(user.email)),
      newPassword: resetPassword,
    });
    expect(reset.status).toBe(200);
    // Deactivation.
    const last = await logIn(user, resetPassword);
    expect((await admin.post(`/api/users/${user.id}/deactivate`)).status).toBe(200);

    const sessionOf = (pair: TokenPair): string => pair.refreshToken.split('.')[0]!;
    const kinds = Object.values(IdentityEvents);
    const expected: [string, (event: EventEnvelope<Record<string, unknown>>) => boolean][] = [
      ['invitation created', (e) => is(e, 'identity.invitation.created', { email: user.email })],
      ['invitation accepted', (e) => is(e, 'identity.invitation.accepted', { userId: user.id })],
      [
        'login succeeded',
        (e) =>
          is(e, 'identity.auth.succeeded', {
            userId: user.id,
            sessionId: sessionOf(loggedIn),
            clientIp: address,
          }),
      ],
      [
        'login failed',
        (e) => is(e, 'identity.auth.failed', { clientIp: address, reason: 'invalid-credentials' }),
      ],
      ['login throttled', (e) => is(e, 'identity.auth.throttled', { clientIp: address, scope: 'account' })],
      [
        'refresh token reuse detected',
        (e) =>
          is(e, 'identity.session.reuse-detected', { userId: user.id, sessionId: sessionOf(user.tokens) }),
      ],
      [
        'session revoked for the reuse',
        (e) =>
          is(e, 'identity.session.revoked', { sessionId: sessionOf(user.tokens), reason: 'reuse-detected' }),
      ],
      [
        'session revoked by logout',
        (e) => is(e, 'identity.session.revoked', { sessionId: sessionOf(loggedIn), reason: 'logout' }),
      ],
      [
        'session revoked by the password change',
        (e) =>
          is(e, 'identity.session.revoked', { sessionId: sessionOf(doomed), reason: 'password-changed' }),
      ],
      ['password changed', (e) => is(e, 'identity.password.changed', { userId: user.id })],
      ['password reset requested', (e) => is(e, 'identity.password.reset-requested', { userId: user.id })],
      ['password reset', (e) => is(e, 'identity.password.reset', { userId: user.id })],
      [
        'session revoked by the reset',
        (e) =>
          is(e, 'identity.session.revoked', { sessionId: sessionOf(changing), reason: 'password-reset' }),
      ],
      ['user deactivated', (e) => is(e, 'identity.user.deactivated', { userId: user.id, seat: 'portal' })],
      [
        'session revoked by the deactivation',
        (e) => is(e, 'identity.session.revoked', { sessionId: sessionOf(last), reason: 'deactivated' }),
      ],
    ];
    const events = await eventually(
      async () => {
        const published = (await streamEvents(nc!, kinds)) as EventEnvelope<Record<string, unknown>>[];
        const missing = expected.filter(([, matches]) => !published.some(matches)).map(([what]) => what);
        expect(missing).toEqual([]);
        return published;
      },
      { timeoutMs: 20_000, intervalMs: 500 },
    );
    // Five failures from the address, each recorded, whether or not an account exists.
    expect(events.filter((e) => is(e, 'identity.auth.failed', { clientIp: address }))).toHaveLength(5);
    // The e-mail of a failed attempt is never in the stream, only its keyed hash.
    const failures = events.filter((e) => e.type === 'identity.auth.failed');
    expect(JSON.stringify(failures)).not.toContain(user.email);
    // Every event is a well-formed envelope with its subject.
    for (const event of events.filter((e) => JSON.stringify(e.data).includes(user.id))) {
      expect(event).toMatchObject({
        id: expect.any(String),
        version: 1,
        occurredAt: expect.any(String),
        correlationId: expect.any(String),
        subject: { type: expect.any(String), id: expect.any(String) },
      });
    }
  });
});

function is(
  event: EventEnvelope<Record<string, unknown>>,
  type: string,
  data: Record<string, unknown>,
): boolean {
  return event.type === type && Object.entries(data).every(([key, value]) => event.data[key] === value);
}
