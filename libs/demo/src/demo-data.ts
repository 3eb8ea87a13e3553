import type { LegalDetails, OrgKind, SeatType } from '@orbita/contracts';

/**
 * The demo cast of the waste-removal scenario (product/SCENARIOS.md, S1), plus a regional branch
 * with staff of its own. Ids are fixed so that seeding again updates rather than duplicates.
 */
export const DEMO_PASSWORD = 'Orbita-Demo-2026';

export interface DemoOrg {
  id: string;
  name: string;
  kind: OrgKind;
  parentId: string | null;
  external: boolean;
  /** Personal manager of a client or partner org. */
  managerEmail?: string;
  /** Head of the unit (the supervisor of its people). */
  headEmail?: string;
  /** Legal details printed on documents (demo values: the INNs are made up, with valid forms). */
  legal?: LegalDetails;
}

export interface DemoUser {
  id: string;
  email: string;
  displayName: string;
  orgId: string;
  seat: SeatType;
  /** Built-in roles and the org each is held at. */
  roles: { roleId: string; orgId: string }[];
  /** The language written to the person in (Russian unless said). */
  locale?: 'ru' | 'en';
  note: string;
}

export const DEMO_COMPANY_ID = '01JDEM0000000000000000RG01';
export const DEMO_OPERATIONS_ID = '01JDEM0000000000000000RG02';
export const DEMO_FINANCE_ID = '01JDEM0000000000000000RG03';
export const DEMO_RADUGA_ID = '01JDEM0000000000000000RG04';
export const DEMO_SEVER_ID = '01JDEM0000000000000000RG05';
export const DEMO_NORTH_ID = '01JDEM0000000000000000RG06';

export const demoOrgs: DemoOrg[] = [
  {
    id: DEMO_COMPANY_ID,
    name: 'EcoTrans',
    kind: 'company',
    parentId: null,
    external: false,
    headEmail: 'admin@ecotrans.example',
    legal: {
      fullName: 'Общество с ограниченной ответственностью «ЭкоТранс»',
      inn: '7701234567',
      kpp: '770101001',
      ogrn: '1027700123456',
      address: '109012, г. Москва, ул. Никольская, д. 10, офис 5',
      phone: '+7 495 123-45-67',
      email: 'office@ecotrans.example',
      bank: {
        name: 'ПАО Сбербанк',
        bik: '044525225',
        account: '40702810938000012345',
        correspondentAccount: '30101810400000000225',
      },
      head: { position: 'Генеральный директор', name: 'Соколов Андрей Викторович' },
      accountant: { position: 'Главный бухгалтер', name: 'Кузнецова Анна Сергеевна' },
    },
  },
  {
    id: DEMO_OPERATIONS_ID,
    name: 'Operations',
    kind: 'department',
    parentId: DEMO_COMPANY_ID,
    external: false,
    headEmail: 'ivan@ecotrans.example',
  },
  { id: DEMO_FINANCE_ID, name: 'Finance', kind: 'department', parentId: DEMO_COMPANY_ID, external: false },
  { id: DEMO_NORTH_ID, name: 'EcoTrans North', kind: 'branch', parentId: DEMO_COMPANY_ID, external: false },
  {
    id: DEMO_RADUGA_ID,
    name: 'Raduga Mall',
    kind: 'client',
    parentId: DEMO_COMPANY_ID,
    external: true,
    managerEmail: 'ivan@ecotrans.example',
    legal: {
      fullName: 'Акционерное общество «Торгово-развлекательный центр „Радуга“»',
      inn: '7729876543',
      kpp: '772901001',
      ogrn: '1147746987654',
      address: '119571, г. Москва, пр-т Вернадского, д. 86, стр. 1',
      bank: {
        name: 'АО «Альфа-Банк»',
        bik: '044525593',
        account: '40702810401300054321',
        correspondentAccount: '30101810200000000593',
      },
      head: { position: 'Директор', name: 'Смирнова Ольга Николаевна' },
    },
  },
  {
    id: DEMO_SEVER_ID,
    name: 'Hotel Sever',
    kind: 'client',
    parentId: DEMO_COMPANY_ID,
    external: true,
    managerEmail: 'ivan@ecotrans.example',
    legal: {
      fullName: 'Общество с ограниченной ответственностью «Гостиница „Север“»',
      inn: '7814567890',
      kpp: '781401001',
      address: '197022, г. Санкт-Петербург, ул. Профессора Попова, д. 23',
      head: { position: 'Управляющий', name: 'Иванов Пётр Алексеевич' },
    },
  },
];

export const demoUsers: DemoUser[] = [
  {
    id: '01JDEM000000000000000USR01',
    email: 'admin@ecotrans.example',
    displayName: 'Администратор',
    orgId: DEMO_COMPANY_ID,
    seat: 'full',
    roles: [{ roleId: 'admin', orgId: DEMO_COMPANY_ID }],
    note: 'administrator (HQ)',
  },
  {
    id: '01JDEM000000000000000USR02',
    email: 'ivan@ecotrans.example',
    displayName: 'Иван Петров',
    orgId: DEMO_OPERATIONS_ID,
    seat: 'full',
    roles: [{ roleId: 'manager', orgId: DEMO_OPERATIONS_ID }],
    note: 'client manager of Raduga Mall and Hotel Sever (full seat)',
  },
  {
    id: '01JDEM000000000000000USR03',
    email: 'dina@ecotrans.example',
    displayName: 'Дина Соколова',
    orgId: DEMO_OPERATIONS_ID,
    seat: 'full',
    roles: [{ roleId: 'dispatcher', orgId: DEMO_OPERATIONS_ID }],
    note: 'dispatcher (full seat)',
  },
  {
    id: '01JDEM000000000000000USR04',
    email: 'anna@ecotrans.example',
    displayName: 'Анна Кузнецова',
    orgId: DEMO_FINANCE_ID,
    seat: 'full',
    // The company's accountant: issues invoices and acts to every client.
    roles: [{ roleId: 'accountant', orgId: DEMO_COMPANY_ID }],
    note: 'accountant of the company, bills every client (full seat)',
  },
  {
    id: '01JDEM000000000000000USR07',
    email: 'boris@ecotrans.example',
    displayName: 'Борис Орлов',
    orgId: DEMO_NORTH_ID,
    seat: 'full',
    roles: [{ roleId: 'dispatcher', orgId: DEMO_NORTH_ID }],
    note: 'dispatcher of the North branch (full seat)',
  },
  {
    id: '01JDEM000000000000000USR05',
    email: 'olga@raduga.example',
    displayName: 'Ольга Смирнова',
    orgId: DEMO_RADUGA_ID,
    seat: 'portal',
    roles: [{ roleId: 'client-admin', orgId: DEMO_RADUGA_ID }],
    note: 'Raduga Mall contact, invites her colleagues (portal seat)',
  },
  {
    id: '01JDEM000000000000000USR06',
    email: 'petr@sever.example',
    displayName: 'Пётр Иванов',
    orgId: DEMO_SEVER_ID,
    seat: 'portal',
    roles: [],
    locale: 'en',
    note: 'Hotel Sever contact, reads English (portal seat)',
  },
];

/** Demo users by first name, for tests and examples. */
export const demoUser = Object.fromEntries(
  demoUsers.map((u) => [u.email.split('@')[0] ?? u.email, u]),
) as Record<'admin' | 'ivan' | 'dina' | 'anna' | 'boris' | 'olga' | 'petr', DemoUser>;
