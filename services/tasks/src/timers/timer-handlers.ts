import { Injectable } from '@nestjs/common';
import type { TimerDocument } from './timer.schema';

/**
 * What a timer of a kind does when it fires. It must be idempotent: its effect is one atomic write
 * keyed by the timer's id (or a transition that finds the work done), because a claimer that dies
 * after the effect but before marking the timer fired leaves it to fire again after its lease.
 */
export type TimerHandler = (timer: TimerDocument) => Promise<void>;

/** The handlers by timer kind; the modules that schedule timers register theirs at start. */
@Injectable()
export class TimerHandlers {
  private readonly handlers = new Map<string, TimerHandler>();

  register(kind: string, handler: TimerHandler): void {
    if (this.handlers.has(kind)) {
      throw new Error(`A handler of timers of kind ${kind} is registered already`);
    }
    this.handlers.set(kind, handler);
  }

  handlerOf(kind: string): TimerHandler | undefined {
    return this.handlers.get(kind);
  }
}
