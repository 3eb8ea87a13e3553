import 'reflect-metadata';
import { connectMongo, loadConfig } from '@orbita/platform';
import { PasswordHasher } from '../auth/password-hasher';
import { identityConfigShape } from '../config';
import { OrgRepository } from '../orgs/org.repository';
import type { OrgDocument } from '../orgs/org.schema';
import { UserRepository } from '../users/user.repository';
import { DEMO_PASSWORD, demoOrgs, demoUsers } from '@orbita/demo';

/**
 * Loads the demo data into identity's database (idempotent) and prints the demo logins as JSON.
 * Run by the README's run command; usable alone: `node services/identity/dist/seed/seed-demo.js`.
 */
async function main(): Promise<void> {
  const config = loadConfig(identityConfigShape);
  const connection = await connectMongo(config.MONGO_URL, config.MONGO_DB);
  try {
    const orgs = new OrgRepository(connection);
    const users = new UserRepository(connection);
    await orgs.onModuleInit();
    await users.onModuleInit();
    const hasher = new PasswordHasher();
    const passwordHash = await hasher.hash(DEMO_PASSWORD);
    const now = new Date();

    const paths = new Map<string, string[]>();
    for (const org of demoOrgs) {
      const parentPath = org.parentId ? (paths.get(org.parentId) ?? []) : [];
      paths.set(org.id, [...parentPath, org.id]);
    }
    const idByEmail = new Map(demoUsers.map((u) => [u.email, u.id]));
    for (const org of demoOrgs) {
      const doc: OrgDocument = {
        _id: org.id,
        name: org.name,
        kind: org.kind,
        parentId: org.parentId,
        path: paths.get(org.id) ?? [org.id],
        external: org.external,
        managerId: org.managerEmail ? (idByEmail.get(org.managerEmail) ?? null) : null,
        createdAt: now,
      };
      await orgs.upsert(doc);
    }
    for (const user of demoUsers) {
      const org = demoOrgs.find((o) => o.id === user.orgId);
      await users.upsertByEmail({
        _id: user.id,
        orgId: user.orgId,
        orgPath: paths.get(user.orgId) ?? [user.orgId],
        email: user.email,
        displayName: user.displayName,
        passwordHash,
        seat: user.seat,
        external: org?.external ?? false,
        roles: user.roles,
        active: true,
        createdAt: now,
        updatedAt: now,
      });
    }
    process.stdout.write(
      `${JSON.stringify({ password: DEMO_PASSWORD, users: demoUsers.map((u) => ({ email: u.email, id: u.id, note: u.note })) })}\n`,
    );
  } finally {
    await connection.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    `Seeding demo data failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
