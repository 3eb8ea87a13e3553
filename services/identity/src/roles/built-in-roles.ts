import type { Permission } from '@orbita/contracts';
import { Permission as P, allPermissions } from '@orbita/contracts';

export interface BuiltInRole {
  id: string;
  description: string;
  permissions: readonly Permission[];
}

/**
 * Roles every installation starts with; their permissions are fixed (so nobody can lock the
 * administrators out by editing a role). Customers add their own roles as data.
 */
export const BUILT_IN_ROLES: readonly BuiltInRole[] = [
  {
    id: 'admin',
    description: 'Administers the org structure, users, roles, licences, keys and process templates',
    permissions: allPermissions,
  },
  {
    id: 'manager',
    description: 'Runs processes and invites people in the unit',
    permissions: [
      P.OrgRead,
      P.UserRead,
      P.UserInvite,
      P.TaskRead,
      P.TaskManage,
      P.FileRead,
      P.FileManage,
      P.ReportView,
    ],
  },
  {
    id: 'dispatcher',
    description: 'Works on the tasks of the unit',
    permissions: [P.OrgRead, P.UserRead, P.TaskRead, P.TaskManage, P.FileRead, P.FileManage],
  },
  {
    id: 'accountant',
    description: 'Produces and files documents of the unit',
    permissions: [P.OrgRead, P.UserRead, P.TaskRead, P.TaskManage, P.FileRead, P.FileManage],
  },
  {
    id: 'client-admin',
    description: 'Invites colleagues into their own (client or partner) org',
    permissions: [P.OrgRead, P.UserRead, P.UserInvite],
  },
];
