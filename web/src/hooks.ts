import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiFailure } from './api/client';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload(): void;
}

/** Loads with `load` whenever `key` changes; a newer load cancels the older one's answer. */
export function useLoad<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: string | null; loading: boolean }>({ data: null, error: null, loading: true });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    const controller = new AbortController();
    setState((current) => ({ ...current, loading: true }));
    loadRef
      .current(controller.signal)
      .then((data) => {
        if (!controller.signal.aborted) setState({ data, error: null, loading: false });
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setState((current) => ({ data: current.data, error: error instanceof ApiFailure ? error.message : 'Algo falló al cargar.', loading: false }));
      });
    return () => controller.abort();
  }, [key, tick]);
  const reload = useCallback(() => setTick((value) => value + 1), []);
  return { ...state, reload };
}

/** The current time, refreshed every `everyMs` (SLA badges count down without refetching). */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}

/**
 * Ticket changes from the server (server-sent events): `onChange` runs on every change
 * and on every (re)connection, since changes may have been missed while disconnected.
 * EventSource reconnects by itself.
 */
export function useTicketChanges(queue: string | undefined, onChange: () => void): void {
  const callback = useRef(onChange);
  callback.current = onChange;
  useEffect(() => {
    const url = queue ? `/api/tickets/stream?queue=${encodeURIComponent(queue)}` : '/api/tickets/stream';
    const source = new EventSource(url, { withCredentials: true });
    let timer: number | undefined;
    // A burst of changes (a batch of mail) becomes one refetch.
    const schedule = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => callback.current(), 250);
    };
    source.addEventListener('ticket', schedule);
    source.addEventListener('ready', schedule);
    return () => {
      window.clearTimeout(timer);
      source.close();
    };
  }, [queue]);
}
