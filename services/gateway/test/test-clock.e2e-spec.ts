import type { CreatedInvitation, InvitationView, Page } from '@orbita/contracts';
import { DEMO_PASSWORD, DEMO_RADUGA_ID, demoUser } from '@orbita/demo';
import { ApiClient, TestSystem, login } from '@orbita/testing';

const DAY_MS = 86_400_000;

/**
 * A service's clock is the test harness's to move (ARCHITECTURE §9): expiries, SLAs and schedules
 * are tested by moving days in a moment, not by waiting; and only in test mode.
 */
describe("a service's clock in tests", () => {
  let system: TestSystem;
  let admin: ApiClient;

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true, services: ['identity', 'gateway'] });
    admin = new ApiClient(system.gatewayUrl).as(
      await login(system.gatewayUrl, demoUser.admin.email, DEMO_PASSWORD),
    );
  });

  it('moves identity by days in under a second, and an invitation expires as it would a week later', async () => {
    const created = await admin.post<CreatedInvitation>('/api/invitations', {
      email: `clock-${system.id}@raduga.example`,
      displayName: 'Moved Clock',
      orgId: DEMO_RADUGA_ID,
      locale: 'en',
    });
    expect(created.status).toBe(201);
    const token = new URL(created.body.link).searchParams.get('token');
    const api = new ApiClient(system.gatewayUrl);
    expect((await api.post('/api/invitations/preview', { token })).status).toBe(200);

    const before = Date.now();
    const movedTo = await system.moveClock('identity', { advanceMs: DAY_MS });
    expect(Date.now() - before).toBeLessThan(1_000);
    expect(movedTo.getTime()).toBeGreaterThanOrEqual(before + DAY_MS);
    // A day later the link still works (invitations last a week)…
    expect((await api.post('/api/invitations/preview', { token })).status).toBe(200);

    // …and eight days later it does not, and the list says why.
    await system.moveClock('identity', { advanceMs: 7 * DAY_MS });
    expect(await api.post('/api/invitations/preview', { token })).toMatchObject({
      status: 400,
      body: { code: 'LINK_INVALID' },
    });
    const listed = await admin.get<Page<InvitationView>>(
      `/api/invitations?orgId=${DEMO_RADUGA_ID}&limit=100`,
    );
    expect(listed.body.items.find((i) => i.id === created.body.invitation.id)?.status).toBe('expired');
  });

  it('refuses to move backwards, and bad input', async () => {
    const url = `${system.serviceUrl('identity')}/test/clock`;
    const post = (body: unknown) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post({ advanceMs: -1 })).status).toBe(400);
    expect((await post({ to: '2000-01-01T00:00:00Z' })).status).toBe(400);
    expect((await post({ advanceMs: 'a day' })).status).toBe(400);
  });

  it('does not exist unless the service was started in test mode', async () => {
    await system.kill('identity');
    await system.startService('identity', { TEST_MODE: 'false' });
    const response = await fetch(`${system.serviceUrl('identity')}/test/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs: DAY_MS }),
    });
    expect(response.status).toBe(404);
    expect((await fetch(`${system.serviceUrl('identity')}/test/clock`)).status).toBe(404);
  });
});
