import { Module } from '@nestjs/common';
import { Failpoints } from '@orbita/platform';
import { TimerHandlers } from './timer-handlers';
import { TimerRepository } from './timer.repository';
import { TimerWorker } from './timer-worker';

/** Durable timers: persisted, claimed with a lease, fired once through the handler of their kind. */
@Module({
  providers: [TimerRepository, TimerHandlers, TimerWorker, Failpoints],
  exports: [TimerRepository, TimerHandlers],
})
export class TimersModule {}
