/** An ISO 8601 duration of a template (PT4H, P5D, P1DT2H) split into its days and the rest. */
export interface DurationParts {
  days: number;
  /** Hours, minutes and seconds, in milliseconds. */
  timeMs: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function durationParts(duration: string): DurationParts {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(duration);
  if (!match) {
    throw new Error(`Not an ISO 8601 duration: ${duration}`);
  }
  const [days = 0, hours = 0, minutes = 0, seconds = 0] = match
    .slice(1)
    .map((part: string | undefined) => Number(part ?? 0));
  return { days, timeMs: ((hours * 60 + minutes) * 60 + seconds) * 1000 };
}

/** The duration in calendar time: a day is 24 hours (a wait step, an SLA around the clock). */
export function durationMs(duration: string): number {
  const { days, timeMs } = durationParts(duration);
  return days * DAY_MS + timeMs;
}

export function dueAfter(from: Date, duration: string): Date {
  return new Date(from.getTime() + durationMs(duration));
}
