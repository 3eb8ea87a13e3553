import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { MarkReadResult, NotificationPage, NotificationView } from '@orbita/contracts';
import { api } from '../api/api-client';
import { isApiError } from '../api/api-error';
import { announceChange } from './live-changes';
import { readEventStream } from './sse-reader';

/** How many of the newest notifications the bell shows. */
const SHOWN = 20;
const DEFAULT_RETRY_MS = 3_000;

interface NotificationsState {
  items: NotificationView[];
  unreadCount: number;
  live: boolean;
  markRead: (id: string) => Promise<void>;
  markAllRead: () => Promise<void>;
}

const NotificationsContext = createContext<NotificationsState | null>(null);

function waitFor(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * The signed-in user's notifications: the newest page from GET /api/notifications, then kept
 * current by the live stream (ADR 018), read with fetch so the bearer header can be sent; after a
 * drop it reconnects with Last-Event-ID and the gateway replays what was missed.
 */
export function NotificationsProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<NotificationView[]>([]);
  const [unreadCount, setUnreadCount] = useState(0);
  const [live, setLive] = useState(false);
  const lastId = useRef<string | null>(null);

  const reload = useCallback(async (signal?: AbortSignal) => {
    const page = await api.get<NotificationPage>(
      `/api/notifications?limit=${SHOWN}`,
      signal ? { signal } : {},
    );
    setItems(page.items);
    setUnreadCount(page.unreadCount);
    lastId.current = page.items[0]?.id ?? lastId.current;
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    const run = async (): Promise<void> => {
      let retryMs = DEFAULT_RETRY_MS;
      // The first connect follows the pages' own first reads; a reconnect may have missed hints.
      let connected = false;
      await reload(signal).catch(() => undefined);
      while (!signal.aborted) {
        try {
          const headers: Record<string, string> = lastId.current ? { 'last-event-id': lastId.current } : {};
          const response = await api.stream('/api/notifications/stream', headers, signal);
          if (!response.body) {
            throw new Error('The stream has no body');
          }
          setLive(true);
          await readEventStream(
            response.body,
            (event) => {
              switch (event.event) {
                case 'notification': {
                  const pushed = JSON.parse(event.data) as {
                    notification: NotificationView;
                    unreadCount: number;
                  };
                  lastId.current = event.id ?? pushed.notification.id;
                  setItems((previous) =>
                    [pushed.notification, ...previous.filter((n) => n.id !== pushed.notification.id)].slice(
                      0,
                      SHOWN,
                    ),
                  );
                  setUnreadCount(pushed.unreadCount);
                  announceChange(pushed.notification.subject);
                  break;
                }
                case 'change':
                  // A request I take part in changed (ADR 027): its id only; pages read it again.
                  announceChange(
                    (JSON.parse(event.data) as { subject: { type: string; id: string } }).subject,
                  );
                  break;
                case 'ready':
                  setUnreadCount((JSON.parse(event.data) as { unreadCount: number }).unreadCount);
                  // Hints are not replayed: after a (re)connect whatever is open reads again.
                  if (connected) {
                    announceChange(null);
                  }
                  connected = true;
                  break;
                case 'reset':
                  void reload(signal).catch(() => undefined);
                  break;
                default:
                  break;
              }
            },
            (ms) => {
              retryMs = ms;
            },
          );
        } catch (err) {
          // The abort flag is flipped by the effect's cleanup, behind TypeScript's back.
          if (
            (signal.aborted as boolean) ||
            (isApiError(err) && err.status === 401 && !api.sessions.read())
          ) {
            return;
          }
        }
        setLive(false);
        await waitFor(retryMs, signal);
      }
    };
    void run();
    return () => {
      controller.abort();
    };
  }, [reload]);

  const markRead = useCallback(async (id: string) => {
    const result = await api.post<MarkReadResult>('/api/notifications/read', { ids: [id] });
    setItems((previous) => previous.map((n) => (n.id === id ? { ...n, read: true } : n)));
    setUnreadCount(result.unreadCount);
  }, []);

  const markAllRead = useCallback(async () => {
    const result = await api.post<MarkReadResult>('/api/notifications/read-all');
    setItems((previous) => previous.map((n) => ({ ...n, read: true })));
    setUnreadCount(result.unreadCount);
  }, []);

  const value = useMemo(
    () => ({ items, unreadCount, live, markRead, markAllRead }),
    [items, unreadCount, live, markRead, markAllRead],
  );
  return <NotificationsContext.Provider value={value}>{children}</NotificationsContext.Provider>;
}

export function useNotifications(): NotificationsState {
  const context = useContext(NotificationsContext);
  if (!context) {
    throw new Error('useNotifications outside NotificationsProvider');
  }
  return context;
}
