import type { Principal } from '@orbita/contracts';
import { ErrorCode, MEMBER_PERMISSIONS, Permission } from '@orbita/contracts';
import { AppError } from '../errors/app-error';
import type { ScopedResource } from './access-scope';
import {
  grantedOrgIds,
  hasPermission,
  isVisibleTo,
  requireAccess,
  requirePermission,
  scopeFilter,
  scopeOf,
} from './access-scope';

/**
 * An in-memory evaluation of the filter `scopeFilter` builds, for the operators it uses, so the
 * Mongo filter and `isVisibleTo` can be checked against each other.
 */
function matches(filter: Record<string, unknown>, doc: ScopedResource): boolean {
  const clauses = filter['$or'];
  if (!Array.isArray(clauses)) {
    throw new Error(`unexpected filter ${JSON.stringify(filter)}`);
  }
  return clauses.some((clause: Record<string, unknown>) =>
    Object.entries(clause).every(([field, value]) => {
      const array = (doc as unknown as Record<string, unknown>)[field];
      if (!Array.isArray(array)) {
        return false;
      }
      if (typeof value === 'object' && value !== null && '$in' in value) {
        return (value as { $in: unknown[] }).$in.some((v) => array.includes(v));
      }
      return array.includes(value);
    }),
  );
}

// root (HQ) ─┬─ branch-msk ── client-acme
//            └─ branch-spb
function principal(userId: string, orgPath: string[], extra: Principal['grants'] = []): Principal {
  const orgId = orgPath[orgPath.length - 1] ?? 'root';
  return {
    userId,
    orgId,
    orgPath,
    roles: [],
    grants: [{ orgId, permissions: [...MEMBER_PERMISSIONS] }, ...extra],
    seat: 'full',
    external: false,
  };
}

const hq = principal('u-hq', ['root']);
const msk = principal('u-msk', ['root', 'branch-msk']);
const spb = principal('u-spb', ['root', 'branch-spb']);
const acme = {
  ...principal('u-acme', ['root', 'branch-msk', 'client-acme']),
  seat: 'portal',
  external: true,
} satisfies Principal;
const foreign = principal('u-other', ['other-company']);
const mskManagerOfAcme = principal(
  'u-mgr',
  ['root', 'branch-spb'],
  [{ orgId: 'client-acme', permissions: [Permission.TaskRead, Permission.TaskManage] }],
);

/** The AppError code a call throws, or null when it does not throw. */
function codeOf(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    if (err instanceof AppError) {
      return err.code;
    }
    throw err;
  }
}

const mskTask: ScopedResource = { orgPath: ['root', 'branch-msk'], participants: ['u-msk'] };
const acmeTask: ScopedResource = { orgPath: ['root', 'branch-msk', 'client-acme'], participants: [] };
const spbTaskWithAcme: ScopedResource = { orgPath: ['root', 'branch-spb'], participants: ['u-acme'] };

describe('access model', () => {
  it.each([
    ['HQ sees a branch resource', hq, mskTask, true],
    ['HQ sees a client resource deep in the tree', hq, acmeTask, true],
    ['a branch sees its own resource', msk, mskTask, true],
    ['a branch sees what its client org owns', msk, acmeTask, true],
    ['a branch does not see a sibling branch', spb, mskTask, false],
    ['a client does not see its parent branch', acme, mskTask, false],
    ['a client sees its own resource', acme, acmeTask, true],
    ['a participant sees a resource outside their subtree', acme, spbTaskWithAcme, true],
    ['a sibling branch does not see it through someone else taking part', msk, spbTaskWithAcme, false],
    ['a personal manager sees the managed client org', mskManagerOfAcme, acmeTask, true],
    ['a personal manager does not see the branch above the client', mskManagerOfAcme, mskTask, false],
    ['a foreign org sees nothing', foreign, mskTask, false],
    ['a foreign org sees nothing deep either', foreign, acmeTask, false],
  ] as const)('%s', (_label, who, resource, visible) => {
    const scope = scopeOf(who, Permission.TaskRead);
    expect(isVisibleTo(scope, resource)).toBe(visible);
    expect(matches(scopeFilter(scope), resource)).toBe(visible);
  });

  it('limits a scope to the grants of the permission asked for', () => {
    expect(grantedOrgIds(mskManagerOfAcme, Permission.TaskManage)).toEqual(['client-acme']);
    expect(grantedOrgIds(mskManagerOfAcme, Permission.TaskRead).sort()).toEqual([
      'branch-spb',
      'client-acme',
    ]);
    expect(scopeOf(acme, Permission.UserManage)).toEqual({ userId: 'u-acme', orgIds: [] });
    // Without grants only taking part makes a resource visible.
    expect(scopeFilter(scopeOf(acme, Permission.UserManage))).toEqual({ $or: [{ participants: 'u-acme' }] });
  });

  it('answers NOT_FOUND for what cannot be seen and FORBIDDEN for what can be seen but not changed', () => {
    const manage = { resource: 'task', read: Permission.TaskRead, act: Permission.TaskManage };
    expect(
      codeOf(() => {
        requireAccess(spb, mskTask, { resource: 'task', read: Permission.TaskRead });
      }),
    ).toBe(ErrorCode.NotFound);
    expect(
      codeOf(() => {
        requireAccess(msk, null, { resource: 'task', read: Permission.TaskRead });
      }),
    ).toBe(ErrorCode.NotFound);
    expect(
      codeOf(() => {
        requireAccess(acme, acmeTask, manage);
      }),
    ).toBe(ErrorCode.Forbidden);
    expect(
      codeOf(() => {
        requireAccess(mskManagerOfAcme, acmeTask, manage);
      }),
    ).toBeNull();
  });

  it('checks a permission against the whole path of an org', () => {
    expect(
      hasPermission(mskManagerOfAcme, Permission.TaskManage, [
        'root',
        'branch-msk',
        'client-acme',
        'acme-site-1',
      ]),
    ).toBe(true);
    expect(hasPermission(mskManagerOfAcme, Permission.TaskManage, ['root', 'branch-msk'])).toBe(false);
    expect(
      codeOf(() => {
        requirePermission(acme, Permission.UserManage, acme.orgPath);
      }),
    ).toBe(ErrorCode.Forbidden);
  });
});
