/**
 * @module The last health summary as a synchronous snapshot (localStorage), for the side panel's first
 * frame only. IndexedDB (health-db) stays the cache of record, but opening it put 30–75 ms between the
 * panel's script starting and its first render (Chrome trace of a reload with the proxy stopped);
 * localStorage is read synchronously. Only extension pages have localStorage (the service worker does
 * not): without one every call is a no-op and the panel reads IndexedDB instead.
 */

export interface SummarySnapshot<T> {
  value: T;
  fetchedAt: number;
}

const KEY = 'sync-health:summary';

type SnapshotStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function pageStorage(): SnapshotStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage disabled by the browser: only the early paint is lost
  }
}

/** The snapshot last written, or null when there is none or it cannot be read. */
export function readSummarySnapshot<T>(
  storage: SnapshotStorage | null = pageStorage(),
): SummarySnapshot<T> | null {
  try {
    const parsed = JSON.parse(storage?.getItem(KEY) ?? 'null') as Partial<SummarySnapshot<T>> | null;
    if (!parsed || typeof parsed.fetchedAt !== 'number' || parsed.value == null) return null;
    return { value: parsed.value, fetchedAt: parsed.fetchedAt };
  } catch {
    return null; // a damaged snapshot only costs the early paint
  }
}

/** Keeps `value` for the next panel's first frame. Never throws (a full storage only costs that paint). */
export function writeSummarySnapshot<T>(
  value: T,
  fetchedAt: number,
  storage: SnapshotStorage | null = pageStorage(),
): void {
  try {
    storage?.setItem(KEY, JSON.stringify({ value, fetchedAt }));
  } catch (err) {
    console.warn('could not keep the summary snapshot', err);
  }
}

/** Forgets the snapshot (another proxy was paired: its numbers are not this one's). */
export function clearSummarySnapshot(storage: SnapshotStorage | null = pageStorage()): void {
  try {
    storage?.removeItem(KEY);
  } catch {
    // nothing kept, nothing to forget
  }
}
