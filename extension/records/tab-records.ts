/**
 * @module Which record each tab shows, as the background's record tracking knows it, kept in session
 * storage too: an MV3 service worker is stopped when idle and loses its memory, and the per-tab badge
 * (and the side panel's "This record") must still know the tab's record when a new worker starts.
 * Session storage lasts as long as the browser session, like the tab ids it is keyed by.
 */
import { storage } from 'wxt/utils/storage';
import type { RecordRef } from '../../shared/record-url';

/** Tab id → the record it shows (null: the page reported no record). */
export type SavedTabRecords = Record<string, RecordRef | null>;

/** The part of a WXT storage item this module uses (a test may hand in one on a fake browser). */
export interface TabRecordsItem {
  getValue(): Promise<SavedTabRecords>;
  setValue(value: SavedTabRecords): Promise<void>;
}

export const tabRecordsItem = storage.defineItem<SavedTabRecords>('session:tabRecords', {
  fallback: {},
  version: 1,
});

export interface TabRecords {
  /** Resolves once what a stopped worker saved is back in memory (never rejects). */
  ready: Promise<void>;
  has(tabId: number): boolean;
  get(tabId: number): RecordRef | null;
  set(tabId: number, ref: RecordRef | null): void;
  delete(tabId: number): void;
  /** Resolves when every change made so far is in storage. */
  saved(): Promise<void>;
}

/**
 * The tab → record map, restored from `item` at once and written back after every change. A change made
 * before the restore finished wins over the saved entry for that tab (it is newer).
 */
export function createTabRecords(item: TabRecordsItem = tabRecordsItem): TabRecords {
  const byTab = new Map<number, RecordRef | null>();
  const changedBeforeReady = new Set<number>();
  let restored = false;
  const ready = item
    .getValue()
    .then((saved) => {
      for (const [id, ref] of Object.entries(saved))
        if (!changedBeforeReady.has(Number(id))) byTab.set(Number(id), ref);
    })
    .catch((err: unknown) => console.warn('could not restore the tabs’ records', err))
    .finally(() => {
      restored = true;
    });

  // Writes go one after the other, each with the whole (small) map, so the last one always wins.
  let writing: Promise<void> = ready;
  const persist = () => {
    writing = writing
      .then(() => item.setValue(Object.fromEntries([...byTab].map(([id, ref]) => [String(id), ref]))))
      .catch((err: unknown) => console.warn('could not save the tabs’ records', err));
  };
  const touched = (tabId: number) => {
    if (!restored) changedBeforeReady.add(tabId);
  };

  return {
    ready,
    has: (tabId) => byTab.has(tabId),
    get: (tabId) => byTab.get(tabId) ?? null,
    set(tabId, ref) {
      touched(tabId);
      byTab.set(tabId, ref);
      persist();
    },
    delete(tabId) {
      touched(tabId);
      byTab.delete(tabId);
      persist();
    },
    saved: () => writing,
  };
}
