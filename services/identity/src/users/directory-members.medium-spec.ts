import mongoose from 'mongoose';
import type { DirectoryMembersInput, OrgKind } from '@orbita/contracts';
import { DirectoryMembersInputSchema } from '@orbita/contracts';
import { MediumTest, sharedInfra } from '@orbita/testing';
import { AppModule } from '../app.module';
import { identityConfigShape } from '../config';
import { UsersService } from './users.service';

const COMPANY = '01JMEM0000000000000000RG01';
const FINANCE = '01JMEM0000000000000000RG02';
const CHAIN = '01JMEM0000000000000000RG03';
const REGION = '01JMEM0000000000000000RG04';
const RESTAURANT_A = '01JMEM0000000000000000RG05';
const RESTAURANT_B = '01JMEM0000000000000000RG06';
const CLIENT = '01JMEM0000000000000000RG07';

const ORGS: { id: string; kind: OrgKind; path: string[] }[] = [
  { id: COMPANY, kind: 'company', path: [COMPANY] },
  { id: FINANCE, kind: 'department', path: [COMPANY, FINANCE] },
  { id: CHAIN, kind: 'department', path: [COMPANY, CHAIN] },
  { id: REGION, kind: 'region', path: [COMPANY, CHAIN, REGION] },
  { id: RESTAURANT_A, kind: 'branch', path: [COMPANY, CHAIN, REGION, RESTAURANT_A] },
  { id: RESTAURANT_B, kind: 'branch', path: [COMPANY, CHAIN, REGION, RESTAURANT_B] },
  { id: CLIENT, kind: 'client', path: [COMPANY, CLIENT] },
];

const pathOf = (orgId: string): string[] => ORGS.find((o) => o.id === orgId)?.path ?? [orgId];

/** Ids in the order the answer must come in: `_id` order is the order of these names. */
const ADMIN = '01JMEM000000000000000USR01';
const ACCOUNTANT = '01JMEM000000000000000USR02';
const CHAIN_HEAD = '01JMEM000000000000000USR03';
const REGIONAL = '01JMEM000000000000000USR04';
const MANAGER_A = '01JMEM000000000000000USR05';
const MANAGER_B = '01JMEM000000000000000USR06';
const LEFT_B = '01JMEM000000000000000USR07';
const INVITED_B = '01JMEM000000000000000USR08';
const COOK_A = '01JMEM000000000000000USR09';
const CLIENT_CONTACT = '01JMEM000000000000000USR10';

const PEOPLE: {
  id: string;
  orgId: string;
  status: 'active' | 'invited' | 'deactivated';
  roles: { roleId: string; orgId: string }[];
}[] = [
  { id: ADMIN, orgId: COMPANY, status: 'active', roles: [{ roleId: 'admin', orgId: COMPANY }] },
  // The company's accountant, sitting in Finance: her role is held at the company root.
  { id: ACCOUNTANT, orgId: FINANCE, status: 'active', roles: [{ roleId: 'accountant', orgId: COMPANY }] },
  { id: CHAIN_HEAD, orgId: CHAIN, status: 'active', roles: [{ roleId: 'manager', orgId: CHAIN }] },
  { id: REGIONAL, orgId: REGION, status: 'active', roles: [{ roleId: 'manager', orgId: REGION }] },
  {
    id: MANAGER_A,
    orgId: RESTAURANT_A,
    status: 'active',
    roles: [{ roleId: 'restaurant-manager', orgId: RESTAURANT_A }],
  },
  {
    id: MANAGER_B,
    orgId: RESTAURANT_B,
    status: 'active',
    // The role at another restaurant than the one asked about must not count there.
    roles: [
      { roleId: 'restaurant-manager', orgId: RESTAURANT_B },
      { roleId: 'dispatcher', orgId: RESTAURANT_A },
    ],
  },
  {
    id: LEFT_B,
    orgId: RESTAURANT_B,
    status: 'deactivated',
    roles: [{ roleId: 'restaurant-manager', orgId: RESTAURANT_B }],
  },
  {
    id: INVITED_B,
    orgId: RESTAURANT_B,
    status: 'invited',
    roles: [{ roleId: 'restaurant-manager', orgId: RESTAURANT_B }],
  },
  // A member of restaurant A without a role there.
  { id: COOK_A, orgId: RESTAURANT_A, status: 'active', roles: [] },
  { id: CLIENT_CONTACT, orgId: CLIENT, status: 'active', roles: [] },
];

/**
 * identity.directory.members as a use case against the real FerretDB: who the people of an org are
 * for the process engine's assignee rules (subtree, a role held there or above, the kind of their
 * org), active people only, in `_id` order.
 */
describe('UsersService.members (medium)', () => {
  let medium: MediumTest;
  let users: UsersService;
  let db: mongoose.Connection;

  const members = async (input: Partial<DirectoryMembersInput> & { orgId: string }): Promise<string[]> =>
    (await users.members(DirectoryMembersInputSchema.parse(input))).users.map((u) => u.id);

  beforeAll(async () => {
    medium = await MediumTest.start({
      service: 'identity',
      configShape: identityConfigShape,
      module: (config) => AppModule.register(config),
    });
    users = medium.get(UsersService);
    db = await mongoose
      .createConnection(sharedInfra().endpoints.mongoUrl, { dbName: medium.database })
      .asPromise();
    const now = new Date('2026-12-01T09:00:00Z');
    await db.collection('orgs').insertMany(
      ORGS.map((org) => ({
        _id: org.id as never,
        name: org.id,
        kind: org.kind,
        parentId: org.path.length > 1 ? org.path[org.path.length - 2] : null,
        path: org.path,
        external: org.kind === 'client',
        managerId: org.kind === 'client' ? CHAIN_HEAD : null,
        headId: org.id === CHAIN ? CHAIN_HEAD : null,
        legal: null,
        createdAt: now,
        updatedAt: now,
      })),
    );
    await db.collection('users').insertMany(
      PEOPLE.map((person) => ({
        _id: person.id as never,
        orgId: person.orgId,
        orgPath: pathOf(person.orgId),
        email: `${person.id.toLowerCase()}@members.example`,
        displayName: person.id,
        passwordHash: null,
        seat: person.orgId === CLIENT ? 'portal' : 'full',
        external: person.orgId === CLIENT,
        roleAssignments: person.roles,
        status: person.status,
        invitationExpiresAt: person.status === 'invited' ? new Date('2099-01-01T00:00:00Z') : null,
        passwordChangedAt: null,
        deactivatedAt: person.status === 'deactivated' ? now : null,
        createdAt: now,
        updatedAt: now,
      })),
    );
  });

  afterAll(async () => {
    await db.close();
    await medium.stop();
  });

  it('answers the active people of the subtree in _id order, never the invited or deactivated', async () => {
    expect(await members({ orgId: CHAIN })).toEqual([CHAIN_HEAD, REGIONAL, MANAGER_A, MANAGER_B, COOK_A]);
    expect(await members({ orgId: RESTAURANT_B })).toEqual([MANAGER_B]);
  });

  it('answers only the people of the org itself without the subtree', async () => {
    expect(await members({ orgId: CHAIN, subtree: false })).toEqual([CHAIN_HEAD]);
    expect(await members({ orgId: COMPANY, subtree: false })).toEqual([ADMIN]);
  });

  it('answers the holders of a role at an org of the subtree, not a role held elsewhere', async () => {
    expect(await members({ orgId: CHAIN, roleId: 'restaurant-manager' })).toEqual([MANAGER_A, MANAGER_B]);
    expect(await members({ orgId: RESTAURANT_A, roleId: 'restaurant-manager' })).toEqual([MANAGER_A]);
    // Manager B is a dispatcher at restaurant A, but a member of restaurant B only.
    expect(await members({ orgId: RESTAURANT_A, roleId: 'dispatcher' })).toEqual([]);
    expect(await members({ orgId: REGION, roleId: 'dispatcher' })).toEqual([MANAGER_B]);
    // Without the subtree the role must be held at the org itself.
    expect(await members({ orgId: REGION, subtree: false, roleId: 'manager' })).toEqual([REGIONAL]);
    expect(await members({ orgId: CHAIN, subtree: false, roleId: 'restaurant-manager' })).toEqual([]);
  });

  it('counts a role held at an ancestor only when asked for inherited roles', async () => {
    expect(await members({ orgId: FINANCE, roleId: 'accountant' })).toEqual([]);
    expect(await members({ orgId: FINANCE, roleId: 'accountant', inherited: true })).toEqual([ACCOUNTANT]);
    expect(await members({ orgId: FINANCE, subtree: false, roleId: 'accountant', inherited: true })).toEqual([
      ACCOUNTANT,
    ]);
    // The chain's head is a manager of the chain, so of every unit under it, but a member of none.
    expect(await members({ orgId: REGION, roleId: 'manager', inherited: true })).toEqual([REGIONAL]);
    expect(await members({ orgId: CHAIN, roleId: 'manager', inherited: true })).toEqual([
      CHAIN_HEAD,
      REGIONAL,
    ]);
  });

  it('answers only people whose own org is of the kinds asked for', async () => {
    expect(await members({ orgId: CHAIN, orgKinds: ['branch'] })).toEqual([MANAGER_A, MANAGER_B, COOK_A]);
    expect(await members({ orgId: CHAIN, orgKinds: ['region', 'department'] })).toEqual([
      CHAIN_HEAD,
      REGIONAL,
    ]);
    expect(await members({ orgId: COMPANY, orgKinds: ['client'] })).toEqual([CLIENT_CONTACT]);
    expect(await members({ orgId: CHAIN, orgKinds: ['client'] })).toEqual([]);
    expect(await members({ orgId: CHAIN, subtree: false, orgKinds: ['branch'] })).toEqual([]);
    expect(await members({ orgId: COMPANY, orgKinds: ['branch'], roleId: 'restaurant-manager' })).toEqual([
      MANAGER_A,
      MANAGER_B,
    ]);
  });

  it('answers at most the limit, from the start of the _id order, and the next page after an id', async () => {
    expect(await members({ orgId: COMPANY, limit: 3 })).toEqual([ADMIN, ACCOUNTANT, CHAIN_HEAD]);
    const second = await members({ orgId: COMPANY, limit: 3, afterId: CHAIN_HEAD });
    expect(second).toEqual((await members({ orgId: COMPANY, limit: 6 })).slice(3));
    expect(second.length).toBeGreaterThan(0);
  });

  it('answers no one for an org that does not exist', async () => {
    expect(await members({ orgId: '01JMEM0000000000000000RG99' })).toEqual([]);
  });

  it('refuses input outside the contract', () => {
    expect(() => DirectoryMembersInputSchema.parse({ orgId: CHAIN, limit: 2_001 })).toThrow();
    expect(() => DirectoryMembersInputSchema.parse({ orgId: CHAIN, orgKinds: ['shop'] })).toThrow();
    expect(DirectoryMembersInputSchema.parse({ orgId: CHAIN })).toEqual({
      orgId: CHAIN,
      subtree: true,
      inherited: false,
      limit: 2_000,
    });
  });

  it('sends only queries a declared index serves', () => {
    // The harness checks every query of the run after the tests; here: these use cases sent some.
    expect(medium.queriesFrom('UserRepository.activeMembers').length).toBeGreaterThan(0);
    expect(medium.queriesFrom('OrgRepository.idsInSubtree').length).toBeGreaterThan(0);
  });
});
