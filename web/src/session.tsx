import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiProblem, api, ok, setCsrfToken, setSessionLostHandler, type PortalSession } from './api/client';

/**
 * The Partner Hub session: the HTTP-only cookie is the credential; the page only keeps who is
 * signed in and the CSRF token the API wants on every change.
 */
type State =
  | { status: 'loading' }
  | { status: 'signedOut'; ended: boolean }
  | { status: 'signedIn'; session: PortalSession };

type SessionApi = {
  state: State;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
};

const Ctx = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({ status: 'loading' });

  useEffect(() => {
    setCsrfToken(state.status === 'signedIn' ? state.session.csrfToken : null);
  }, [state]);

  useEffect(() => {
    setSessionLostHandler(() => setState((s) => (s.status === 'signedIn' ? { status: 'signedOut', ended: true } : s)));
    let live = true;
    ok(api.GET('/v1/portal/session'))
      .then(({ data }) => live && setState({ status: 'signedIn', session: data }))
      .catch(() => live && setState({ status: 'signedOut', ended: false }));
    return () => {
      live = false;
      setSessionLostHandler(null);
    };
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const { data } = await ok(api.POST('/v1/portal/session', { body: { email, password } }));
    setCsrfToken(data.csrfToken);
    setState({ status: 'signedIn', session: data });
  }, []);

  const signOut = useCallback(async () => {
    try {
      await ok(api.DELETE('/v1/portal/session'));
    } catch (err) {
      // Already gone on the server (401): signed out all the same.
      if (!(err instanceof ApiProblem) || err.status !== 401) throw err;
    }
    setState({ status: 'signedOut', ended: false });
  }, []);

  const value = useMemo(() => ({ state, signIn, signOut }), [state, signIn, signOut]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): SessionApi {
  const v = useContext(Ctx);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

/** The signed-in session (screens behind the sign-in only). */
export function useSignedIn(): PortalSession {
  const { state } = useSession();
  if (state.status !== 'signedIn') throw new Error('not signed in');
  return state.session;
}
