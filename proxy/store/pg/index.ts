/**
 * @module The PostgreSQL store (issue 18, shared server mode): the same methods as the SQLite store
 * (proxy/store/index.ts), made async, over a `pg` pool. `sync-health serve --database` (or
 * SYNC_HEALTH_DATABASE_URL) opens it through `openStoreFromUrl` (ARCHITECTURE.md, "PostgreSQL store").
 */
import { damagedQueueError } from '../damaged-queue-item';
import { openStore } from '../index';
import type { Async, AsyncStore, StoreMethods } from './contract';
import type { Db } from './db';
import { createPgErrorWrites } from './error-writes';
import { openPgExportSnapshot, pgAffectedCounter } from './export';
import { createPgHealthQueries } from './health-queries';
import { createPgBulkJobs, createPgResyncJobs } from './jobs';
import { createPgMappingSet, createPgMatchMemory, createPgRecordRules } from './rules';
import { openMigratedDb } from './schema';
import { createPgSyncQueries } from './sync-queries';
import { createPgSyncState } from './sync-state';
import { createPgUsageLog } from './usage-log';

export type { AsyncExportSnapshot, AsyncStore } from './contract';

/**
 * Connects to `url` (postgres://user@host:port/db), migrates the schema (once, even when replicas start
 * together) and returns the store. Throws, with the server's reason, when it cannot connect.
 * @example
 * const store = await openPgStore('postgres://sync@127.0.0.1:5432/sync_health');
 * (await store.summary()).categories.length; // 8
 */
export async function openPgStore(url: string): Promise<AsyncStore> {
  let db: Db;
  try {
    db = await openMigratedDb(url);
  } catch (e) {
    throw new Error(`Could not open the PostgreSQL store at ${redact(url)}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  const errorWrites = createPgErrorWrites(db);
  const syncState = createPgSyncState(db, async (damaged, now) => {
    const known =
      damaged.direction === 'to-crm' ? null : await syncState.link(damaged.objectType, damaged.recordId);
    return errorWrites.recordError(
      damagedQueueError(damaged, () => known),
      now,
    );
  });
  const methods = {
    ...errorWrites,
    ...createPgHealthQueries(db),
    ...syncState,
    ...createPgSyncQueries(db),
    ...createPgUsageLog(db),
    ...createPgMappingSet(db),
    ...createPgResyncJobs(db),
    ...createPgMatchMemory(db),
    ...createPgBulkJobs(db),
    ...createPgRecordRules(db),
  };
  return {
    ...methods,
    tx: (fn) => db.tx(fn),
    claimQueue: (fn) => db.tx(fn),
    affectedCounter: async () => pgAffectedCounter(db),
    openExportSnapshot: () => openPgExportSnapshot(db),
    isOpen: () => !db.ended,
    close: () => db.end(),
  };
}

/** The URL with its password masked, for messages and logs. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(an unreadable database URL)';
  }
}

/**
 * The store a `--database` value names: a postgres:// URL opens PostgreSQL, anything else is a SQLite file
 * path. Both return the one `Store`.
 */
export async function openStoreFromUrl(url: string) {
  if (/^postgres(ql)?:\/\//i.test(url)) return openPgStore(url);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url))
    throw new Error(
      `Unsupported database "${redact(url)}": use a postgres://user@host:port/database URL or a SQLite file path`,
    );
  return openStore(url.replace(/^sqlite:/i, ''));
}
