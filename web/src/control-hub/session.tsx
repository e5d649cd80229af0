import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiProblem, ok } from '../api/client';
import { chApi, setChCsrfToken, setChSessionLostHandler, type ChSession } from './api';

/** The Control Hub session of a customer's administrator (a separate role from the Partner Hub's). */
type State =
  | { status: 'loading' }
  | { status: 'signedOut'; ended: boolean }
  | { status: 'signedIn'; session: ChSession };

type SessionApi = {
  state: State;
  signIn(email: string, password: string): Promise<void>;
  /** After an activation: the API already signed the administrator in. */
  signedIn(session: ChSession): void;
  signOut(): Promise<void>;
};

const Ctx = createContext<SessionApi | null>(null);

export function ChSessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({ status: 'loading' });

  useEffect(() => {
    setChCsrfToken(state.status === 'signedIn' ? state.session.csrfToken : null);
  }, [state]);

  useEffect(() => {
    setChSessionLostHandler(() => setState((s) => (s.status === 'signedIn' ? { status: 'signedOut', ended: true } : s)));
    let live = true;
    ok(chApi.GET('/v1/control-hub/session'))
      .then(({ data }) => live && setState({ status: 'signedIn', session: data }))
      .catch(() => live && setState({ status: 'signedOut', ended: false }));
    return () => {
      live = false;
      setChSessionLostHandler(null);
    };
  }, []);

  const signedIn = useCallback((session: ChSession) => {
    setChCsrfToken(session.csrfToken);
    setState({ status: 'signedIn', session });
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const { data } = await ok(chApi.POST('/v1/control-hub/session', { body: { email, password } }));
    signedIn(data);
  }, [signedIn]);

  const signOut = useCallback(async () => {
    try {
      await ok(chApi.DELETE('/v1/control-hub/session'));
    } catch (err) {
      if (!(err instanceof ApiProblem) || err.status !== 401) throw err;
    }
    setState({ status: 'signedOut', ended: false });
  }, []);

  const value = useMemo(() => ({ state, signIn, signedIn, signOut }), [state, signIn, signedIn, signOut]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useChSession(): SessionApi {
  const v = useContext(Ctx);
  if (!v) throw new Error('useChSession outside ChSessionProvider');
  return v;
}

export function useChSignedIn(): ChSession {
  const { state } = useChSession();
  if (state.status !== 'signedIn') throw new Error('not signed in');
  return state.session;
}
