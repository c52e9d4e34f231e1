/** @module The store: SQLite (WAL) holding errors, links, the queue, cursors, the API-call log and settings. */
import Database from 'better-sqlite3';
import { createActionLog } from './action-log';
import { affectedCounter, exportPages, openSnapshot } from './api-queries';
import { createBulkJobs } from './bulk-jobs';
import { damagedQueueError } from './damaged-queue-item';
import { createErrorWrites } from './error-writes';
import type { ErrorListFilter } from './health-queries';
import { createHealthQueries } from './health-queries';
import { createMappingSet } from './mapping-set';
import { createMatchMemory } from './match-memory';
import { createRecordRules } from './record-rules';
import { createResyncJobs } from './resync-jobs';
import { migrate } from './schema';
import { createSyncQueries } from './sync-queries';
import { createSyncState } from './sync-state';
import { createTransactions } from './transactions';
import type { Store, StoreMethods } from './types';

type StoreExtras = Omit<Store, keyof StoreMethods>;

import { createUsageLog } from './usage-log';

export type { ErrorFilter } from './error-rows';
export type { CategorySummary, HealthSummary, RootCauseGroup } from './health-queries';
export type {
  AssociatePayload,
  CreatePayload,
  PushPayload,
  QueuePayload,
  QueuePayloadInput,
  SfParent,
  WriteBackPayload,
} from './queue-payloads';
export type { ClosedLink, RecordRules } from './record-rules';
export { DEFAULT_RECORD_RULES } from './record-rules';
export type { JobOutcome, ResyncJobRow } from './resync-jobs';
export type { BlockedByAccount, DueRetry } from './sync-queries';
export * from './types';
export type { OrgUsage, UsageReport } from './usage-log';

/** The connection behind each open store, for `testDatabase` only: the handle is not part of `Store`. */
const connections = new WeakMap<Store, Database.Database>();

/**
 * Opens (and migrates) the store. Every multi-row state change goes through `store.tx`; every method returns a Promise. The SQLite handle
 * stays inside this folder: callers get the `Store` interface (proxy/store/types.ts) and nothing else.
 * @example
 * const store = openStore(':memory:');
 * (await store.summary()).categories.length; // 8
 */
export function openStore(file: string): Store {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL is durable across process crashes in WAL mode (only an OS crash may lose the last commit).
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  const errorWrites = createErrorWrites(db);
  const syncState = createSyncState(db, (damaged, now) =>
    errorWrites.recordError(damagedQueueError(damaged, syncState.link), now),
  );
  const methods: StoreMethods = {
    ...errorWrites,
    ...createHealthQueries(db),
    ...syncState,
    ...createSyncQueries(db),
    ...createUsageLog(db),
    ...createMappingSet(db),
    ...createResyncJobs(db),
    ...createMatchMemory(db),
    ...createBulkJobs(db),
    ...createActionLog(db),
    ...createRecordRules(db),
  };
  const { tx, run, wrap } = createTransactions(db);
  const store: Store = {
    // Every method of every module, wrapped by one function: methods added later are async too. The cast
    // gives back the type parameters a mapped type drops (the wrapper passes arguments through unchanged).
    ...(wrap(methods) as unknown as Omit<Store, keyof StoreExtras>),
    tx,
    claimQueue: (fn) => fn(),
    async affectedCounter() {
      const count = await run(() => affectedCounter(db));
      return (row) => run(() => count(row));
    },
    async openExportSnapshot() {
      const snapshot = await run(() => openSnapshot(db));
      // An in-memory store reads through its own connection: each page then waits for an open transaction.
      const read = snapshot.db === db ? run : <R>(fn: () => R) => Promise.resolve(fn());
      return {
        async *pages(filter: ErrorListFilter, pageSize?: number) {
          const pages = exportPages(snapshot.db, filter, pageSize);
          for (;;) {
            const next = await read(() => pages.next());
            if (next.done) return;
            yield next.value;
          }
        },
        close: async () => snapshot.close(),
      };
    },
    isOpen(): boolean {
      return db.open;
    },
    close: () =>
      run(() => {
        if (db.open) db.close();
      }),
  };
  connections.set(store, db);
  return store;
}

/**
 * The SQLite connection of a store, for tests that look at rows no method returns. Production code may not
 * import it (tests/unit/store-boundary.test.ts fails if it does).
 */
export function testDatabase(store: Store): Database.Database {
  const db = connections.get(store);
  if (!db) throw new Error('testDatabase: this store was not opened by openStore');
  return db;
}

/** Folds an old store file's WAL into the file (before it is moved), without opening it as a store. */
export function checkpointStoreFile(file: string): void {
  const db = new Database(file);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}
