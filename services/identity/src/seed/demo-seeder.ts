import type { INestApplicationContext } from '@nestjs/common';
import { MEMBER_PERMISSIONS } from '@orbita/contracts';
import type { DemoOrg, DemoUser } from '@orbita/demo';
import { DEMO_PASSWORD, demoOrgs, demoUsers, restaurantChain } from '@orbita/demo';
import { LicenceService } from '../licences/licence.service';
import { OrgRepository } from '../orgs/org.repository';
import { PasswordHasher } from '../passwords/password-hasher';
import { RoleRepository } from '../roles/role.repository';
import { UserRepository } from '../users/user.repository';

/** Writes at once: a set of 130 people seeds in a few round trips, not 130 after another. */
const BATCH = 25;

export interface DemoSeedOptions {
  /** Also the restaurant chain of S2 (4 full seats, 130 portal seats). */
  restaurantChain: boolean;
}

export interface DemoLogin {
  email: string;
  id: string;
  note: string;
}

async function inBatches<T>(items: readonly T[], write: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH) {
    await Promise.all(items.slice(i, i + BATCH).map(write));
  }
}

/**
 * Loads the demo data into identity's database, idempotently (fixed ids; seeding again updates the
 * same records), and answers the logins. One argon2 hash of the demo password serves every demo
 * user: hashing 130 times would take most of the seed's time for nothing a demo needs.
 */
export async function seedDemoData(
  app: INestApplicationContext,
  options: DemoSeedOptions,
): Promise<DemoLogin[]> {
  const orgs = app.get(OrgRepository);
  const users = app.get(UserRepository);
  const roles = app.get(RoleRepository);
  const licences = app.get(LicenceService);
  const passwordHash = await app.get(PasswordHasher).hash(DEMO_PASSWORD);
  const now = new Date();

  const allOrgs: DemoOrg[] = [...demoOrgs, ...(options.restaurantChain ? restaurantChain.orgs : [])];
  const allUsers: DemoUser[] = [...demoUsers, ...(options.restaurantChain ? restaurantChain.users : [])];
  if (options.restaurantChain) {
    const role = restaurantChain.role;
    await roles.upsertForSeed(
      { _id: role.id, name: role.name, description: role.description, permissions: [...MEMBER_PERMISSIONS] },
      now,
    );
  }

  // Parents come before children in the lists, so every parent's path is known.
  const paths = new Map<string, string[]>();
  for (const org of allOrgs) {
    paths.set(org.id, [...(org.parentId ? (paths.get(org.parentId) ?? []) : []), org.id]);
  }
  const orgById = new Map(allOrgs.map((org) => [org.id, org]));
  const idByEmail = new Map(allUsers.map((u) => [u.email, u.id]));
  await inBatches(allOrgs, (org) =>
    orgs.upsertForSeed({
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
    }),
  );
  await inBatches(allUsers, async (user) => {
    const id = await users.upsertForSeed({
      _id: user.id,
      orgId: user.orgId,
      orgPath: paths.get(user.orgId) ?? [user.orgId],
      email: user.email,
      displayName: user.displayName,
      passwordHash,
      seat: user.seat,
      external: orgById.get(user.orgId)?.external ?? false,
      roleAssignments: user.roles,
      locale: user.locale ?? 'ru',
      status: 'active',
      invitationExpiresAt: null,
      passwordChangedAt: now,
      deactivatedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    // A take reads the pool's slots (ADR 006), so seats, not the records, are most of the seed's time.
    await licences.takeSeat(user.seat, id);
  });
  return allUsers.map((u) => ({ email: u.email, id: u.id, note: u.note }));
}
