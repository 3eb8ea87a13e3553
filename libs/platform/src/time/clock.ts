/** The time source of a service; tests move a fake one instead of sleeping. */
export interface Clock {
  now(): Date;
}

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}

/**
 * The clock of a service started in test mode: real time plus an offset the test harness sets
 * through POST /test/clock, so SLAs, expiries and schedules are tested by moving days in a moment.
 * It only moves forward: time that went back would make no sense to what was stored.
 */
export class MovableClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError('The clock only moves forward');
    }
    this.offsetMs += ms;
    return this.now();
  }

  /** Moves the clock to `to`, which must not be before the clock's now. */
  set(to: Date): Date {
    return this.advance(to.getTime() - this.now().getTime());
  }

  get offset(): number {
    return this.offsetMs;
  }
}
