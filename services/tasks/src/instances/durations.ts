/**
 * ISO 8601 durations of templates (PT4H, P5D, P1DT2H) in calendar time. Working-time SLAs, in the
 * assignee's calendar, are the time issue's; until then a step's due time counts every hour.
 */
export function durationMs(duration: string): number {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(duration);
  if (!match) {
    throw new Error(`Not an ISO 8601 duration: ${duration}`);
  }
  const [days = 0, hours = 0, minutes = 0, seconds = 0] = match
    .slice(1)
    .map((part: string | undefined) => Number(part ?? 0));
  return (((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000;
}

export function dueAfter(from: Date, duration: string): Date {
  return new Date(from.getTime() + durationMs(duration));
}
