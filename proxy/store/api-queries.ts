/**
 * @module Reads the health API needs beyond the store's own queries (proxy/store/health-queries.ts belongs to
 * the sync): the number of records an error holds back, and the CSV export's pages and snapshot.
 */
import Database from 'better-sqlite3';
import { type ErrorListFilter, whereOfList } from './health-queries';
import type { CrmType, ErrorCategory, ErrorRow } from './types';

type Counter = (row: Pick<ErrorRow, 'blockingType' | 'blockingId' | 'status' | 'affectedRecords'>) => number;

// One prepared statement per database, made on first use (the store may open before the API asks).
const counters = new WeakMap<Database.Database, Counter>();

/**
 * How many records an error affects: an associations error holds back every record blocked by the same
 * record (the errors_blocking index answers it); any other error affects its own record.
 * @example const affected = store.affectedCounter(); affected(row) // → 14 for a company blocking 14 contacts
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

/** One error as the export reads it: a plain array, in this column order (no per-row object to build). */
export type ExportRow = [
  id: number,
  status: 'open' | 'resolved',
  category: ErrorCategory,
  crmType: CrmType,
  crmId: string,
  sfObject: string,
  sfId: string | null,
  recordName: string | null,
  subType: string | null,
  field: string | null,
  value: string | null,
  rule: string | null,
  message: string,
  summary: string | null,
  blockingType: CrmType | null,
  blockingId: string | null,
  blockingName: string | null,
  firstSeen: number,
  lastSeen: number,
  occurrences: number,
  duplicateOf: string | null,
];

/** Where each column sits in an ExportRow: `row[EXPORT_COLUMN.message]`. */
export const EXPORT_COLUMN = {
  id: 0,
  status: 1,
  category: 2,
  crmType: 3,
  crmId: 4,
  sfObject: 5,
  sfId: 6,
  recordName: 7,
  subType: 8,
  field: 9,
  value: 10,
  rule: 11,
  message: 12,
  summary: 13,
  blockingType: 14,
  blockingId: 15,
  blockingName: 16,
  firstSeen: 17,
  lastSeen: 18,
  occurrences: 19,
  duplicateOf: 20,
} as const;

const EXPORT_COLUMNS = `id, status, category, crm_type, crm_id, sf_object, sf_id, record_name, sub_type, field, value,
  rule, message, summary, blocking_type, blocking_id, blocking_name, first_seen, last_seen, occurrences, duplicate_of`;

/**
 * Every error matching `filter`, newest first, in keyset pages: each page is one short query, so no
 * statement stays open between pages (better-sqlite3 refuses other statements on a connection while an
 * iterator is open). Raw rows: an export of 100,000 errors spends most of its time turning columns into
 * JS values, and arrays are the cheapest. Read through `openSnapshot` so that the pages agree with
 * each other while the sync writes.
 */
export function* exportPages(db: Database.Database, filter: ErrorListFilter, pageSize = 250) {
  const where = whereOfList(filter);
  const first = db.prepare(
    `SELECT ${EXPORT_COLUMNS} FROM errors WHERE ${where.sql} ORDER BY last_seen DESC, id DESC LIMIT ?`,
  );
  // The row value lets SQLite seek the (last_seen, id) index instead of scanning from the top.
  const next = db.prepare(
    `SELECT ${EXPORT_COLUMNS} FROM errors WHERE ${where.sql} AND (last_seen, id) < (?, ?)
     ORDER BY last_seen DESC, id DESC LIMIT ?`,
  );
  let page = first.raw().all(...where.params, pageSize) as ExportRow[];
  while (page.length) {
    yield page;
    if (page.length < pageSize) return;
    const last = page[page.length - 1]!;
    page = next
      .raw()
      .all(...where.params, last[EXPORT_COLUMN.lastSeen], last[EXPORT_COLUMN.id], pageSize) as ExportRow[];
  }
}

export interface Snapshot {
  db: Database.Database;
  close(): void;
}

/**
 * A read-only connection of its own holding one read transaction: everything read through it is the
 * store as it was at its first read, while the sync goes on writing through the store's connection
 * (WAL). Without it, an error that recurs during a long export moves above the export's cursor and is
 * left out of the file. Close it when done: until then SQLite cannot recycle the WAL past the snapshot.
 * An in-memory store has no second connection; its own is returned, without a snapshot.
 */
export function openSnapshot(db: Database.Database): Snapshot {
  if (db.memory) return { db, close() {} };
  const reader = new Database(db.name, { readonly: true, fileMustExist: true });
  reader.pragma('busy_timeout = 5000');
  // Deferred: the snapshot is taken by the first SELECT and kept until COMMIT.
  reader.exec('BEGIN');
  return {
    db: reader,
    close() {
      if (!reader.open) return;
      if (reader.inTransaction) reader.exec('COMMIT');
      reader.close();
    },
  };
}
