import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Clock } from '@orbita/platform';
import { CLOCK } from '@orbita/platform';
import { Engine } from './engine';
import { InstanceRepository } from './instance.repository';

/** How often waiting instances are looked at; the read is by index and finds only due ones. */
const EVERY_MS = 2_000;
const BATCH = 100;

/**
 * Wait steps end when their time has come: instances whose `wakeAt` is due move on. With several
 * instances of the service each may find the same one; the transition's revision check lets one
 * of them move it, once. (Durable timers for SLAs and schedules are the time issue's.)
 */
@Injectable()
export class WaitSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WaitSweep.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly instances: InstanceRepository,
    private readonly engine: Engine,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      void this.sweep();
    }, EVERY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One sweep (never two at once); how many instances it moved on. */
  sweep(): Promise<number> {
    this.running ??= this.sweepOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async sweepOnce(): Promise<number> {
    let moved = 0;
    try {
      const due = await this.instances.due(this.clock.now(), BATCH);
      for (const instance of due) {
        await this.engine.move(instance._id, (draft) => this.engine.wake(draft));
        moved++;
      }
    } catch (err) {
      this.logger.warn({ err, msg: 'The wait sweep failed; the next one tries again' });
    }
    return moved;
  }
}
