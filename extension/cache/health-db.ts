/**
 * @module The side panel's IndexedDB cache (idb): the last health summary, usage history, category pages
 * and record lookups, each with when it was fetched — so the panel paints at once, then refreshes, and
 * can still show (marked stale) what it knew when the proxy is not running.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import { clearSummarySnapshot } from './summary-snapshot';

export interface Cached<T> {
  key: string;
  value: T;
  fetchedAt: number;
}

export interface SyncHealthDB extends DBSchema {
  /** 'summary', 'usage-history' and other single answers, by name. */
  answers: { key: string; value: Cached<unknown> };
  /** Category pages, by category + query. */
  pages: { key: string; value: Cached<unknown> };
  /** Record lookups, by system:objectType:id. */
  records: { key: string; value: Cached<unknown> };
}

export type CacheStore = 'answers' | 'pages' | 'records';
const MAX_RECORDS = 200;

let db: Promise<IDBPDatabase<SyncHealthDB>> | null = null;

export function openHealthDb(): Promise<IDBPDatabase<SyncHealthDB>> {
  db ??= openDB<SyncHealthDB>('sync-health', 1, {
    upgrade(database, oldVersion) {
      if (oldVersion < 1) {
        database.createObjectStore('answers', { keyPath: 'key' });
        database.createObjectStore('pages', { keyPath: 'key' });
        database.createObjectStore('records', { keyPath: 'key' });
      }
    },
  });
  return db;
}

export async function readCached<T>(store: CacheStore, key: string): Promise<Cached<T> | null> {
  return ((await (await openHealthDb()).get(store, key)) as Cached<T> | undefined) ?? null;
}

export async function writeCached<T>(
  store: CacheStore,
  key: string,
  value: T,
  fetchedAt = Date.now(),
): Promise<void> {
  const database = await openHealthDb();
  await database.put(store, { key, value, fetchedAt });
  if (store === 'records' && (await database.count('records')) > MAX_RECORDS) {
    // Lookups pile up as the user browses: keep the most recent ones.
    const all = await database.getAll('records');
    all.sort((a, b) => a.fetchedAt - b.fetchedAt);
    const tx = database.transaction('records', 'readwrite');
    await Promise.all([
      ...all.slice(0, all.length - MAX_RECORDS).map((r) => tx.store.delete(r.key)),
      tx.done,
    ]);
  }
}

/** Forgets everything (a different proxy was paired: its data is not this one's). */
export async function clearCache(): Promise<void> {
  clearSummarySnapshot();
  const database = await openHealthDb();
  await Promise.all((['answers', 'pages', 'records'] as const).map((s) => database.clear(s)));
}
