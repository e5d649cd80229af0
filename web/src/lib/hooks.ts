import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { ApiProblem } from '../api/client';

export type Loaded<T> = {
  data: T | undefined;
  problem: ApiProblem | null;
  loading: boolean;
  /** Loads again, keeping the current data on screen meanwhile (polling, refresh). */
  reload: () => void;
};

const asProblem = (err: unknown) => (err instanceof ApiProblem ? err : new ApiProblem(0, String(err), []));

/** Loads data for a screen; a newer load wins over an older one still in flight. */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const [data, setData] = useState<T>();
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's deps decide when to load
  const run = useCallback(load, deps);

  const reload = useCallback(() => {
    const mine = ++seq.current;
    setLoading(true);
    run().then(
      (d) => {
        if (mine !== seq.current) return;
        setData(d);
        setProblem(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (mine !== seq.current) return;
        setProblem(asProblem(err));
        setLoading(false);
      },
    );
  }, [run]);

  // Leaving (or loading something else): answers still in flight are dropped.
  const drop = useCallback(() => {
    seq.current++;
  }, []);

  useEffect(() => {
    setData(undefined);
    reload();
    return drop;
  }, [reload, drop]);

  return { data, problem, loading, reload };
}

/** Calls `tick` every `ms` while `active` (and the page is visible). */
export function usePoll(tick: () => void, ms: number, active: boolean): void {
  const latest = useRef(tick);
  latest.current = tick;
  useEffect(() => {
    if (!active) return;
    const id = window.setInterval(() => {
      if (document.visibilityState !== 'hidden') latest.current();
    }, ms);
    return () => window.clearInterval(id);
  }, [ms, active]);
}

/** A value that follows `value` after `ms` without change (search boxes). */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = window.setTimeout(() => setV(value), ms);
    return () => window.clearTimeout(id);
  }, [value, ms]);
  return v;
}

export { asProblem };

/**
 * After a render that found problems (set `focusInvalid.current = true`), moves the focus to the
 * first invalid field of the form, or to the error banner when no field is marked.
 */
export function useFocusInvalid() {
  const banner = useRef<HTMLDivElement>(null);
  const focusInvalid = useRef(false);
  useEffect(() => {
    if (!focusInvalid.current) return;
    focusInvalid.current = false;
    const el = document.querySelector<HTMLElement>('form [aria-invalid="true"]');
    (el ?? banner.current)?.focus();
  });
  return { banner, focusInvalid };
}
