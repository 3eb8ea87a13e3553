import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { EventEnvelope } from '@orbita/contracts';
import { MONGO_CONNECTION, OutboxRelay, Repository, systemScope } from '@orbita/platform';
import type { ThrottleDocument } from './login-throttle.schema';
import { ThrottleSchema } from './login-throttle.schema';

/** Counters keyed by hashed account and address; no tenant data lives here. */
const COUNTERS = systemScope('login counters are keyed by hashed account and address, before sign-in');

@Injectable()
export class LoginThrottleRepository extends Repository<ThrottleDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    super(connection, 'LoginThrottle', ThrottleSchema, { visibleTo: () => ({ _id: { $in: [] } }), relay });
  }

  async byKeys(keys: string[]): Promise<ThrottleDocument[]> {
    return this.findMany(COUNTERS, { _id: { $in: keys } }, { limit: keys.length });
  }

  /** Counts one more failure under the key, starting a new window when the old one has passed. */
  async countFailure(key: string, now: Date, windowStartsAfter: Date): Promise<ThrottleDocument> {
    await this.updateOne(
      COUNTERS,
      { _id: key, windowStartedAt: { $lte: windowStartsAfter } },
      { $set: { failures: 0, windowStartedAt: now, blockedUntil: null } },
    );
    const doc = await this.findOneAndUpdate(
      COUNTERS,
      { _id: key },
      { $inc: { failures: 1 }, $set: { updatedAt: now }, $setOnInsert: { windowStartedAt: now } },
      { upsert: true },
    );
    if (!doc) {
      throw new Error(`The login counter ${key} was neither found nor made`);
    }
    return doc;
  }

  async block(key: string, until: Date, events: EventEnvelope[]): Promise<void> {
    await this.updateOne(COUNTERS, { _id: key }, { $set: { blockedUntil: until } }, events);
  }

  /** Records events (failed attempts) on the counter they concern. */
  async record(key: string, events: EventEnvelope[]): Promise<void> {
    await this.updateOne(COUNTERS, { _id: key }, {}, events);
  }

  async clear(keys: string[]): Promise<void> {
    await this.updateMany(COUNTERS, { _id: { $in: keys } }, { $set: { failures: 0, blockedUntil: null } });
  }

  async deleteStale(before: Date): Promise<number> {
    return this.deleteMany(COUNTERS, { updatedAt: { $lt: before }, outboxAt: { $exists: false } });
  }
}
