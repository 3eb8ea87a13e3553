import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { EventEnvelope } from '@orbita/contracts';
import { MONGO_CONNECTION, OutboxRelay, OutboxedRepository, outboxOnUpdate } from '@orbita/platform';
import type { ThrottleDocument } from './login-throttle.schema';
import { ThrottleSchema } from './login-throttle.schema';

/** Counters keyed by hashed account and address; no tenant data lives here. */
@Injectable()
export class LoginThrottleRepository extends OutboxedRepository<ThrottleDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    super(connection, 'LoginThrottle', ThrottleSchema, relay);
  }

  async findMany(keys: string[]): Promise<ThrottleDocument[]> {
    return this.model.find({ _id: { $in: keys } }, { outbox: 0 }).lean<ThrottleDocument[]>();
  }

  /** Counts one more failure under the key, starting a new window when the old one has passed. */
  async countFailure(key: string, now: Date, windowStartsAfter: Date): Promise<ThrottleDocument> {
    await this.model.updateOne(
      { _id: key, windowStartedAt: { $lte: windowStartsAfter } },
      { $set: { failures: 0, windowStartedAt: now, blockedUntil: null } },
    );
    const doc = await this.model
      .findOneAndUpdate(
        { _id: key },
        { $inc: { failures: 1 }, $set: { updatedAt: now }, $setOnInsert: { windowStartedAt: now } },
        { upsert: true, returnDocument: 'after' },
      )
      .lean<ThrottleDocument>();
    return doc;
  }

  async block(key: string, until: Date, events: EventEnvelope[]): Promise<void> {
    const ops = outboxOnUpdate(events);
    await this.model.updateOne({ _id: key }, { ...ops, $set: { ...ops.$set, blockedUntil: until } });
    this.published(key, events);
  }

  /** Records events (failed attempts) on the counter they concern. */
  async record(key: string, events: EventEnvelope[]): Promise<void> {
    const ops = outboxOnUpdate(events);
    await this.model.updateOne({ _id: key }, ops);
    this.published(key, events);
  }

  async clear(keys: string[]): Promise<void> {
    await this.model.updateMany({ _id: { $in: keys } }, { $set: { failures: 0, blockedUntil: null } });
  }

  async deleteStale(before: Date): Promise<number> {
    const result = await this.model.deleteMany({
      updatedAt: { $lt: before },
      outboxPending: { $exists: false },
    });
    return result.deletedCount;
  }
}
