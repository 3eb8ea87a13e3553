import type { SeatType } from '@orbita/contracts';

export type DemoOrgKind = 'company' | 'department' | 'region' | 'branch' | 'client' | 'partner';

/**
 * The demo cast of the waste-removal scenario (product/SCENARIOS.md, S1). Ids are fixed so that
 * seeding again updates rather than duplicates.
 */
export const DEMO_PASSWORD = 'Orbita-Demo-2026';

export interface DemoOrg {
  id: string;
  name: string;
  kind: DemoOrgKind;
  parentId: string | null;
  external: boolean;
  managerEmail?: string;
}

export interface DemoUser {
  id: string;
  email: string;
  displayName: string;
  orgId: string;
  seat: SeatType;
  roles: string[];
  note: string;
}

export const DEMO_COMPANY_ID = '01JDEM0000000000000000RG01';
export const DEMO_RADUGA_ID = '01JDEM0000000000000000RG04';
export const DEMO_SEVER_ID = '01JDEM0000000000000000RG05';

export const demoOrgs: DemoOrg[] = [
  { id: DEMO_COMPANY_ID, name: 'EcoTrans', kind: 'company', parentId: null, external: false },
  {
    id: '01JDEM0000000000000000RG02',
    name: 'Operations',
    kind: 'department',
    parentId: DEMO_COMPANY_ID,
    external: false,
  },
  {
    id: '01JDEM0000000000000000RG03',
    name: 'Finance',
    kind: 'department',
    parentId: DEMO_COMPANY_ID,
    external: false,
  },
  {
    id: DEMO_RADUGA_ID,
    name: 'Raduga Mall',
    kind: 'client',
    parentId: DEMO_COMPANY_ID,
    external: true,
    managerEmail: 'ivan@ecotrans.example',
  },
  {
    id: DEMO_SEVER_ID,
    name: 'Hotel Sever',
    kind: 'client',
    parentId: DEMO_COMPANY_ID,
    external: true,
    managerEmail: 'ivan@ecotrans.example',
  },
];

export const demoUsers: DemoUser[] = [
  {
    id: '01JDEM000000000000000USR01',
    email: 'admin@ecotrans.example',
    displayName: 'Администратор',
    orgId: DEMO_COMPANY_ID,
    seat: 'full',
    roles: ['admin'],
    note: 'administrator (HQ)',
  },
  {
    id: '01JDEM000000000000000USR02',
    email: 'ivan@ecotrans.example',
    displayName: 'Иван Петров',
    orgId: '01JDEM0000000000000000RG02',
    seat: 'full',
    roles: ['manager'],
    note: 'client manager (full seat)',
  },
  {
    id: '01JDEM000000000000000USR03',
    email: 'dina@ecotrans.example',
    displayName: 'Дина Соколова',
    orgId: '01JDEM0000000000000000RG02',
    seat: 'full',
    roles: ['dispatcher'],
    note: 'dispatcher (full seat)',
  },
  {
    id: '01JDEM000000000000000USR04',
    email: 'anna@ecotrans.example',
    displayName: 'Анна Кузнецова',
    orgId: '01JDEM0000000000000000RG03',
    seat: 'full',
    roles: ['accountant'],
    note: 'accountant (full seat)',
  },
  {
    id: '01JDEM000000000000000USR05',
    email: 'olga@raduga.example',
    displayName: 'Ольга Смирнова',
    orgId: '01JDEM0000000000000000RG04',
    seat: 'portal',
    roles: ['client-contact'],
    note: 'Raduga Mall contact (portal seat)',
  },
  {
    id: '01JDEM000000000000000USR06',
    email: 'petr@sever.example',
    displayName: 'Пётр Иванов',
    orgId: '01JDEM0000000000000000RG05',
    seat: 'portal',
    roles: ['client-contact'],
    note: 'Hotel Sever contact (portal seat)',
  },
];

/** Demo users by first name, for tests and examples. */
export const demoUser = Object.fromEntries(
  demoUsers.map((u) => [u.email.split('@')[0] ?? u.email, u]),
) as Record<'admin' | 'ivan' | 'dina' | 'anna' | 'olga' | 'petr', DemoUser>;
