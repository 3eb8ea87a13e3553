import { randomUUID } from 'node:crypto';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Clock } from '@orbita/platform';
import { CLOCK, Failpoints } from '@orbita/platform';
import { TimerHandlers } from './timer-handlers';
import { TimerRepository } from './timer.repository';

/** How often due timers are looked for; each look reads only pending due ones, by index. */
const EVERY_MS = 1_000;
/** How long a claim holds a timer; a claimer that dies leaves it due again after this. */
export const TIMER_LEASE_MS = 30_000;
/** At most this many timers fire per tick, so a tick of a long backlog still ends. */
const BATCH = 200;

/** Where the crash-safety test kills an instance (services/gateway/test/timers-crash.e2e-spec.ts). */
export const TimerFailpoint = {
  /** A timer's effect is written, it is not marked fired yet: the next claimer after the lease re-fires it. */
  AfterEffect: 'tasks.timer.after-effect',
} as const;

/**
 * Fires due timers: claims the earliest due one (a conditional write, so of several instances of
 * the service one holds it), runs its kind's handler, marks it fired. Late timers — the service
 * was down — are due at once, and fire on start in the order they were due.
 */
@Injectable()
export class TimerWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TimerWorker.name);
  /** This instance's name on its leases. */
  readonly owner = `timer-worker-${randomUUID()}`;
  private interval?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly timers: TimerRepository,
    private readonly handlers: TimerHandlers,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly failpoints: Failpoints,
  ) {}

  onApplicationBootstrap(): void {
    void this.tick();
    this.interval = setInterval(() => {
      void this.tick();
    }, EVERY_MS);
    this.interval.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.interval);
    await this.running;
  }

  /** One tick (never two at once in one instance); how many timers it fired. */
  tick(): Promise<number> {
    this.running ??= this.fireDue().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async fireDue(): Promise<number> {
    let fired = 0;
    try {
      for (let claimed = 0; claimed < BATCH; claimed++) {
        const now = this.clock.now();
        const timer = await this.timers.claimNext(this.owner, now, TIMER_LEASE_MS);
        if (!timer) {
          break;
        }
        const handler = this.handlers.handlerOf(timer.kind);
        if (!handler) {
          // Left claimed: it becomes due again after the lease, when a handler may be registered.
          this.logger.warn({ msg: 'No handler of this timer kind', kind: timer.kind, timerId: timer._id });
          continue;
        }
        await handler(timer);
        this.failpoints.hit(TimerFailpoint.AfterEffect);
        await this.timers.markFired(timer, this.owner, this.clock.now());
        fired++;
      }
    } catch (err) {
      this.logger.warn({ err, msg: 'Firing timers failed; their leases run out and they fire again' });
    }
    return fired;
  }
}
