import type { LicenceUsage, SeatType } from '@orbita/contracts';
import type { LicencePayload } from '@orbita/platform';

/** Admins are warned this long before the licence expires. */
export const EXPIRY_WARNING_DAYS = 30;
/** A pool this full (or fuller) is worth a warning. */
export const NEARLY_FULL_SHARE = 0.9;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The usage report of a licence: seats per pool, expiry, and warnings for admins (in English). */
export function licenceUsage(
  licence: LicencePayload,
  used: readonly { seat: SeatType; used: number }[],
  now: Date,
): LicenceUsage {
  const left = Date.parse(licence.expiresAt) - now.getTime();
  const expired = left <= 0;
  const days = Math.floor(left / DAY_MS);
  const expiryDay = licence.expiresAt.slice(0, 10);
  const warnings: string[] = [];
  if (expired) {
    warnings.push(
      `The licence expired on ${expiryDay}: nobody new can be activated or invited until a new licence is installed. Existing users keep working.`,
    );
  } else if (left <= EXPIRY_WARNING_DAYS * DAY_MS) {
    const within = days === 0 ? 'less than a day' : days === 1 ? '1 day' : `${days} days`;
    warnings.push(
      `The licence expires on ${expiryDay} (in ${within}): install a renewed licence before then to keep activating and inviting users.`,
    );
  }
  const pools = used.map(({ seat, used: count }) => {
    const size = licence.pools[seat];
    const warning = poolWarning(seat, size, count);
    if (warning) {
      warnings.push(warning);
    }
    return { type: seat, size, used: count, available: size - count };
  });
  return {
    licenceId: licence.licenceId,
    licensee: licence.licensee,
    issuedAt: licence.issuedAt,
    expiresAt: licence.expiresAt,
    expired,
    // Negative once expired, also in the first day after expiry.
    expiresInDays: expired ? Math.min(days, -1) : days,
    pools,
    warnings,
  };
}

function poolWarning(seat: SeatType, size: number, used: number): string | null {
  if (used > size) {
    // A smaller licence never takes a seat away: it only holds back new ones.
    const inUse = `${used} "${seat}" ${used === 1 ? 'seat is' : 'seats are'} in use`;
    return size === 0
      ? `${inUse} but the licence has none: nobody loses access, but no "${seat}" user can be activated or invited under this licence.`
      : `${inUse} but the licence has ${size}: nobody loses access, but no "${seat}" user can be activated or invited until fewer than ${size} are in use.`;
  }
  if (size > 0 && used === size) {
    return `All ${size} "${seat}" seats are taken: free one (deactivate a user or revoke an invitation) or extend the licence to add users.`;
  }
  if (size > 0 && used >= size * NEARLY_FULL_SHARE) {
    return `${used} of ${size} "${seat}" seats are taken (${Math.floor((used / size) * 100)}%): the pool is nearly full.`;
  }
  return null;
}
