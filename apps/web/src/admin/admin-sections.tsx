import { lazy } from 'react';
import type { ComponentType } from 'react';
import type { MeView, Permission } from '@orbita/contracts';
import { holds } from '../auth/auth-context';

/** One part of the administration: its address under /admin, its label key, who is offered it. */
export interface AdminSection {
  path: string;
  label: string;
  /** Offered to those holding any of these at some unit. */
  permissions: readonly Permission[];
  Page: ComponentType;
}

const OrgsPage = lazy(() => import('./orgs-page').then((m) => ({ default: m.OrgsPage })));
const UsersPage = lazy(() => import('./users-page').then((m) => ({ default: m.UsersPage })));
const InvitationsPage = lazy(() =>
  import('./invitations-page').then((m) => ({ default: m.InvitationsPage })),
);
const RolesPage = lazy(() => import('./roles-page').then((m) => ({ default: m.RolesPage })));
const LicencePage = lazy(() => import('./licence-page').then((m) => ({ default: m.LicencePage })));
const SchedulesPage = lazy(() =>
  import('../schedules/schedules-page').then((m) => ({ default: m.SchedulesPage })),
);

const TemplatesAdminPage = lazy(() =>
  import('../templates-admin/templates-admin-page').then((m) => ({ default: m.TemplatesAdminPage })),
);
const CalendarsAdminPage = lazy(() =>
  import('../calendars-admin/calendars-admin-page').then((m) => ({ default: m.CalendarsAdminPage })),
);
const DeadLettersPage = lazy(() =>
  import('../dead-letters-admin/dead-letters-page').then((m) => ({ default: m.DeadLettersPage })),
);

/** In the order the administration's navigation lists them; each page is its own chunk. */
const ADMIN_SECTIONS: readonly AdminSection[] = [
  // Every member may read their own units and people (MEMBER_PERMISSIONS): the people-and-structure
  // pages are offered to those who change them; a client's admin (user.invite) gets the invitations.
  { path: 'orgs', label: 'admin.nav.orgs', permissions: ['org.manage'], Page: OrgsPage },
  { path: 'users', label: 'admin.nav.users', permissions: ['user.manage'], Page: UsersPage },
  {
    path: 'invitations',
    label: 'admin.nav.invitations',
    permissions: ['user.invite'],
    Page: InvitationsPage,
  },
  { path: 'roles', label: 'admin.nav.roles', permissions: ['role.manage'], Page: RolesPage },
  {
    path: 'licence',
    label: 'admin.nav.licence',
    permissions: ['licence.view', 'licence.manage'],
    Page: LicencePage,
  },
  { path: 'schedules', label: 'nav.schedules', permissions: ['process.manage'], Page: SchedulesPage },
  {
    path: 'templates',
    label: 'admin.nav.templates',
    permissions: ['process.manage'],
    Page: TemplatesAdminPage,
  },
  {
    path: 'calendars',
    label: 'admin.nav.calendars',
    permissions: ['calendar.manage'],
    Page: CalendarsAdminPage,
  },
  {
    path: 'dead-letters',
    label: 'admin.nav.deadLetters',
    permissions: ['ops.manage'],
    Page: DeadLettersPage,
  },
];

/** The sections a person is offered; `null` for every section (the routes: pages refuse by themselves). */
export function permittedAdminSections(user: MeView | null): readonly AdminSection[] {
  return user === null
    ? ADMIN_SECTIONS
    : ADMIN_SECTIONS.filter((section) => section.permissions.some((permission) => holds(user, permission)));
}
