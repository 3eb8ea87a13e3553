import type { Principal } from '@orbita/contracts';
import type { AccessScope, ScopedResource } from './access-scope';
import { isVisibleTo, scopeFilter, scopeOf } from './access-scope';

/**
 * An in-memory evaluation of the filter `scopeFilter` builds, for the two operators it may use, so
 * the Mongo filter and `isVisibleTo` can be checked against each other.
 */
function matches(filter: Record<string, unknown>, doc: ScopedResource): boolean {
  const clauses = filter['$or'];
  if (!Array.isArray(clauses)) {
    throw new Error(`unexpected filter ${JSON.stringify(filter)}`);
  }
  return clauses.some((clause: Record<string, unknown>) =>
    Object.entries(clause).every(([field, value]) => {
      const array: unknown = (doc as unknown as Record<string, unknown>)[field];
      return Array.isArray(array) && array.includes(value);
    }),
  );
}

// root (HQ) ─┬─ branch-msk ── client-acme
//            └─ branch-spb
const hq: AccessScope = { userId: 'u-hq', orgId: 'root' };
const msk: AccessScope = { userId: 'u-msk', orgId: 'branch-msk' };
const spb: AccessScope = { userId: 'u-spb', orgId: 'branch-spb' };
const acme: AccessScope = { userId: 'u-acme', orgId: 'client-acme' };
const foreign: AccessScope = { userId: 'u-other', orgId: 'other-company' };

const mskTask: ScopedResource = { orgPath: ['root', 'branch-msk'], participants: ['u-msk'] };
const acmeTask: ScopedResource = { orgPath: ['root', 'branch-msk', 'client-acme'], participants: [] };
const spbTaskWithAcme: ScopedResource = { orgPath: ['root', 'branch-spb'], participants: ['u-acme'] };

describe('access scope', () => {
  it('takes the user and org of a principal', () => {
    const principal: Principal = {
      userId: 'u1',
      orgId: 'branch-msk',
      orgPath: ['root', 'branch-msk'],
      roles: [],
      permissions: [],
      seat: 'portal',
      external: true,
    };
    expect(scopeOf(principal)).toEqual({ userId: 'u1', orgId: 'branch-msk' });
  });

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
    ['a foreign org sees nothing', foreign, mskTask, false],
    ['a foreign org sees nothing deep either', foreign, acmeTask, false],
  ] as const)('%s', (_label, scope, resource, visible) => {
    expect(isVisibleTo(scope, resource)).toBe(visible);
    expect(matches(scopeFilter(scope), resource)).toBe(visible);
  });

  it('does not confuse a user id with an org id', () => {
    const resource: ScopedResource = { orgPath: ['root', 'u-msk'], participants: ['branch-msk'] };
    expect(isVisibleTo(msk, resource)).toBe(false);
    expect(matches(scopeFilter(msk), resource)).toBe(false);
  });

  it('builds a filter on the org path or the participants only', () => {
    expect(scopeFilter(msk)).toEqual({ $or: [{ orgPath: 'branch-msk' }, { participants: 'u-msk' }] });
  });
});
