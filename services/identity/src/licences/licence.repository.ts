import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { EventEnvelope, SeatType } from '@orbita/contracts';
import type { SystemScope } from '@orbita/platform';
import { MONGO_CONNECTION, OutboxRelay, Repository, systemScope } from '@orbita/platform';
import type { LicenceDocument, SeatDocument } from './licence.schema';
import { LicenceSchema, SeatSchema } from './licence.schema';

export type InstalledLicence = Omit<LicenceDocument, 'outbox' | 'outboxAt'>;

/** Licences and seats belong to the installation as a whole (one licensee), not to an org. */
const INSTALLATION = systemScope('licences and seats belong to the installation, not to an org');
const NOBODY = () => ({ _id: { $in: [] } });

/** The taken seats, one document per slot of a pool (see LicenceRepository.takeSeat). */
class SeatStore extends Repository<SeatDocument> {
  constructor(connection: Connection) {
    super(connection, 'Seat', SeatSchema, { visibleTo: NOBODY });
  }

  countIn(scope: SystemScope, pool: SeatType): Promise<number> {
    return this.count(scope, { pool });
  }

  slots(scope: SystemScope, filter: Record<string, unknown>): Promise<SeatDocument[]> {
    return this.findMany(scope, filter, { sort: { slot: 1 }, limit: 100_000 });
  }

  held(scope: SystemScope, pool: SeatType, holderId: string): Promise<SeatDocument | null> {
    return this.findOne(scope, { pool, holderId });
  }

  /** False when the slot or the holder's seat of that pool exists already. */
  add(seat: SeatDocument): Promise<boolean> {
    return this.insertOnce(seat);
  }

  async remove(scope: SystemScope, filter: Record<string, unknown>): Promise<boolean> {
    return (await this.deleteMany(scope, filter)) === 1;
  }
}

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
export class LicenceRepository extends Repository<LicenceDocument> {
  private readonly seats: SeatStore;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    super(connection, 'Licence', LicenceSchema, { visibleTo: NOBODY, relay });
    this.seats = new SeatStore(connection);
  }

  override async onModuleInit(): Promise<void> {
    await Promise.all([super.onModuleInit(), this.seats.ready()]);
  }

  /** Stores an installation and its events in one insert; the relay then publishes the events. */
  async insertLicence(licence: InstalledLicence, events: EventEnvelope[]): Promise<void> {
    await this.insert(licence, events);
  }

  async newestLicence(): Promise<InstalledLicence | null> {
    const [newest] = await this.findMany(INSTALLATION, {}, { sort: { installedAt: -1, _id: -1 }, limit: 1 });
    return newest ?? null;
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
      if ((await this.seats.countIn(INSTALLATION, pool)) >= size) {
        return 'pool-full';
      }
      const used = new Set(
        (await this.seats.slots(INSTALLATION, { pool, slot: { $lt: size } })).map((seat) => seat.slot),
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
      if (!(await this.seats.add(seat))) {
        if (await this.holdsSeat(pool, holderId)) {
          return 'already-held';
        }
        continue;
      }
      if ((await this.seats.countIn(INSTALLATION, pool)) > size) {
        await this.seats.remove(INSTALLATION, { _id: seat._id, holderId });
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
      const slots = await this.seats.slots(INSTALLATION, { pool });
      let slot = 0;
      while (slots[slot]?.slot === slot) {
        slot++;
      }
      if (await this.seats.add({ _id: `${pool}:${slot}`, pool, slot, holderId, takenAt: now })) {
        return true;
      }
    }
  }

  /** True when the holder had a seat of the pool. A delete is atomic on FerretDB too. */
  async releaseSeat(pool: SeatType, holderId: string): Promise<boolean> {
    return this.seats.remove(INSTALLATION, { pool, holderId });
  }

  /** Releases the seat only if it is still the one taken at `takenAt` (not released and taken again). */
  async releaseSeatTakenAt(pool: SeatType, holderId: string, takenAt: Date): Promise<boolean> {
    return this.seats.remove(INSTALLATION, { pool, holderId, takenAt });
  }

  async holdsSeat(pool: SeatType, holderId: string): Promise<boolean> {
    return (await this.seats.held(INSTALLATION, pool, holderId)) !== null;
  }

  async countSeats(pool: SeatType): Promise<number> {
    return this.seats.countIn(INSTALLATION, pool);
  }

  /** The pool's seats, in slot order; `takenBefore` limits them to those taken at or before it. */
  async heldSeats(pool: SeatType, takenBefore?: Date): Promise<HeldSeat[]> {
    const filter = takenBefore ? { pool, takenAt: { $lte: takenBefore } } : { pool };
    const seats = await this.seats.slots(INSTALLATION, filter);
    return seats.map((seat) => ({ holderId: seat.holderId, takenAt: seat.takenAt }));
  }
}
