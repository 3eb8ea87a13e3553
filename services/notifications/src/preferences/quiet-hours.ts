import type { QuietHours } from '@orbita/contracts';

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** The minute of the day `at` is in `timeZone`. */
function localMinute(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return part('hour') * 60 + part('minute');
}

/**
 * When the quiet hours `at` falls in end, or null when it falls in none. The window is local to
 * the person's time zone and may span midnight (22:00–08:00). Its end is reckoned in minutes from
 * `at`, so on the night a clock is put forward or back the e-mail goes out an hour off.
 */
export function quietUntil(quiet: QuietHours | null, at: Date, timeZone: string): Date | null {
  if (!quiet) {
    return null;
  }
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) {
    return null;
  }
  const now = localMinute(at, timeZone);
  const inside = start < end ? now >= start && now < end : now >= start || now < end;
  if (!inside) {
    return null;
  }
  const minutesLeft = (end - now + 24 * 60) % (24 * 60);
  const startOfMinute = Math.floor(at.getTime() / 60_000) * 60_000;
  return new Date(startOfMinute + minutesLeft * 60_000);
}
