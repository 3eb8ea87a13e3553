import 'reflect-metadata';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DEMO_PASSWORD, demoOrgs, demoUsers } from '@orbita/demo';
import { NestPinoLogger, createRootLogger, loadConfig } from '@orbita/platform';
import type { IdentityConfig } from '../config';
import { identityConfigShape } from '../config';
import { identityImports } from '../identity.imports';
import { LicenceService } from '../licences/licence.service';
import { OrgRepository } from '../orgs/org.repository';
import { PasswordHasher } from '../passwords/password-hasher';
import { UserRepository } from '../users/user.repository';

/**
 * Loads the demo data into identity's database (idempotent) and prints the demo logins as JSON.
 * Run by the README's run command and by tests; usable alone:
 * `node services/identity/dist/seed/seed-demo.js`. Demo users take seats of the demo licence.
 * The logins go to stdout, logs to stderr.
 */
async function seed(config: IdentityConfig): Promise<void> {
  @Module({ imports: identityImports(config, 'seed') })
  class SeedModule {}

  const app = await NestFactory.createApplicationContext(SeedModule, {
    logger: new NestPinoLogger(createRootLogger('identity-seed', config.LOG_LEVEL, 2)),
  });
  try {
    const orgs = app.get(OrgRepository);
    const users = app.get(UserRepository);
    const licences = app.get(LicenceService);
    const passwordHash = await app.get(PasswordHasher).hash(DEMO_PASSWORD);
    const now = new Date();

    const paths = new Map<string, string[]>();
    for (const org of demoOrgs) {
      paths.set(org.id, [...(org.parentId ? (paths.get(org.parentId) ?? []) : []), org.id]);
    }
    const idByEmail = new Map(demoUsers.map((u) => [u.email, u.id]));
    for (const org of demoOrgs) {
      await orgs.upsertForSeed({
        _id: org.id,
        name: org.name,
        kind: org.kind,
        parentId: org.parentId,
        path: paths.get(org.id) ?? [org.id],
        external: org.external,
        managerId: org.managerEmail ? (idByEmail.get(org.managerEmail) ?? null) : null,
        headId: org.headEmail ? (idByEmail.get(org.headEmail) ?? null) : null,
        legal: org.legal ?? null,
        createdAt: now,
        updatedAt: now,
      });
    }
    for (const user of demoUsers) {
      const org = demoOrgs.find((o) => o.id === user.orgId);
      const id = await users.upsertForSeed({
        _id: user.id,
        orgId: user.orgId,
        orgPath: paths.get(user.orgId) ?? [user.orgId],
        email: user.email,
        displayName: user.displayName,
        passwordHash,
        seat: user.seat,
        external: org?.external ?? false,
        roleAssignments: user.roles,
        status: 'active',
        invitationExpiresAt: null,
        passwordChangedAt: now,
        deactivatedAt: null,
        createdAt: now,
        updatedAt: now,
      });
      await licences.takeSeat(user.seat, id);
    }
    process.stdout.write(
      `${JSON.stringify({ password: DEMO_PASSWORD, users: demoUsers.map((u) => ({ email: u.email, id: u.id, note: u.note })) })}\n`,
    );
  } finally {
    await app.close();
  }
}

seed(loadConfig(identityConfigShape)).catch((err: unknown) => {
  new Logger('Seed').error(err instanceof Error ? err : String(err));
  process.stderr.write(
    `Seeding demo data failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
