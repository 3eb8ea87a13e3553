import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { DirectoryMembersInputSchema } from '@orbita/contracts';
import { DEMO_COMPANY_ID, DEMO_PASSWORD, RESTAURANTS, demoUsers, restaurantChain } from '@orbita/demo';
import { generateVendorKeyPair, signLicence } from '@orbita/platform';
import { MediumTest, sharedInfra } from '@orbita/testing';
import { AppModule } from '../app.module';
import { identityConfigShape } from '../config';
import { LicenceService } from '../licences/licence.service';
import { PasswordHasher } from '../passwords/password-hasher';
import { UsersService } from '../users/users.service';
import { seedDemoData } from './demo-seeder';

/**
 * The demo seed with the restaurant chain (S2) against the real FerretDB, on a licence of this
 * test's own key with room for the chain's full seats (the shipped demo licence has 25).
 */
describe('the demo seed with the restaurant chain (medium)', () => {
  let medium: MediumTest;
  let db: mongoose.Connection;

  beforeAll(async () => {
    const vendor = generateVendorKeyPair();
    const file = join(mkdtempSync(join(tmpdir(), 'chain-licence-')), 'chain.lic');
    writeFileSync(
      file,
      signLicence(
        {
          formatVersion: 1,
          licenceId: 'ORB-TEST-CHAIN',
          licensee: 'Test: EcoTrans with the restaurant chain',
          issuedAt: '2026-01-01T00:00:00Z',
          expiresAt: '2099-12-31T23:59:59Z',
          pools: { full: 200, portal: 1000 },
        },
        vendor.privateKeyPem,
      ),
    );
    medium = await MediumTest.start({
      service: 'identity',
      configShape: identityConfigShape,
      module: (config) => AppModule.register(config),
      env: { LICENCE_PUBLIC_KEY: vendor.publicKeyPem, LICENCE_FILE: file },
    });
    db = await mongoose
      .createConnection(sharedInfra().endpoints.mongoUrl, { dbName: medium.database })
      .asPromise();
  });

  afterAll(async () => {
    await db.close();
    await medium.stop();
  });

  it('seeds the chain, and seeding again changes no count', async () => {
    const started = Date.now();
    const logins = await seedDemoData(medium.app, { restaurantChain: true });
    // Seat takes dominate (each reads the pool's slots, ADR 006): about 12 s for 139 on FerretDB.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(logins).toHaveLength(demoUsers.length + 4 + RESTAURANTS);

    const counts = async () => ({
      orgs: await db.collection('orgs').countDocuments(),
      users: await db.collection('users').countDocuments(),
      roles: await db.collection('roles').countDocuments({ _id: restaurantChain.role.id as never }),
      seats: (await medium.get(LicenceService).usage()).pools.map((p) => [p.type, p.used]),
    });
    const first = await counts();
    expect(first).toEqual({
      orgs: 6 + 4 + 50 + 130,
      users: demoUsers.length + 4 + 130,
      roles: 1,
      seats: [
        ['full', 5 + 4],
        ['portal', 2 + 130],
      ],
    });
    await seedDemoData(medium.app, { restaurantChain: true });
    expect(await counts()).toEqual(first);
  });

  it('puts 130 restaurants under 50 regions under HQ, each with its manager as head', async () => {
    expect(restaurantChain.regions).toHaveLength(50);
    expect(new Set(restaurantChain.restaurants.map((r) => r.regionId)).size).toBe(50);
    const restaurant = restaurantChain.restaurants[129]!;
    const stored = await db.collection('orgs').findOne({ _id: restaurant.id as never });
    expect(stored).toMatchObject({
      kind: 'branch',
      external: true,
      path: [DEMO_COMPANY_ID, restaurantChain.hqId, restaurant.regionId, restaurant.id],
      headId: restaurantChain.managers[129]!.id,
    });
    for (const id of [...restaurantChain.orgs.map((o) => o.id), ...restaurantChain.users.map((u) => u.id)]) {
      expect(id).toMatch(/^01JDEMRC[A-Z0-9]{18}$/);
    }
  });

  it('lets every manager log in with the demo password and finds them as restaurant managers', async () => {
    const hasher = medium.get(PasswordHasher);
    const users = await db
      .collection<{ _id: string; email: string; passwordHash: string }>('users')
      .find({ email: { $in: restaurantChain.managers.map((m) => m.email) } })
      .toArray();
    expect(users).toHaveLength(RESTAURANTS);
    // One hash serves every demo user; verifying one for each manager would only repeat it.
    expect(new Set(users.map((u) => u.passwordHash)).size).toBe(1);
    expect(await hasher.verify(users[0]!.passwordHash, DEMO_PASSWORD)).toBe(true);

    const { users: managers } = await medium.get(UsersService).members(
      DirectoryMembersInputSchema.parse({
        orgId: restaurantChain.hqId,
        roleId: restaurantChain.role.id,
        orgKinds: ['branch'],
      }),
    );
    expect(managers.map((m) => m.id)).toEqual(restaurantChain.managers.map((m) => m.id));
    const { users: finance } = await medium
      .get(UsersService)
      .members(
        DirectoryMembersInputSchema.parse({ orgId: restaurantChain.departments.finance, roleId: 'manager' }),
      );
    expect(finance.map((m) => m.id)).toEqual([restaurantChain.staff.finance.id]);
  });
});
