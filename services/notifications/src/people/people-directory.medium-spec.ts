import type { Subscription } from 'nats';
import { JSONCodec } from 'nats';
import type { DirectoryUser, EventEnvelope } from '@orbita/contracts';
import { IdentityRequests } from '@orbita/contracts';
import { MediumTest } from '@orbita/testing';
import { AppModule } from '../app.module';
import { notificationsConfigShape } from '../config';
import { PeopleDirectory } from './people-directory';

const codec = JSONCodec();
const COMPANY = '01JPPL0000000000000000RG01';
const CLIENT = '01JPPL0000000000000000RG02';

function user(id: string, changes: Partial<DirectoryUser> = {}): DirectoryUser {
  return {
    id,
    orgId: COMPANY,
    orgPath: [COMPANY],
    displayName: id,
    status: 'active',
    external: false,
    seat: 'full',
    roleAssignments: [{ roleId: 'manager', orgId: COMPANY }],
    email: `${id.toLowerCase()}@example.com`,
    locale: 'ru',
    version: 1,
    ...changes,
  };
}

function updated(userId: string): EventEnvelope<{ userId: string }> {
  return { data: { userId } } as EventEnvelope<{ userId: string }>;
}

/**
 * notifications' copy of identity's people against the real FerretDB and NATS (identity answered
 * by a stand-in responder): taken once, refreshed by events, and never set back to an older state.
 */
describe('PeopleDirectory (medium)', () => {
  let medium: MediumTest;
  let directory: PeopleDirectory;
  const subscriptions: Subscription[] = [];
  const people = new Map<string, DirectoryUser>();
  let asked: string[] = [];

  beforeAll(async () => {
    medium = await MediumTest.start({
      service: 'notifications',
      configShape: notificationsConfigShape,
      module: (config) => AppModule.register(config),
    });
    directory = medium.get(PeopleDirectory);
    subscriptions.push(
      medium.nats.subscribe(IdentityRequests.directoryUsers.subject, {
        callback: (_err, msg) => {
          const { data } = codec.decode(msg.data) as { data: { ids: string[] } };
          asked.push(...data.ids);
          const users = data.ids.flatMap((id) => (people.has(id) ? [people.get(id)!] : []));
          msg.respond(codec.encode({ response: { users }, isDisposed: true }));
        },
      }),
      medium.nats.subscribe(IdentityRequests.directoryMembers.subject, {
        callback: (_err, msg) => {
          const { data } = codec.decode(msg.data) as { data: { orgId: string } };
          const users = [...people.values()].filter((p) => p.orgId === data.orgId && p.status === 'active');
          msg.respond(codec.encode({ response: { users }, isDisposed: true }));
        },
      }),
    );
    await medium.nats.flush();
  });

  afterAll(async () => {
    for (const subscription of subscriptions) {
      subscription.unsubscribe();
    }
    await medium.stop();
  });

  beforeEach(() => {
    asked = [];
  });

  it('asks identity about a person once, then answers from its copy with address, language and zone', async () => {
    const petr = user('01JPPL000000000000000USR01', { locale: 'en', timeZone: 'Asia/Yekaterinburg' });
    people.set(petr.id, petr);
    const first = await directory.get(petr.id);
    const again = await directory.get(petr.id);
    expect(asked).toEqual([petr.id]);
    expect(again).toEqual(first);
    expect(first).toEqual({
      id: petr.id,
      orgId: COMPANY,
      orgPath: [COMPANY],
      displayName: petr.id,
      external: false,
      email: petr.email,
      locale: 'en',
      timeZone: 'Asia/Yekaterinburg',
      roleIds: ['manager'],
      roleAssignments: petr.roleAssignments,
      active: true,
    });
    expect(await directory.get('01JPPL000000000000000NOONE')).toBeNull();
  });

  it("takes the installation's time zone for a person identity knows none for", async () => {
    const olga = user('01JPPL000000000000000USR02');
    people.set(olga.id, olga);
    expect((await directory.getMany([olga.id, olga.id])).get(olga.id)).toMatchObject({
      locale: 'ru',
      timeZone: 'Europe/Moscow',
    });
  });

  it('follows identity events to the newest state, and an older state never overwrites a newer one', async () => {
    const id = '01JPPL000000000000000USR03';
    people.set(id, user(id, { locale: 'ru', version: 5 }));
    await directory.onActivated(updated(id));
    people.set(id, user(id, { locale: 'en', version: 7 }));
    await directory.onUpdated(updated(id));
    expect(await directory.get(id)).toMatchObject({ locale: 'en', active: true });
    // A late answer carrying an older state (a redelivered, reordered event): the copy keeps the newer.
    people.set(id, user(id, { locale: 'ru', version: 6 }));
    await directory.refresh(id);
    expect(await directory.get(id)).toMatchObject({ locale: 'en' });
    // The same version again changes nothing either.
    people.set(id, user(id, { locale: 'en', status: 'deactivated', version: 9 }));
    await directory.onDeactivated(updated(id));
    await directory.onDeactivated(updated(id));
    expect(await directory.get(id)).toMatchObject({ active: false });
  });

  it("answers an org's active members", async () => {
    const a = user('01JPPL000000000000000USR04', {
      orgId: CLIENT,
      orgPath: [COMPANY, CLIENT],
      external: true,
    });
    const b = user('01JPPL000000000000000USR05', {
      orgId: CLIENT,
      orgPath: [COMPANY, CLIENT],
      status: 'deactivated',
    });
    people.set(a.id, a);
    people.set(b.id, b);
    const members = await directory.membersOf(CLIENT);
    expect(members.map((m) => [m.id, m.external])).toEqual([[a.id, true]]);
    // Kept on the way: no further question to identity about them.
    asked = [];
    expect(await directory.get(a.id)).toMatchObject({ external: true });
    expect(asked).toEqual([]);
  });
});
