import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, ApiFailure } from './api/client';
import type { SessionUser, SessionView } from './api/types';
import { discardPrefetchedQueue, takePrefetchedSession } from './prefetch';

interface SessionValue {
  user: SessionUser | null;
  /**
   * The session ended while the user was working (idle expiry, an admin disabled the
   * account, signed out elsewhere). The page stays mounted under a sign-in dialog so a
   * reply being written is not lost.
   */
  expired: boolean;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

interface State {
  loading: boolean;
  user: SessionUser | null;
  expired: boolean;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({ loading: true, user: null, expired: false });

  const adopt = useCallback((view: SessionView) => {
    api.setCsrfToken(view.csrfToken);
    setState((current) => {
      // Someone else signed in on this page: nothing of the previous account's screen may stay.
      if (current.user && current.user.id !== view.user.id) window.location.assign('/');
      return { loading: false, user: view.user, expired: false };
    });
  }, []);

  useEffect(() => {
    (takePrefetchedSession() ?? api.call<SessionView>('session'))
      .then(adopt)
      .catch(() => setState({ loading: false, user: null, expired: false }));
    return api.onSessionEnded(() => {
      api.setCsrfToken(null);
      setState((current) => ({ ...current, loading: false, expired: current.user !== null }));
    });
  }, [adopt]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      discardPrefetchedQueue();
      adopt(await api.call<SessionView>('login', { body: { email, password } }));
    },
    [adopt],
  );

  const signOut = useCallback(async () => {
    try {
      await api.call('logout');
    } catch (error) {
      if (!(error instanceof ApiFailure) || error.status !== 401) throw error;
    }
    api.setCsrfToken(null);
    setState({ loading: false, user: null, expired: false });
    window.history.replaceState(null, '', '/');
  }, []);

  if (state.loading) return <p className="loading" role="status">Cargando…</p>;
  return <SessionContext.Provider value={{ user: state.user, expired: state.expired, signIn, signOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession fuera de SessionProvider');
  return value;
}
