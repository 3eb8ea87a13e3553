import type { SeatType } from '@orbita/contracts';

/**
 * The licence's seat pools as users need them: inviting or activating takes a seat of the user's
 * type (refused over the limit), deactivating gives it back. Implemented by the licences feature.
 */
export interface Seats {
  take(seat: SeatType, holderId: string): Promise<void>;
  release(seat: SeatType, holderId: string): Promise<void>;
  /** Gives back seats whose holders are no longer entitled (crash leftovers, lapsed invitations). */
  reconcile(isEntitled: (seat: SeatType, holderIds: string[]) => Promise<Set<string>>): Promise<number>;
}

export const SEATS = Symbol('SEATS');
