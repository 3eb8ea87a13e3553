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

const SchedulesPage = lazy(() =>
  import('../schedules/schedules-page').then((m) => ({ default: m.SchedulesPage })),
);

/** In the order the administration's navigation lists them; each page is its own chunk. */
const ADMIN_SECTIONS: readonly AdminSection[] = [
  { path: 'schedules', label: 'nav.schedules', permissions: ['process.manage'], Page: SchedulesPage },
];

/** The sections a person is offered; `null` for every section (the routes: pages refuse by themselves). */
export function permittedAdminSections(user: MeView | null): readonly AdminSection[] {
  return user === null
    ? ADMIN_SECTIONS
    : ADMIN_SECTIONS.filter((section) => section.permissions.some((permission) => holds(user, permission)));
}
