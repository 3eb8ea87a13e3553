import type { OnModuleInit } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@orbita/platform';
import { CLOCK } from '@orbita/platform';
import { TimerHandlers } from '../timers/timer-handlers';
import { TimerRepository } from '../timers/timer.repository';
import type { TimerDocument } from '../timers/timer.schema';
import type { Draft } from './engine';
import { Engine } from './engine';
import type { InstanceDocument, StepRun } from './instance.schema';
import { WorkItems } from './work-items';

/** The kinds of the engine's timers. */
export const StepTimerKind = {
  wait: 'wait',
  remind: 'sla-remind',
  escalate: 'sla-escalate',
} as const;

/** The escalation levels an SLA has: 1 on breach, 2 after the further interval. */
const LEVELS = [1, 2] as const;

/** The most people a reminder or an escalation is about. */
const HOLDERS_AT_MOST = 50;

/**
 * The durable timers of step runs (ADR 019): a wait step's end, an SLA's reminder, its breach
 * (escalation level 1) and its second escalation. They are set from the step's start event (ids
 * by run, so a redelivered event sets none twice), cancelled when the run finishes, and each fires
 * as one engine transition that finds its work done if it was (the instance's revision check).
 */
@Injectable()
export class StepTimers implements OnModuleInit {
  constructor(
    private readonly timers: TimerRepository,
    private readonly handlers: TimerHandlers,
    private readonly engine: Engine,
    private readonly items: WorkItems,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.handlers.register(StepTimerKind.wait, (timer) =>
      this.fire(timer, (d, runId) => this.engine.wakeRun(d, runId)),
    );
    this.handlers.register(StepTimerKind.remind, async (timer) => {
      const holders = await this.items.holdersNow(timer.subject.runId ?? '', HOLDERS_AT_MOST);
      await this.fire(timer, (d, runId) => Promise.resolve(this.engine.remind(d, runId, holders)));
    });
    this.handlers.register(StepTimerKind.escalate, async (timer) => {
      const holders = await this.items.holdersNow(timer.subject.runId ?? '', HOLDERS_AT_MOST);
      await this.fire(timer, (d, runId) => this.engine.escalate(d, runId, timer.subject.level ?? 1, holders));
    });
  }

  /** Sets the timers of an open run (idempotent: a timer's id is its run's and its purpose's). */
  async schedule(instance: InstanceDocument, run: StepRun): Promise<void> {
    const now = this.clock.now();
    const subject = { instanceId: instance._id, runId: run.runId, stepId: run.stepId };
    if (run.type === 'wait' && run.dueAt) {
      await this.timers.schedule(waitId(run.runId), StepTimerKind.wait, subject, run.dueAt, now);
      return;
    }
    if (!run.sla || !run.dueAt) {
      return;
    }
    if (run.sla.remindAt) {
      await this.timers.schedule(remindId(run.runId), StepTimerKind.remind, subject, run.sla.remindAt, now);
    }
    await this.timers.schedule(
      escalateId(run.runId, 1),
      StepTimerKind.escalate,
      { ...subject, level: 1 },
      run.dueAt,
      now,
    );
    await this.timers.schedule(
      escalateId(run.runId, 2),
      StepTimerKind.escalate,
      { ...subject, level: 2 },
      run.sla.escalateAt,
      now,
    );
  }

  /** The run finished: its timers that have not fired will not (they would find it finished anyway). */
  async cancel(runId: string): Promise<void> {
    await this.timers.cancel(
      [waitId(runId), remindId(runId), ...LEVELS.map((level) => escalateId(runId, level))],
      this.clock.now(),
    );
  }

  private async fire(
    timer: TimerDocument,
    change: (draft: Draft, runId: string) => Promise<boolean>,
  ): Promise<void> {
    const { instanceId, runId } = timer.subject;
    if (!instanceId || !runId) {
      return;
    }
    await this.engine.move(instanceId, (draft) => change(draft, runId));
  }
}

function waitId(runId: string): string {
  return `wait:${runId}`;
}

function remindId(runId: string): string {
  return `sla-remind:${runId}`;
}

function escalateId(runId: string, level: number): string {
  return `sla-escalate:${runId}:${level}`;
}
