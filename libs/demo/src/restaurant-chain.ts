import type { DemoOrg, DemoUser } from './demo-data';
import { DEMO_COMPANY_ID } from './demo-data';

/**
 * The cast of the restaurant chain (product/SCENARIOS.md, S2): HQ with HR, Finance and Marketing,
 * 50 regions and 130 restaurants under them, a manager at each restaurant. An installation serves
 * one company (identity's orgs: one root), so the chain is a unit of the demo company with its own
 * subtree. HQ, its departments and the regions are the company's own units (full seats); the
 * restaurants are portal branches (external: their managers take portal seats and see only their
 * restaurant), so the demo licence has room for the chain. Ids are fixed (seeding again updates
 * rather than duplicates) and generated in a fixed order.
 */
export const RESTAURANT_REGIONS = 50;
export const RESTAURANTS = 130;

/** `01JDEMRC` + a tag of three letters + the number, 26 letters and digits like every demo id. */
function chainId(tag: string, n: number): string {
  return `01JDEMRC${tag}${String(n).padStart(15, '0')}`;
}

const pad3 = (n: number): string => String(n).padStart(3, '0');

/**
 * A role of the chain's data (not built in): what every member may do, at their restaurant. Its id
 * is readable because the chain's process templates name it.
 */
export const RESTAURANT_MANAGER_ROLE = {
  id: 'restaurant-manager',
  name: 'restaurant-manager',
  description: 'Manages a restaurant of the chain: takes part in the processes addressed to it',
} as const;

const hqId = chainId('ORG', 1);
const departments = { hr: chainId('ORG', 2), finance: chainId('ORG', 3), marketing: chainId('ORG', 4) };

const regions = Array.from({ length: RESTAURANT_REGIONS }, (_, i) => ({
  id: chainId('REG', i + 1),
  name: `Регион ${pad3(i + 1)}`,
}));

// Round robin: regions 1–30 have three restaurants, 31–50 two.
const restaurants = Array.from({ length: RESTAURANTS }, (_, i) => ({
  id: chainId('RST', i + 1),
  name: `Ресторан «Вкусно» №${pad3(i + 1)}`,
  regionId: chainId('REG', (i % RESTAURANT_REGIONS) + 1),
}));

const managers = restaurants.map((restaurant, i) => ({
  id: chainId('MGR', i + 1),
  email: `manager.r${pad3(i + 1)}@vkusno.example`,
  restaurantId: restaurant.id,
}));

const staff = {
  head: { id: chainId('USR', 1), email: 'head@vkusno.example', orgId: hqId },
  hr: { id: chainId('USR', 2), email: 'hr@vkusno.example', orgId: departments.hr },
  finance: { id: chainId('USR', 3), email: 'finance@vkusno.example', orgId: departments.finance },
  marketing: { id: chainId('USR', 4), email: 'marketing@vkusno.example', orgId: departments.marketing },
};

const department = (id: string, name: string, headEmail: string): DemoOrg => ({
  id,
  name,
  kind: 'department',
  parentId: hqId,
  external: false,
  headEmail,
});

const orgs: DemoOrg[] = [
  {
    id: hqId,
    name: 'Ресторанная сеть «Вкусно» (HQ)',
    kind: 'department',
    parentId: DEMO_COMPANY_ID,
    external: false,
    headEmail: staff.head.email,
  },
  department(departments.hr, 'HR', staff.hr.email),
  department(departments.finance, 'Финансы', staff.finance.email),
  department(departments.marketing, 'Маркетинг', staff.marketing.email),
  ...regions.map((region): DemoOrg => ({
    id: region.id,
    name: region.name,
    kind: 'region',
    parentId: hqId,
    external: false,
  })),
  // Portal branches: their managers work on the portal, on portal seats.
  ...restaurants.map((restaurant, i): DemoOrg => ({
    id: restaurant.id,
    name: restaurant.name,
    kind: 'branch',
    parentId: restaurant.regionId,
    external: true,
    headEmail: managers[i]?.email,
  })),
];

const staffUser = (
  person: { id: string; email: string; orgId: string },
  displayName: string,
  note: string,
): DemoUser => ({
  ...person,
  displayName,
  seat: 'full',
  roles: [{ roleId: 'manager', orgId: person.orgId }],
  note,
});

const users: DemoUser[] = [
  staffUser(staff.head, 'Виктор Ресторанов', 'head of the restaurant chain (HQ, full seat)'),
  staffUser(staff.hr, 'Елена Кадрова', 'HR officer of the chain (full seat)'),
  staffUser(staff.finance, 'Михаил Счётов', 'finance officer of the chain (full seat)'),
  staffUser(staff.marketing, 'Ирина Маркова', 'marketing officer of the chain (full seat)'),
  ...managers.map((manager, i): DemoUser => ({
    id: manager.id,
    email: manager.email,
    displayName: `Управляющий ресторана №${pad3(i + 1)}`,
    orgId: manager.restaurantId,
    seat: 'portal',
    roles: [{ roleId: RESTAURANT_MANAGER_ROLE.id, orgId: manager.restaurantId }],
    note: `manager of restaurant ${pad3(i + 1)}`,
  })),
];

export const restaurantChain = {
  hqId,
  departments,
  regions,
  restaurants,
  managers,
  staff,
  role: RESTAURANT_MANAGER_ROLE,
  /** Parents before children. */
  orgs,
  users,
} as const;
