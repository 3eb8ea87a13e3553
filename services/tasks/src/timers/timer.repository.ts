import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { MONGO_CONNECTION, Repository, systemScope } from '@orbita/platform';
import type { TimerDocument, TimerSubject } from './timer.schema';
import { TimerSchema } from './timer.schema';

const TIMERS = systemScope('timers are the service’s own');

@Injectable()
export class TimerRepository extends Repository<TimerDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection, 'Timer', TimerSchema, { visibleTo: () => ({ _id: { $in: [] } }) });
  }

  /** Schedules a timer; false when one with this id exists already (scheduling is idempotent). */
  async schedule(id: string, kind: string, subject: TimerSubject, dueAt: Date, now: Date): Promise<boolean> {
    return this.insertOnce({
      _id: id,
      kind,
      subject,
      status: 'pending',
      dueAt,
      scheduledFor: dueAt,
      leaseOwner: null,
      attempts: 0,
      firedAt: null,
      createdAt: now,
      updatedAt: now,
    });
  }

  /**
   * Schedules a timer, or sets one that was cancelled pending again at a new time (a schedule
   * paused and resumed before its occurrence); false when it is pending or fired already, so an
   * occurrence that fired never fires again.
   */
  async scheduleOrRearm(
    id: string,
    kind: string,
    subject: TimerSubject,
    dueAt: Date,
    now: Date,
  ): Promise<boolean> {
    if (await this.schedule(id, kind, subject, dueAt, now)) {
      return true;
    }
    return this.updateOne(
      TIMERS,
      { _id: id, status: 'cancelled' },
      { $set: { status: 'pending', dueAt, scheduledFor: dueAt, leaseOwner: null, updatedAt: now } },
    );
  }

  /**
   * Claims the earliest due pending timer for `owner` until `now + leaseMs` (one conditional write,
   * so two claimers never hold one lease); null when none is due.
   */
  async claimNext(owner: string, now: Date, leaseMs: number): Promise<TimerDocument | null> {
    return this.findOneAndUpdate(
      TIMERS,
      { status: 'pending', dueAt: { $lte: now } },
      {
        $set: { dueAt: new Date(now.getTime() + leaseMs), leaseOwner: owner, updatedAt: now },
        $inc: { attempts: 1 },
      },
      { returnDocument: 'after', sort: { dueAt: 1 } },
    );
  }

  /** Marks a claimed timer fired, if `owner` still holds its lease; whether it did. */
  async markFired(timer: TimerDocument, owner: string, now: Date): Promise<boolean> {
    return this.updateOne(
      TIMERS,
      { _id: timer._id, status: 'pending', leaseOwner: owner, attempts: timer.attempts },
      { $set: { status: 'fired', firedAt: now, updatedAt: now } },
    );
  }

  /** Cancels those of these timers still pending (by id, so it reads no other); how many it did. */
  async cancel(ids: readonly string[], now: Date): Promise<number> {
    return this.updateMany(
      TIMERS,
      { _id: { $in: [...ids] }, status: 'pending' },
      { $set: { status: 'cancelled', updatedAt: now } },
    );
  }

  async byId(id: string): Promise<TimerDocument | null> {
    return this.findOne(TIMERS, { _id: id });
  }
}
