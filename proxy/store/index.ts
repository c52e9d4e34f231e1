/** @module The store: SQLite (WAL) holding errors, links, the queue, cursors, the API-call log and settings. */
import Database from 'better-sqlite3';
import { createBulkJobs } from './bulk-jobs';
import { createErrorWrites } from './error-writes';
import { createHealthQueries } from './health-queries';
import { createMappingSet } from './mapping-set';
import { createResyncJobs } from './resync-jobs';
import { migrate } from './schema';
import { createSyncState } from './sync-state';
import { createUsageLog } from './usage-log';

export type { ErrorFilter } from './error-rows';
export type { CategorySummary, HealthSummary, RootCauseGroup } from './health-queries';
export type { JobOutcome, ResyncJobRow } from './resync-jobs';
export * from './types';
export type { OrgUsage, UsageReport } from './usage-log';

/**
 * Opens (and migrates) the store. Every multi-row state change goes through `store.tx`.
 * @example
 * const store = openStore(':memory:');
 * store.summary().categories.length; // 8
 */
export function openStore(file: string) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL is durable across process crashes in WAL mode (only an OS crash may lose the last commit).
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return {
    db,
    /** Runs `fn` in one transaction (nested calls become savepoints). */
    tx<T>(fn: () => T): T {
      return db.transaction(fn)();
    },
    ...createErrorWrites(db),
    ...createHealthQueries(db),
    ...createSyncState(db),
    ...createUsageLog(db),
    ...createMappingSet(db),
    ...createResyncJobs(db),
    ...createBulkJobs(db),
    close(): void {
      db.close();
    },
  };
}

export type Store = ReturnType<typeof openStore>;
