import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { MeView, Permission, TokenPair } from '@orbita/contracts';
import { api } from '../api/api-client';
import { isApiError } from '../api/api-error';

/** How long signing out waits for the server to end the session before leaving anyway. */
const LOGOUT_WAIT_MS = 3_000;

export type AuthState =
  { status: 'loading' } | { status: 'anonymous'; ended: boolean } | { status: 'signed-in'; user: MeView };

interface AuthActions {
  login: (email: string, password: string) => Promise<void>;
  /** Signs in with a pair the API answered (accepting an invitation). */
  signInWith: (pair: TokenPair) => Promise<void>;
  logout: () => Promise<void>;
}

const AuthContext = createContext<(AuthActions & { state: AuthState }) | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });

  const loadMe = useCallback(async () => {
    try {
      const user = await api.get<MeView>('/api/me');
      setState({ status: 'signed-in', user });
    } catch (err) {
      if (isApiError(err) && err.status === 401) {
        api.sessions.clear();
        setState({ status: 'anonymous', ended: true });
        return;
      }
      throw err;
    }
  }, []);

  useEffect(() => {
    if (api.sessions.read()) {
      void loadMe().catch(() => {
        setState({ status: 'anonymous', ended: false });
      });
    } else {
      setState({ status: 'anonymous', ended: false });
    }
    // A refused refresh, a logout in another tab: the session is gone here too.
    return api.sessions.subscribe((session) => {
      if (!session) {
        setState((previous) =>
          previous.status === 'signed-in' ? { status: 'anonymous', ended: true } : previous,
        );
      }
    });
  }, [loadMe]);

  const signInWith = useCallback(
    async (pair: TokenPair) => {
      api.sessions.save(pair);
      await loadMe();
    },
    [loadMe],
  );

  const login = useCallback(
    async (email: string, password: string) => {
      const pair = await api.post<TokenPair>('/api/auth/login', { email, password }, { auth: false });
      await signInWith(pair);
    },
    [signInWith],
  );

  const logout = useCallback(async () => {
    // Ending the session on the server is best effort: the tokens are forgotten here either way,
    // and a slow or unreachable server does not keep the person from leaving.
    await Promise.race([
      api.post('/api/auth/logout').catch(() => undefined),
      new Promise((resolve) => setTimeout(resolve, LOGOUT_WAIT_MS)),
    ]);
    api.sessions.clear();
    setState({ status: 'anonymous', ended: false });
  }, []);

  const value = useMemo(() => ({ state, login, signInWith, logout }), [state, login, signInWith, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthActions & { state: AuthState } {
  const context = useContext(AuthContext);
  if (!context) {
    throw new Error('useAuth outside AuthProvider');
  }
  return context;
}

/** The signed-in user; only for pages under the signed-in shell. */
export function useUser(): MeView {
  const { state } = useAuth();
  if (state.status !== 'signed-in') {
    throw new Error('useUser outside the signed-in shell');
  }
  return state.user;
}

/** Portal seats get the portal's reduced navigation (issue 13 item 3). */
export function isPortalUser(user: MeView): boolean {
  return user.seat === 'portal';
}

/**
 * Whether the signed-in person holds a permission at some unit: the app offers a page only to
 * those who may open it (the server still decides each call).
 */
export function holds(user: MeView, permission: Permission): boolean {
  return user.permissions.includes(permission);
}
