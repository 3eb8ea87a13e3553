import { Inject, Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import type { EventEnvelope, SeatType } from '@orbita/contracts';
import { MONGO_CONNECTION, OutboxRelay, OutboxedRepository } from '@orbita/platform';
import type { LicenceDocument, SeatDocument } from './licence.schema';
import { LicenceSchema, SeatSchema } from './licence.schema';

const DUPLICATE_KEY = 11000;

export type InstalledLicence = Omit<LicenceDocument, 'outbox' | 'outboxPending'>;

/** What became of an attempt to take a seat. */
export type SeatTake = 'taken' | 'already-held' | 'pool-full';

export interface HeldSeat {
  holderId: string;
  takenAt: Date;
}

/**
 * Installed licences and taken seats. Licences and seats belong to the installation as a whole (one
 * licensee), not to an org, so these queries have no tenant argument.
 */
@Injectable()
export class LicenceRepository extends OutboxedRepository<LicenceDocument> {
  private readonly seats: Model<SeatDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    super(connection, 'Licence', LicenceSchema, relay);
    this.seats = connection.model<SeatDocument>('Seat', SeatSchema);
  }

  protected override async prepare(): Promise<void> {
    await Promise.all([super.prepare(), this.seats.createIndexes()]);
  }

  /** Stores an installation and its events in one insert; the relay then publishes the events. */
  async insertLicence(licence: InstalledLicence, events: EventEnvelope[]): Promise<void> {
    await this.insertWithEvents(licence, events);
  }

  async newestLicence(): Promise<InstalledLicence | null> {
    return this.model
      .findOne({}, { outbox: 0, outboxPending: 0 })
      .sort({ installedAt: -1, _id: -1 })
      .lean<InstalledLicence>();
  }

  /**
   * Takes a seat of the pool for the holder unless `size` seats are taken. Inserts the document of
   * a free slot below `size`; two takers of the same slot collide on its unique `_id`, and the loser
   * tries another free slot, so at most `size` takers succeed however many race. Once a smaller
   * licence has left seats in slots at or above `size`, the count is checked again after the insert
   * and the new seat given back if the pool is over: conservative while over, exact otherwise.
   */
  async takeSeat(pool: SeatType, holderId: string, size: number, now: Date): Promise<SeatTake> {
    if (await this.holdsSeat(pool, holderId)) {
      return 'already-held';
    }
    // Each collision means another taker got a slot, so this bounds the work of one take.
    for (let attempt = 0; attempt <= size + 16; attempt++) {
      if ((await this.seats.countDocuments({ pool })) >= size) {
        return 'pool-full';
      }
      const used = new Set(
        (await this.seats.find({ pool, slot: { $lt: size } }, { slot: 1 }).lean<{ slot: number }[]>()).map(
          (seat) => seat.slot,
        ),
      );
      const free: number[] = [];
      for (let slot = 0; slot < size; slot++) {
        if (!used.has(slot)) {
          free.push(slot);
        }
      }
      if (free.length === 0) {
        return 'pool-full';
      }
      // A random free slot rather than the first, so concurrent takers rarely collide.
      const slot = free[Math.floor(Math.random() * free.length)] ?? 0;
      const seat: SeatDocument = { _id: `${pool}:${slot}`, pool, slot, holderId, takenAt: now };
      if (!(await this.insertSeat(seat))) {
        if (await this.holdsSeat(pool, holderId)) {
          return 'already-held';
        }
        continue;
      }
      if ((await this.seats.countDocuments({ pool })) > size) {
        await this.seats.deleteOne({ _id: seat._id, holderId });
        return 'pool-full';
      }
      return 'taken';
    }
    return 'pool-full';
  }

  /**
   * Records a seat without regard to the pool's size, in the lowest free slot: for holders who are
   * entitled already (see LicenceService.adoptSeat).
   */
  async adoptSeat(pool: SeatType, holderId: string, now: Date): Promise<boolean> {
    for (;;) {
      if (await this.holdsSeat(pool, holderId)) {
        return false;
      }
      const slots = await this.seats.find({ pool }, { slot: 1 }).sort({ slot: 1 }).lean<{ slot: number }[]>();
      let slot = 0;
      while (slots[slot]?.slot === slot) {
        slot++;
      }
      if (await this.insertSeat({ _id: `${pool}:${slot}`, pool, slot, holderId, takenAt: now })) {
        return true;
      }
    }
  }

  /** True when the holder had a seat of the pool. A delete is atomic on FerretDB too. */
  async releaseSeat(pool: SeatType, holderId: string): Promise<boolean> {
    const result = await this.seats.deleteOne({ pool, holderId });
    return result.deletedCount === 1;
  }

  /** Releases the seat only if it is still the one taken at `takenAt` (not released and taken again). */
  async releaseSeatTakenAt(pool: SeatType, holderId: string, takenAt: Date): Promise<boolean> {
    const result = await this.seats.deleteOne({ pool, holderId, takenAt });
    return result.deletedCount === 1;
  }

  async holdsSeat(pool: SeatType, holderId: string): Promise<boolean> {
    return (await this.seats.exists({ pool, holderId })) !== null;
  }

  async countSeats(pool: SeatType): Promise<number> {
    return this.seats.countDocuments({ pool });
  }

  /** The pool's seats, in slot order; `takenBefore` limits them to those taken at or before it. */
  async heldSeats(pool: SeatType, takenBefore?: Date): Promise<HeldSeat[]> {
    const filter = takenBefore ? { pool, takenAt: { $lte: takenBefore } } : { pool };
    const seats = await this.seats
      .find(filter, { holderId: 1, takenAt: 1 })
      .sort({ slot: 1 })
      .lean<SeatDocument[]>();
    return seats.map((seat) => ({ holderId: seat.holderId, takenAt: seat.takenAt }));
  }

  /** False when the slot or the holder's seat of that pool exists already. */
  private async insertSeat(seat: SeatDocument): Promise<boolean> {
    try {
      await this.seats.create(seat);
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) {
        return false;
      }
      throw err;
    }
  }
}

function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === DUPLICATE_KEY;
}
