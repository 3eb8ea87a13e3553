import type { Principal } from '@orbita/contracts';

/**
 * What a principal may read, as data a repository turns into a query filter. Repositories take it as
 * their first argument, so a query without tenant scope does not compile.
 *
 * A resource is visible when it is owned inside the principal's org subtree (its `orgPath` holds
 * the principal's org), or when the principal takes part in it (`participants`). Portal users are
 * thereby limited to their own org subtree and what they take part in; staff of HQ (the root) see the
 * whole company; staff of a branch see their branch.
 */
export interface AccessScope {
  readonly userId: string;
  readonly orgId: string;
}

export function scopeOf(principal: Principal): AccessScope {
  return { userId: principal.userId, orgId: principal.orgId };
}

/** The Mongo filter of what the scope may see, for documents with `orgPath` and `participants`. */
export function scopeFilter(scope: AccessScope): Record<string, unknown> {
  return { $or: [{ orgPath: scope.orgId }, { participants: scope.userId }] };
}

export interface ScopedResource {
  orgPath: readonly string[];
  participants: readonly string[];
}

/** The same rule for a resource already in memory. */
export function isVisibleTo(scope: AccessScope, resource: ScopedResource): boolean {
  return resource.orgPath.includes(scope.orgId) || resource.participants.includes(scope.userId);
}
