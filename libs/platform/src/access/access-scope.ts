import type { Permission, Principal } from '@orbita/contracts';
import { ErrorCode } from '@orbita/contracts';
import { AppError } from '../errors/app-error';

/**
 * The access model every service applies itself (ARCHITECTURE §4). A principal holds grants:
 * permissions at org units, each covering that unit's subtree. A resource records its owning org's
 * path (`orgPath`, company first) and the people taking part (`participants`).
 *
 * - Seeing a resource: a grant of the read permission at an org on the resource's path, or taking
 *   part in it. Every user holds the member grant at their own org, so portal users see their own
 *   org subtree and what they take part in, and nothing else.
 * - Acting on it: a grant of the acting permission at an org on its path.
 * - What one may not see is NOT_FOUND (a guessed id tells nothing); what one sees but may not
 *   change is FORBIDDEN.
 */
export interface ScopedResource {
  orgPath: readonly string[];
  participants?: readonly string[];
}

declare const accessScopeBrand: unique symbol;
declare const systemScopeBrand: unique symbol;

/**
 * What a principal may read with a permission, as data a repository turns into a query filter.
 * Only `scopeOf` makes one (the brand cannot be written elsewhere), so every query a repository
 * runs for a caller is scoped by that caller's grants, and one without a scope does not compile.
 */
export interface AccessScope {
  readonly userId: string;
  /** Orgs whose subtrees are visible. */
  readonly orgIds: readonly string[];
  readonly [accessScopeBrand]: true;
}

/**
 * A query the service runs on its own account, not for a caller: a sweep, a login by e-mail, a
 * copy kept of another service's data. Made only by `systemScope(why)`, so each such query says
 * why it needs no caller's scope, and all of them can be found by searching for it.
 */
export interface SystemScope {
  readonly system: string;
  readonly [systemScopeBrand]: true;
}

export function systemScope(why: string): SystemScope {
  return { system: why } as unknown as SystemScope;
}

export function isSystemScope(scope: AccessScope | SystemScope): scope is SystemScope {
  return 'system' in scope;
}

/** Org units where the principal holds the permission. */
export function grantedOrgIds(principal: Principal, permission: Permission): string[] {
  return [...new Set(principal.grants.filter((g) => g.permissions.includes(permission)).map((g) => g.orgId))];
}

export function hasPermission(
  principal: Principal,
  permission: Permission,
  orgPath: readonly string[],
): boolean {
  return principal.grants.some((g) => g.permissions.includes(permission) && orgPath.includes(g.orgId));
}

export function scopeOf(principal: Principal, readPermission: Permission): AccessScope {
  const scope = { userId: principal.userId, orgIds: grantedOrgIds(principal, readPermission) };
  return scope as unknown as AccessScope;
}

/** A scope of what belongs to the caller alone (their inbox, their sessions): no org's subtree. */
export function ownScope(principal: Principal): AccessScope {
  const scope = { userId: principal.userId, orgIds: [] };
  return scope as unknown as AccessScope;
}

/** The Mongo filter of what the scope may see, for documents with `orgPath` and `participants`. */
export function scopeFilter(scope: AccessScope): Record<string, unknown> {
  const clauses: Record<string, unknown>[] = [{ participants: scope.userId }];
  if (scope.orgIds.length > 0) {
    clauses.push({ orgPath: { $in: [...scope.orgIds] } });
  }
  return { $or: clauses };
}

/** The same rule for a resource already in memory. */
export function isVisibleTo(scope: AccessScope, resource: ScopedResource): boolean {
  return (
    (resource.participants ?? []).includes(scope.userId) ||
    resource.orgPath.some((id) => scope.orgIds.includes(id))
  );
}

/**
 * The check at the top of a use case: NOT_FOUND unless the principal may see the resource (with
 * `readPermission`, or as a participant), FORBIDDEN unless they also hold `actPermission` over it.
 */
export function requireAccess(
  principal: Principal,
  resource: ScopedResource | null,
  what: { resource: string; read: Permission; act?: Permission },
): asserts resource is ScopedResource {
  if (!resource || !isVisibleTo(scopeOf(principal, what.read), resource)) {
    throw AppError.notFound(what.resource);
  }
  if (what.act && !hasPermission(principal, what.act, resource.orgPath)) {
    throw new AppError(ErrorCode.Forbidden);
  }
}

/** FORBIDDEN unless the principal holds the permission at one of the orgs on the path. */
export function requirePermission(
  principal: Principal,
  permission: Permission,
  orgPath: readonly string[],
): void {
  if (!hasPermission(principal, permission, orgPath)) {
    throw new AppError(ErrorCode.Forbidden);
  }
}
