import type { OnApplicationBootstrap } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Model, Schema } from 'mongoose';
import type { EventEnvelope } from '@orbita/contracts';
import { PLATFORM_OPTIONS } from '../bus/tokens';
import type { PlatformOptions } from '../bus/platform-options';
import { EventPublisher } from './event-publisher';

/**
 * Crash-safe events without transactions (ARCHITECTURE §2). A state change and the events it
 * causes are written in ONE single-document write: the events go into the document's `outbox`
 * array (as JSON strings, because FerretDB's $pull matches whole values only) and `outboxPending`
 * is set. The relay then publishes each pending event to JetStream with `Nats-Msg-Id` = event id and
 * removes it with $pullAll. A crash at any line leaves either the event still pending (published on
 * the next sweep) or published but not yet removed (re-published, dropped by the stream's duplicate
 * window; consumers are idempotent on the event id in any case).
 */
export interface OutboxFields {
  outbox?: string[];
  outboxPending?: boolean;
}

export function withOutbox<T extends OutboxFields>(schema: Schema<T>): Schema<T> {
  (schema as Schema).add({
    outbox: { type: [String], default: undefined },
    outboxPending: { type: Boolean },
  });
  // Serves OutboxRelay.sweep: find({ outboxPending: true }).
  schema.index({ outboxPending: 1 }, { sparse: true });
  return schema;
}

/** Fields of an inserted document that carries events (none when there are no events). */
export function outboxOnInsert(events: EventEnvelope[]): OutboxFields {
  if (events.length === 0) {
    return {};
  }
  return { outbox: events.map((e) => JSON.stringify(e)), outboxPending: true };
}

/** Update operators that add events to a document in the same write as the state change. */
export function outboxOnUpdate(events: EventEnvelope[]): {
  $push?: { outbox: { $each: string[] } };
  $set: { outboxPending?: true };
} {
  if (events.length === 0) {
    return { $set: {} };
  }
  return {
    $push: { outbox: { $each: events.map((e) => JSON.stringify(e)) } },
    $set: { outboxPending: true },
  };
}

/** Test-only fault injection points (FAILPOINT env); see the crash-safety integration test. */
export const OutboxFailpoint = {
  BeforePublish: 'outbox.before-publish',
  AfterPublish: 'outbox.after-publish',
} as const;

type AnyModel = Model<OutboxFields & { _id: string }>;

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
  ) {}

  /** Repositories whose documents carry an outbox register their model once. */
  register(model: Model<never>): void {
    this.models.set(model.modelName, model as unknown as AnyModel);
  }

  /** Publish the pending events of one document now; failures are left to the next sweep. */
  dispatch(model: Model<never>, id: string): void {
    if (this.stopped) {
      return;
    }
    this.flush(model.modelName, id).catch((err: unknown) => {
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

  async sweep(): Promise<void> {
    for (const model of this.models.values()) {
      let pending: { _id: string }[];
      try {
        pending = await model.find({ outboxPending: true }, { _id: 1 }).limit(200).lean();
      } catch (err) {
        this.logger.warn({ err, model: model.modelName, msg: 'Outbox sweep could not read pending events' });
        continue;
      }
      for (const doc of pending) {
        if (this.stopped) {
          return;
        }
        await this.flush(model.modelName, doc._id).catch((err: unknown) => {
          this.logger.warn({
            err,
            model: model.modelName,
            id: doc._id,
            msg: 'Outbox sweep could not publish',
          });
        });
      }
    }
  }

  /** One flush per document at a time; a second caller waits for the one running and then runs again. */
  private async flush(modelName: string, id: string): Promise<void> {
    const key = `${modelName}:${id}`;
    const running = this.flushing.get(key);
    const next = (running ? running.catch(() => undefined) : Promise.resolve()).then(() =>
      this.publishPending(modelName, id),
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

  private async publishPending(modelName: string, id: string): Promise<void> {
    const model = this.models.get(modelName);
    if (!model) {
      throw new Error(`Model ${modelName} is not registered with the outbox relay`);
    }
    const doc = await model.findById(id, { outbox: 1, outboxPending: 1 }).lean();
    if (!doc?.outboxPending) {
      return;
    }
    const pending = doc.outbox ?? [];
    this.failpoint(OutboxFailpoint.BeforePublish);
    for (const raw of pending) {
      await this.publisher.publish(JSON.parse(raw) as EventEnvelope);
    }
    this.failpoint(OutboxFailpoint.AfterPublish);
    if (pending.length > 0) {
      await model.updateOne({ _id: id }, { $pullAll: { outbox: pending } });
    }
    // Cleared only when nothing new was appended meanwhile; otherwise the next flush takes it.
    await model.updateOne(
      { _id: id, $or: [{ outbox: { $size: 0 } }, { outbox: { $exists: false } }] },
      { $unset: { outboxPending: '' } },
    );
  }

  private failpoint(name: string): void {
    if (this.options.events?.failpoint === name) {
      this.logger.warn({ failpoint: name, msg: 'Failpoint reached: killing the process' });
      process.kill(process.pid, 'SIGKILL');
    }
  }
}
