import type { UserView } from '@orbita/contracts';
import { DEMO_PASSWORD, demoUser } from '@orbita/demo';
import type { ApiClient } from '@orbita/testing';
import { ApiClient as Client, TestSystem, eventually, login } from '@orbita/testing';

/**
 * A person's own profile: name, the language the product writes to them in, and their time zone
 * (quiet hours and the daily digest), set through the gateway and seen by the notifications service.
 */
describe('profile: language and time zone', () => {
  let system: TestSystem;
  let dina: ApiClient;
  let petr: ApiClient;

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true, services: ['identity', 'notifications', 'gateway'] });
    const api = new Client(system.gatewayUrl);
    dina = api.as(await login(system.gatewayUrl, demoUser.dina.email, DEMO_PASSWORD));
    petr = api.as(await login(system.gatewayUrl, demoUser.petr.email, DEMO_PASSWORD));
  });

  afterAll(async () => {
    await system.stop();
  });

  it('sets my language and time zone; the notifications service writes to me by them', async () => {
    const before = await dina.get<UserView>('/api/me');
    expect(before.body).toMatchObject({ locale: 'ru', timeZone: null });

    const changed = await dina.send<UserView>('PATCH', `/api/users/${demoUser.dina.id}`, {
      locale: 'en',
      timeZone: 'Asia/Novosibirsk',
    });
    expect(changed).toMatchObject({ status: 200, body: { locale: 'en', timeZone: 'Asia/Novosibirsk' } });
    expect((await dina.get<UserView>('/api/me')).body).toMatchObject({
      displayName: before.body.displayName,
      locale: 'en',
      timeZone: 'Asia/Novosibirsk',
    });

    // identity.user.updated reaches notifications' copy of people.
    const db = await system.connectDatabase('notifications');
    try {
      await eventually(async () => {
        expect(await db.db!.collection('people').findOne({ _id: demoUser.dina.id as never })).toMatchObject({
          locale: 'en',
          timeZone: 'Asia/Novosibirsk',
        });
      });
    } finally {
      await db.close();
    }

    // Back to the installation's zone.
    expect(
      await dina.send<UserView>('PATCH', `/api/users/${demoUser.dina.id}`, { locale: 'ru', timeZone: null }),
    ).toMatchObject({ status: 200, body: { locale: 'ru', timeZone: null } });
  });

  it('refuses what is not a time zone or a language, or names nothing, in the caller’s language; nothing changes', async () => {
    const russian = dina.withHeaders({ 'accept-language': 'ru' });
    const zone = await russian.send<{ code: string; message: string }>(
      'PATCH',
      `/api/users/${demoUser.dina.id}`,
      {
        timeZone: 'Mars/Olympus',
      },
    );
    expect(zone.status).toBe(400);
    expect(zone.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(zone.body.message).toContain('«IANA»');
    const language = await dina.send('PATCH', `/api/users/${demoUser.dina.id}`, { locale: 'de' });
    expect(language.status).toBe(400);
    const nothing = await dina.send<{ message: string }>('PATCH', `/api/users/${demoUser.dina.id}`, {});
    expect(nothing.status).toBe(400);
    expect(nothing.body.message).toContain('displayName');
    expect((await dina.get<UserView>('/api/me')).body).toMatchObject({ locale: 'ru', timeZone: null });
  });

  it('does not let one person set another’s language without user.manage', async () => {
    const refused = await petr.send('PATCH', `/api/users/${demoUser.dina.id}`, { locale: 'en' });
    expect([403, 404]).toContain(refused.status);
    expect((await dina.get<UserView>('/api/me')).body).toMatchObject({ locale: 'ru' });
  });
});
