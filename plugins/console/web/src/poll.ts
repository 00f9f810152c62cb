import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, getIfChanged } from './api';

/** What a polled GET shows: its latest data, the error of the latest attempt, and a way to ask again now. */
export interface Polled<T> {
  data: T | undefined;
  error: ApiError | undefined;
  refresh: () => void;
}

/**
 * Polls a GET route with ETags while the tab is visible: every `intervalMs` the server answers
 * 304 (no body, no re-render) unless the answer changed. `intervalMs` 0 fetches once.
 * Chosen over server-sent events: EventSource cannot send the Authorization header (the key would
 * go in the URL, and into logs), a poll reads the store so runs from other processes (the CLI
 * beside the server) show too, and a server shutting down has no open streams to wait for.
 */
export function usePoll<T>(path: string | undefined, intervalMs: number): Polled<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [tick, setTick] = useState(0);
  const etag = useRef<string | undefined>(undefined);
  useEffect(() => {
    etag.current = undefined;
    setData(undefined);
    setError(undefined);
  }, [path]);
  useEffect(() => {
    if (!path) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const once = async (): Promise<void> => {
      if (document.visibilityState !== 'hidden') {
        try {
          const answer = await getIfChanged<T>(path, etag.current);
          if (stopped) return;
          if (answer.changed) {
            etag.current = answer.etag;
            setData(answer.data);
          }
          setError(undefined);
        } catch (err) {
          if (!stopped) setError(err instanceof ApiError ? err : new ApiError(0, 'ERROR', String(err)));
        }
      }
      if (!stopped && intervalMs > 0) timer = setTimeout(once, intervalMs);
    };
    void once();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [path, intervalMs, tick]);
  return { data, error, refresh: () => setTick((t) => t + 1) };
}
