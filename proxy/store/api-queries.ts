/**
 * @module Reads the health API needs beyond the store's own queries (proxy/store/health-queries.ts belongs to
 * the sync): the number of records an error holds back, as the category table and the CSV show it.
 */
import type Database from 'better-sqlite3';
import type { ErrorRow } from './types';

type Counter = (row: ErrorRow) => number;

// One prepared statement per database, made on first use (the store may open before the API asks).
const counters = new WeakMap<Database.Database, Counter>();

/**
 * How many records an error affects: an associations error holds back every record blocked by the same
 * record (the errors_blocking index answers it); any other error affects its own record.
 * @example const affected = affectedCounter(store.db); affected(row) // → 14 for a company blocking 14 contacts
 */
export function affectedCounter(db: Database.Database): Counter {
  let counter = counters.get(db);
  if (!counter) {
    const blocked = db.prepare<[string, string], { n: number }>(
      `SELECT COUNT(*) AS n FROM (SELECT DISTINCT crm_type, crm_id FROM errors
       WHERE status = 'open' AND blocking_type = ? AND blocking_id = ?)`,
    );
    counter = (row) =>
      row.blockingType && row.blockingId && row.status === 'open'
        ? Math.max(1, blocked.get(row.blockingType, row.blockingId)?.n ?? 1)
        : row.affectedRecords;
    counters.set(db, counter);
  }
  return counter;
}
