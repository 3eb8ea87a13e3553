import { useEffect, useRef } from 'react';

/**
 * What changed, as the live stream tells it (ADR 027): a request's id from a change hint or a
 * notification's subject, or `null` when anything may have changed (the stream reconnected after a
 * gap, or the tab came back into view), so every open list and page reads again.
 */
export type LiveChange = { type: string; id: string } | null;

type Listener = (change: LiveChange) => void;

const listeners = new Set<Listener>();

/** Called by the notifications provider for every hint, notification and reconnect. */
export function announceChange(change: LiveChange): void {
  for (const listener of [...listeners]) {
    listener(change);
  }
}

/** How long changes are gathered before one read: a step's end and the next start come together. */
const DEBOUNCE_MS = 300;

/**
 * Reads again (`refetch`) when something the page shows may have changed: a live change that
 * `concerns` it, or the tab coming back into view (hints missed while the page was hidden or the
 * stream was down). Changes are gathered for a moment and read once; a read is never run twice at
 * a time (one more follows if a change came in meanwhile). The page keeps its own state (scroll,
 * a comment being typed): only the data it fetched is replaced.
 */
export function useLiveRefresh(
  concerns: (change: { type: string; id: string }) => boolean,
  refetch: () => Promise<unknown>,
): void {
  const latest = useRef({ concerns, refetch });
  latest.current = { concerns, refetch };

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    // Flags flipped by other callbacks, kept in an object so the loop reads them fresh.
    const state = { running: false, again: false, stopped: false };
    const pending = (): boolean => state.again && !state.stopped;
    const run = async (): Promise<void> => {
      if (state.running) {
        state.again = true;
        return;
      }
      state.running = true;
      try {
        do {
          state.again = false;
          await latest.current.refetch().catch(() => undefined);
        } while (pending());
      } finally {
        state.running = false;
      }
    };
    const schedule = (): void => {
      if (timer !== null) {
        clearTimeout(timer);
      }
      timer = setTimeout(() => {
        timer = null;
        if (!state.stopped) {
          void run();
        }
      }, DEBOUNCE_MS);
    };
    const listener: Listener = (change) => {
      if (change === null || latest.current.concerns(change)) {
        schedule();
      }
    };
    const onVisible = (): void => {
      if (document.visibilityState === 'visible') {
        schedule();
      }
    };
    listeners.add(listener);
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('focus', onVisible);
    return () => {
      state.stopped = true;
      if (timer !== null) {
        clearTimeout(timer);
      }
      listeners.delete(listener);
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('focus', onVisible);
    };
  }, []);
}
