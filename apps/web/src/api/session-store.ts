import type { TokenPair } from '@orbita/contracts';
import { browserStorage, storageIsPersistent } from './browser-storage';

/** An access token and the single-use refresh token that replaces it (ADR 008). */
export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms after which the access token is refused. */
  accessExpiresAt: number;
}

const STORAGE_KEY = 'orbita.session';
/** Web Lock name: one refresh at a time across every tab of this browser (ADR 021). */
const REFRESH_LOCK = 'orbita.session.refresh';
/** Refresh a little before the expiry, so a request in flight does not meet a just-expired token. */
const EXPIRY_MARGIN_MS = 10_000;

type Listener = (session: Session | null) => void;

function isSession(value: unknown): value is Session {
  const v = value as Partial<Session> | null;
  return (
    typeof v?.accessToken === 'string' &&
    typeof v.refreshToken === 'string' &&
    typeof v.accessExpiresAt === 'number'
  );
}

/**
 * The signed-in session, kept in localStorage so a reload (or another tab) keeps it (in the page's
 * memory where the browser denies storage: browser-storage.ts). Refreshing is
 * single-flight within the tab (one promise) and across tabs (a Web Lock, re-reading the stored
 * pair inside it): a refresh token spent twice would end the session for every tab.
 */
export class SessionStore {
  private readonly listeners = new Set<Listener>();
  private refreshing: Promise<Session | null> | null = null;

  constructor(private readonly refreshPair: (refreshToken: string) => Promise<TokenPair | 'refused'>) {
    window.addEventListener('storage', (event) => {
      if (event.key === STORAGE_KEY) {
        this.emit(this.read());
      }
    });
  }

  read(): Session | null {
    try {
      const parsed: unknown = JSON.parse(browserStorage.getItem(STORAGE_KEY) ?? 'null');
      return isSession(parsed) ? parsed : null;
    } catch {
      return null;
    }
  }

  save(pair: TokenPair): Session {
    const session: Session = {
      accessToken: pair.accessToken,
      refreshToken: pair.refreshToken,
      accessExpiresAt: Date.now() + pair.expiresIn * 1000,
    };
    browserStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    this.emit(session);
    return session;
  }

  clear(): void {
    browserStorage.removeItem(STORAGE_KEY);
    this.emit(null);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** A session whose access token is not about to expire, refreshing it first if it is. */
  async fresh(): Promise<Session | null> {
    const session = this.read();
    if (!session || session.accessExpiresAt - EXPIRY_MARGIN_MS > Date.now()) {
      return session;
    }
    return this.refresh(session.accessToken);
  }

  /**
   * Replaces the pair whose access token was `staleAccessToken` (refused or expiring). When another
   * call or tab has already replaced it, the newer pair is used and nothing is spent. Null when
   * the session has ended (the refresh token was refused).
   */
  refresh(staleAccessToken: string): Promise<Session | null> {
    this.refreshing ??= this.withLock(async () => {
      const current = this.read();
      if (!current) {
        return null;
      }
      if (current.accessToken !== staleAccessToken) {
        return current;
      }
      const pair = await this.refreshPair(current.refreshToken);
      if (pair === 'refused') {
        this.clear();
        return null;
      }
      return this.save(pair);
    }).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private withLock<T>(task: () => Promise<T>): Promise<T> {
    // Web Locks exist in every current browser on secure (and localhost) origins; a session kept
    // in this page's memory is shared with no other tab (and a denied frame may not take locks).
    if (!('locks' in navigator) || !storageIsPersistent) {
      return task();
    }
    return navigator.locks.request(REFRESH_LOCK, task);
  }

  private emit(session: Session | null): void {
    for (const listener of this.listeners) {
      listener(session);
    }
  }
}
