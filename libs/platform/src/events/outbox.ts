import type { OnApplicationBootstrap } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Model, Schema } from 'mongoose';
import type { EventEnvelope } from '@orbita/contracts';
import { CLOCK, PLATFORM_OPTIONS } from '../bus/tokens';
import type { PlatformOptions } from '../bus/platform-options';
import { outboxOldestPendingSeconds, outboxPublished } from '../metrics/metrics';
import type { Clock } from '../time/clock';
import { EventPublisher } from './event-publisher';
import { killAtFailpoint } from '../faults/failpoints';

/**
 * Crash-safe events without transactions (ARCHITECTURE §2). A state change and the events it
 * causes are written in ONE single-document write: the events go into the document's `outbox`
 * array (as JSON strings, because FerretDB's $pull matches whole values only) and `outboxAt` says
 * from when the relay's sweep should look at the document. The relay publishes each pending event
 * to JetStream with `Nats-Msg-Id` = event id and then clears the outbox in one write. A crash at
 * any line leaves either the event still pending (published on a later sweep) or published but
 * not yet cleared (re-published, dropped by the stream's duplicate window; consumers are
 * idempotent on the event id in any case).
 */
export interface OutboxFields {
  outbox?: string[];
  /**
   * Present while the outbox holds events: when the sweep should next look (the time of the
   * oldest pending event, or later after a failed publication, so a document that keeps failing
   * goes to the back rather than starving the others). The sweep reads only what is pending,
   * through its index, in this order.
   */
  outboxAt?: Date;
}

export function withOutbox<T extends OutboxFields>(schema: Schema<T>): Schema<T> {
  (schema as Schema).add({
    outbox: { type: [String], default: undefined },
    outboxAt: { type: Date },
  });
  // Serves OutboxRelay.sweep: find({ outboxAt: { $lte: now } }).sort({ outboxAt: 1 }); sparse, so
  // it holds only the documents with pending events, however many there are without.
  schema.index({ outboxAt: 1 }, { sparse: true });
  return schema;
}

function oldest(events: EventEnvelope[]): Date {
  return new Date(Math.min(...events.map((e) => Date.parse(e.occurredAt))));
}

/** Fields of an inserted document that carries events (none when there are no events). */
export function outboxOnInsert(events: EventEnvelope[]): OutboxFields {
  if (events.length === 0) {
    return {};
  }
  return { outbox: events.map((e) => JSON.stringify(e)), outboxAt: oldest(events) };
}

/** Update operators that add events to a document in the same write as the state change. */
export function outboxOnUpdate(events: EventEnvelope[]): {
  $push?: { outbox: { $each: string[] } };
  $min?: { outboxAt: Date };
} {
  if (events.length === 0) {
    return {};
  }
  return {
    $push: { outbox: { $each: events.map((e) => JSON.stringify(e)) } },
    // Keeps the mark of events already pending (older), sets it on a document that had none.
    $min: { outboxAt: oldest(events) },
  };
}

/** Test-only fault injection points (FAILPOINT env); see the crash-safety integration test. */
export const OutboxFailpoint = {
  BeforePublish: 'outbox.before-publish',
  AfterPublish: 'outbox.after-publish',
} as const;

type AnyModel = Model<OutboxFields & { _id: string }>;

/** How many pending documents one sweep takes per model; the rest wait for the next sweep. */
const SWEEP_BATCH = 100;
/** A write's own dispatch publishes at once; the sweep leaves documents this young to it. */
const SWEEP_GRACE_MS = 2_000;
/** After a failed publication the document is looked at again this much later. */
const RETRY_AFTER_MS = 30_000;
/** An event waiting longer than this to be published is logged (and shows in the age metric). */
const LATE_AFTER_MS = 60_000;

@Injectable()
export class OutboxRelay implements OnApplicationBootstrap {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly models = new Map<string, AnyModel>();
  private readonly flushing = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;
  private sweeping: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly publisher: EventPublisher,
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformOptions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Repositories whose documents carry an outbox register their model once. */
  register(model: Model<never>): void {
    this.models.set(model.modelName, model as unknown as AnyModel);
  }

  /**
   * Publishes now the events a write has just added to a document (no read: the writer passes
   * them), then clears them; failures are left to the sweep.
   */
  dispatch(model: Model<never>, id: string, events: EventEnvelope[]): void {
    if (this.stopped || events.length === 0) {
      return;
    }
    const raw = events.map((e) => JSON.stringify(e));
    this.flush(model.modelName, id, raw).catch((err: unknown) => {
      this.logger.warn({
        err,
        model: model.modelName,
        id,
        msg: 'Event publication deferred to the next sweep',
      });
    });
  }

  onApplicationBootstrap(): void {
    const every = this.options.events?.relaySweepMs ?? 5_000;
    // Events a crash left behind go out at once, then on every sweep.
    const loop = async (): Promise<void> => {
      while (!this.stopped) {
        this.sweeping = this.sweep();
        await this.sweeping;
        if (this.isStopped()) {
          return;
        }
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          this.timer = setTimeout(resolve, every);
          this.timer.unref();
        });
      }
    };
    void loop();
  }

  /** Read through a method: `stopped` changes while the sweep loop awaits. */
  private isStopped(): boolean {
    return this.stopped;
  }

  /** Called by the platform at shutdown, before NATS is drained. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) {
      clearTimeout(this.timer);
    }
    this.wake?.();
    await this.sweeping;
    await Promise.allSettled([...this.flushing.values()]);
  }

  /**
   * Publishes what is due, oldest first: one indexed read per model of only the pending
   * documents (never the collection), so its cost does not grow with what is stored.
   */
  async sweep(): Promise<void> {
    for (const model of this.models.values()) {
      const now = this.clock.now().getTime();
      let due: (OutboxFields & { _id: string })[];
      try {
        due = await model
          .find({ outboxAt: { $lte: new Date(now - SWEEP_GRACE_MS) } }, { outbox: 1, outboxAt: 1 })
          .sort({ outboxAt: 1 })
          .limit(SWEEP_BATCH)
          .lean();
      } catch (err) {
        this.logger.warn({ err, model: model.modelName, msg: 'Outbox sweep could not read pending events' });
        continue;
      }
      this.reportAge(model.modelName, due, now);
      for (const doc of due) {
        if (this.stopped) {
          return;
        }
        await this.flush(model.modelName, doc._id, doc.outbox ?? []).catch(async (err: unknown) => {
          this.logger.warn({
            err,
            model: model.modelName,
            id: doc._id,
            msg: 'Outbox sweep could not publish',
          });
          // To the back of the line, so a document that keeps failing does not hold up the others.
          await model
            .updateOne(
              { _id: doc._id },
              { $set: { outboxAt: new Date(this.clock.now().getTime() + RETRY_AFTER_MS) } },
            )
            .catch(() => undefined);
        });
      }
    }
  }

  private reportAge(modelName: string, due: OutboxFields[], now: number): void {
    const waited = due.flatMap((doc) =>
      (doc.outbox ?? []).map((raw) => now - Date.parse((JSON.parse(raw) as EventEnvelope).occurredAt)),
    );
    const oldestMs = Math.max(0, ...waited);
    outboxOldestPendingSeconds.set({ model: modelName }, oldestMs / 1000);
    if (oldestMs > LATE_AFTER_MS) {
      this.logger.warn({
        model: modelName,
        pending: due.length,
        oldestSeconds: Math.round(oldestMs / 1000),
        msg: `An event has waited more than ${LATE_AFTER_MS / 1000} s to be published`,
      });
    }
  }

  /** One flush per document at a time; a second caller waits for the one running and then runs again. */
  private async flush(modelName: string, id: string, pending: string[]): Promise<void> {
    const key = `${modelName}:${id}`;
    const running = this.flushing.get(key);
    const next = (running ? running.catch(() => undefined) : Promise.resolve()).then(() =>
      this.publishPending(modelName, id, pending),
    );
    this.flushing.set(key, next);
    try {
      await next;
    } finally {
      if (this.flushing.get(key) === next) {
        this.flushing.delete(key);
      }
    }
  }

  private async publishPending(modelName: string, id: string, pending: string[]): Promise<void> {
    const model = this.models.get(modelName);
    if (!model) {
      throw new Error(`Model ${modelName} is not registered with the outbox relay`);
    }
    this.failpoint(OutboxFailpoint.BeforePublish);
    for (const raw of pending) {
      await this.publisher.publish(JSON.parse(raw) as EventEnvelope);
    }
    this.failpoint(OutboxFailpoint.AfterPublish);
    outboxPublished.inc({ model: modelName }, pending.length);
    // One write: when the outbox holds exactly what was published, it goes, mark and all.
    const cleared = await model.updateOne(
      { _id: id, outbox: pending },
      { $unset: { outbox: '', outboxAt: '' } },
    );
    if (cleared.matchedCount === 1) {
      return;
    }
    // Something was added meanwhile (or was pending before): take out only what went; the rest
    // keeps the document's mark for its own dispatch or the sweep.
    const pulled = await model
      .findOneAndUpdate({ _id: id }, { $pullAll: { outbox: pending } }, { returnDocument: 'after' })
      .lean();
    if (pulled && (pulled.outbox ?? []).length === 0) {
      await model.updateOne({ _id: id, outbox: { $size: 0 } }, { $unset: { outbox: '', outboxAt: '' } });
    }
  }

  private failpoint(name: string): void {
    killAtFailpoint(this.options, name, this.logger);
  }
}
