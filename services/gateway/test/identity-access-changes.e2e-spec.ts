import { randomUUID } from 'node:crypto';
import type { OrgView, RoleView, TokenPair, UserView } from '@orbita/contracts';
import { DEMO_COMPANY_ID, DEMO_OPERATIONS_ID, DEMO_PASSWORD, demoUser } from '@orbita/demo';
import type { ApiResponse, InvitedUser } from '@orbita/testing';
import { ApiClient, TestSystem, decodeJwt, eventually, invitedUser, login } from '@orbita/testing';

const UNAUTHENTICATED = { code: 'UNAUTHENTICATED', message: 'Authentication is required' };

/**
 * A change of what someone may do takes effect within seconds, like a revocation (docs/adr/007,
 * 008): access tokens with the old grants are refused with 401, so the client refreshes (its refresh
 * token keeps working) and gets a token with the current grants, which is not refused however soon
 * after the change it was issued. Nobody else's tokens are touched.
 */
describe('changes of access through the gateway', () => {
  let system: TestSystem;
  let api: ApiClient;
  let admin: ApiClient;

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true, services: ['identity', 'gateway'] });
    api = new ApiClient(system.gatewayUrl);
    admin = api.as(await login(system.gatewayUrl, demoUser.admin.email, DEMO_PASSWORD));
  });

  function uniqueEmail(label: string): string {
    return `${system.id}-${label}-${randomUUID().slice(0, 8)}@ecotrans.example`;
  }

  /** A staff member of Operations nobody else touches, logged in by accepting the invitation. */
  function staff(label: string, roleIds: string[] = []): Promise<InvitedUser> {
    return invitedUser(admin, { orgId: DEMO_OPERATIONS_ID, email: uniqueEmail(label), roleIds });
  }

  /** An invitation into Operations, the act the tests take away. */
  function inviteWith(accessToken: string): Promise<ApiResponse<{ code?: string }>> {
    return api.as(accessToken).post('/api/invitations', {
      email: uniqueEmail('invitee'),
      displayName: 'Invitee',
      orgId: DEMO_OPERATIONS_ID,
    });
  }

  /** The next token pair of a session (its refresh token is used up). */
  async function refreshed(pair: TokenPair): Promise<TokenPair> {
    const response = await api.post<TokenPair>('/api/auth/refresh', { refreshToken: pair.refreshToken });
    expect(response.status).toBe(200);
    return response.body;
  }

  it('refuses a token whose role was removed within seconds; the refreshed token is answered 403; others keep working', async () => {
    const user = await staff('demoted', ['manager']);
    const colleague = await staff('colleague', ['manager']);
    expect((await inviteWith(user.tokens.accessToken)).status).toBe(201);

    const removed = await admin.send<UserView>(
      'DELETE',
      `/api/users/${user.id}/roles/manager/orgs/${DEMO_OPERATIONS_ID}`,
    );
    expect(removed).toMatchObject({ status: 200, body: { roles: [] } });

    await eventually(async () => {
      expect(await inviteWith(user.tokens.accessToken)).toMatchObject({ status: 401, body: UNAUTHENTICATED });
    });
    // The refresh token still works and brings the current grants; this token is issued within the
    // same second as the change, and is not refused for it.
    const current = await refreshed(user.tokens);
    expect(decodeJwt(current.accessToken).payload['roles']).toEqual([]);
    expect(await inviteWith(current.accessToken)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect((await api.as(current.accessToken).get<UserView>('/api/me')).body).toMatchObject({ id: user.id });
    // The colleague with the same role, and the admin who made the change, are not affected.
    expect((await inviteWith(colleague.tokens.accessToken)).status).toBe(201);
    expect((await admin.get('/api/me')).status).toBe(200);
  });

  it("refuses every holder's token when a role's permissions are edited; refreshed tokens carry the new ones", async () => {
    const role = await admin.post<RoleView>('/api/roles', {
      name: `inviter-${randomUUID().slice(0, 8)}`,
      description: 'Invites people',
      permissions: ['org.read', 'user.read', 'user.invite'],
    });
    expect(role.status).toBe(201);
    const holders = [await staff('holder-1', [role.body.id]), await staff('holder-2', [role.body.id])];
    const bystander = await staff('bystander', ['manager']);
    for (const holder of holders) {
      expect((await inviteWith(holder.tokens.accessToken)).status).toBe(201);
    }

    const edited = await admin.send<RoleView>('PATCH', `/api/roles/${role.body.id}`, {
      permissions: ['org.read', 'user.read'],
    });
    expect(edited).toMatchObject({ status: 200, body: { permissions: ['org.read', 'user.read'] } });

    for (const holder of holders) {
      await eventually(async () => {
        expect(await inviteWith(holder.tokens.accessToken)).toMatchObject({
          status: 401,
          body: UNAUTHENTICATED,
        });
      });
      expect(await inviteWith((await refreshed(holder.tokens)).accessToken)).toMatchObject({
        status: 403,
        body: { code: 'FORBIDDEN' },
      });
    }
    expect((await inviteWith(bystander.tokens.accessToken)).status).toBe(201);
  });

  it("moves a client's grants from the previous personal manager to the new one within seconds", async () => {
    const first = await staff('manager-1');
    const second = await staff('manager-2');
    const client = await admin.post<OrgView>('/api/orgs', {
      name: `Client ${randomUUID().slice(0, 6)}`,
      kind: 'client',
      parentId: DEMO_COMPANY_ID,
      managerId: first.id,
    });
    expect(client.status).toBe(201);
    const clientPath = `/api/orgs/${client.body.id}`;

    // The first manager's token predates the client: refused once identity has raised his access,
    // and his refreshed token reaches the client.
    await eventually(async () => {
      expect(await api.as(first.tokens.accessToken).get(clientPath)).toMatchObject({
        status: 401,
        body: UNAUTHENTICATED,
      });
    });
    const firstPair = await refreshed(first.tokens);
    expect((await api.as(firstPair.accessToken).get(clientPath)).status).toBe(200);
    expect((await api.as(second.tokens.accessToken).get(clientPath)).status).toBe(404);

    expect((await admin.send('PATCH', clientPath, { managerId: second.id })).status).toBe(200);

    // Both managers' access changed: the previous one loses the client, the new one gains it.
    for (const token of [firstPair.accessToken, second.tokens.accessToken]) {
      await eventually(async () => {
        expect(await api.as(token).get(clientPath)).toMatchObject({ status: 401, body: UNAUTHENTICATED });
      });
    }
    expect((await api.as((await refreshed(firstPair)).accessToken).get(clientPath)).status).toBe(404);
    expect((await api.as((await refreshed(second.tokens)).accessToken).get(clientPath)).status).toBe(200);
  });
});
