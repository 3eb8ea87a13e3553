/** The time source of a service; tests move a fake one instead of sleeping. */
export interface Clock {
  now(): Date;
}

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}
