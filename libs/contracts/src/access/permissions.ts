import { z } from 'zod';

/**
 * What a role may let its holder do, within the subtree of the org unit the role is assigned at.
 * Roles are data (named sets of these); the permissions themselves are the vocabulary services
 * check, so a permission is never renamed: add a new one.
 */
export const Permission = {
  OrgRead: 'org.read',
  OrgManage: 'org.manage',
  UserRead: 'user.read',
  UserInvite: 'user.invite',
  UserManage: 'user.manage',
  RoleManage: 'role.manage',
  LicenceView: 'licence.view',
  LicenceManage: 'licence.manage',
  KeysManage: 'keys.manage',
  TaskRead: 'task.read',
  TaskManage: 'task.manage',
  FileRead: 'file.read',
  FileManage: 'file.manage',
  /** Running the installation: dead letters (events a service could not handle), operational views. */
  OpsManage: 'ops.manage',
  /** Process templates: upload, validate, publish and retire the installation's processes. */
  ProcessManage: 'process.manage',
  /** Defining registers (their record schemas as data); records themselves take task.manage. */
  RegisterManage: 'register.manage',
  /** Working calendars: hours, time zones, holidays and moved days, and which units they apply to. */
  CalendarManage: 'calendar.manage',
  /** The company's reports: SLA compliance, whose time requests spent, operations per manager. */
  ReportView: 'report.view',
} as const;

export type Permission = (typeof Permission)[keyof typeof Permission];
export const allPermissions: readonly Permission[] = Object.values(Permission);
export const PermissionSchema = z.enum(allPermissions as [Permission, ...Permission[]]);

/** Permissions at an org unit: they apply to that org and everything below it. */
export const GrantSchema = z.object({
  orgId: z.string().min(1),
  permissions: z.array(PermissionSchema),
});
export type Grant = z.infer<typeof GrantSchema>;

/**
 * What every user may do in their own org subtree without any role: see its people, units, tasks
 * and files. A portal user is thereby limited to their own org subtree (plus what they take part in).
 */
export const MEMBER_PERMISSIONS: readonly Permission[] = [
  Permission.OrgRead,
  Permission.UserRead,
  Permission.TaskRead,
  Permission.FileRead,
];

/** What a personal manager may do in the external orgs they manage. */
export const PERSONAL_MANAGER_PERMISSIONS: readonly Permission[] = [
  Permission.OrgRead,
  Permission.UserRead,
  Permission.UserInvite,
  Permission.TaskRead,
  Permission.TaskManage,
  Permission.FileRead,
  Permission.FileManage,
];
