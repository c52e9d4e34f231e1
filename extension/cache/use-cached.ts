/** @module The panel's cache-first hook: every view paints what it knew, then what the proxy says now. */
import { useEffect, useState } from 'preact/hooks';
import { afterFirstPaint } from './first-paint';
import { type CacheStore, readCached } from './health-db';
import { type CachedAnswer, loadCached } from './load-cached';

export interface Cached<T> {
  /** The cached answer first, the proxy's once it came; null while neither is known. */
  data: CachedAnswer<T> | null;
  /** The fetcher's last error message (the cached data, if any, stays in `data`). */
  error: string | null;
  /** true until the fetcher settled for the current key. */
  loading: boolean;
}

type State<T> = Cached<T> & { key: string | null };

/**
 * Reads `store`/`key` from the idb cache and fetches behind it; fetches again when `key` or `deps`
 * change. A null fetcher (not paired, proxy unreachable) shows the cached answer only; a null key loads
 * nothing.
 *
 * @example
 *   const history = useCached('answers', 'usage-history:24',
 *     client && (() => client.call('GET /usage/history', { query: { hours: 24 } })), [client]);
 */
export function useCached<T>(
  store: CacheStore,
  key: string | null,
  fetcher: (() => Promise<T>) | null,
  deps: readonly unknown[] = [],
): Cached<T> {
  const [state, setState] = useState<State<T>>({ key, data: null, error: null, loading: key !== null });
  useEffect(() => {
    if (key === null) return;
    let current = true;
    const show = (data: CachedAnswer<T>) => current && setState((s) => ({ ...s, data }));
    const settle = (error: string | null) => current && setState((s) => ({ ...s, error, loading: false }));
    // Keep what is on screen while the same key refreshes; a new key must not show the old one's data.
    setState((s) => ({ key, data: s.key === key ? s.data : null, error: null, loading: true }));
    // The side panel's first numbers are painted before its other reads start (ui/shell/first-paint).
    void afterFirstPaint().then(() => {
      if (!current) return;
      if (fetcher)
        loadCached(store, key, fetcher, show).then(
          () => settle(null),
          (err: Error) => settle(err.message),
        );
      else
        readCached<T>(store, key)
          .then((hit) => hit && show({ value: hit.value, fetchedAt: hit.fetchedAt, fromCache: true }))
          .catch(() => undefined)
          .finally(() => settle(null));
    });
    return () => {
      current = false;
    };
  }, [store, key, fetcher === null, ...deps]);
  return state.key === key ? state : { data: null, error: null, loading: key !== null };
}
