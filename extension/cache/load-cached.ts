/** @module Cache-first loading: the cached answer at once, then the proxy's, which replaces it in the cache. */
import { type CacheStore, readCached, writeCached } from './health-db';

export interface CachedAnswer<T> {
  value: T;
  /** When the proxy gave this answer (ms since epoch). */
  fetchedAt: number;
  /** true while the value is the cached one and the proxy has not answered (yet, or at all). */
  fromCache: boolean;
}

export interface LoadCachedOptions {
  /** Injectable clock for the fetched time of a fresh answer. */
  now?: () => number;
}

/**
 * Calls `onAnswer` with the cached entry (if any, and only if the fetcher has not answered first), then
 * with the fetcher's answer, which it also writes to the cache. Resolves when the fetch settled; rejects
 * with the fetcher's error (the cached answer, if any, was delivered before).
 *
 * @example
 *   await loadCached('answers', 'usage-history:24', () => client.call('GET /usage/history', …), show);
 */
export async function loadCached<T>(
  store: CacheStore,
  key: string,
  fetcher: () => Promise<T>,
  onAnswer: (answer: CachedAnswer<T>) => void,
  options: LoadCachedOptions = {},
): Promise<void> {
  let fresh = false;
  const cached = readCached<T>(store, key)
    .then((hit) => {
      if (hit && !fresh) onAnswer({ value: hit.value, fetchedAt: hit.fetchedAt, fromCache: true });
    })
    // A broken or missing cache only costs the early paint.
    .catch(() => undefined);
  let value: T;
  try {
    value = await fetcher();
  } catch (err) {
    // A proxy that fails fast (not running) must still leave the cached answer on screen.
    await cached;
    throw err;
  }
  fresh = true;
  const fetchedAt = (options.now ?? Date.now)();
  onAnswer({ value, fetchedAt, fromCache: false });
  await cached;
  await writeCached(store, key, value, fetchedAt).catch(() => undefined);
}
