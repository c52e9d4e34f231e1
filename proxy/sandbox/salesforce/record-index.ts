/**
 * @module Case-insensitive value indexes over the org's record tables (external ids, unique fields,
 * duplicate-rule match fields), so a collection upsert into 10,000 records does not scan them all
 * for every record. Every write to `state.records` goes through `putRecord` to keep them true.
 */
import type { SfRecord } from './org-state';

type Table = Record<string, SfRecord>;
/** field → lowercased value → ids of the records holding it. */
type TableIndex = Map<string, Map<string, Set<string>>>;

// Keyed by the table object itself: a table replaced wholesale (state loaded from disk, a test
// building its own state) simply gets a fresh index, built lazily on its first lookup.
const indexes = new WeakMap<Table, TableIndex>();

/** The key a value is indexed under: unique text in Salesforce compares case-insensitively. */
export const indexKey = (value: unknown): string | null =>
  value === null || value === undefined || value === '' ? null : String(value).toLowerCase();

function fieldIndex(table: Table, field: string): Map<string, Set<string>> {
  let byField = indexes.get(table);
  if (!byField) {
    byField = new Map();
    indexes.set(table, byField);
  }
  let index = byField.get(field);
  if (!index) {
    index = new Map();
    for (const record of Object.values(table)) add(index, indexKey(record[field]), record.Id);
    byField.set(field, index);
  }
  return index;
}

function add(index: Map<string, Set<string>>, key: string | null, id: string): void {
  if (key === null) return;
  let ids = index.get(key);
  if (!ids) {
    ids = new Set();
    index.set(key, ids);
  }
  ids.add(id);
}

/** Stores a record in its table and moves it in every index built on that table. */
export function putRecord(table: Table, record: SfRecord): void {
  const previous = table[record.Id];
  table[record.Id] = record;
  const byField = indexes.get(table);
  if (!byField) return;
  for (const [field, index] of byField) {
    const before = previous ? indexKey(previous[field]) : null;
    const after = indexKey(record[field]);
    if (before === after) continue;
    if (before !== null) index.get(before)?.delete(record.Id);
    add(index, after, record.Id);
  }
}

/**
 * The records of a table whose `field` equals `value` ignoring case (deleted ones included).
 * Candidates are checked against the record itself, so an entry can never answer a stale match.
 */
export function findByValue(table: Table, field: string, value: unknown): SfRecord[] {
  const key = indexKey(value);
  if (key === null) return [];
  const out: SfRecord[] = [];
  for (const id of fieldIndex(table, field).get(key) ?? []) {
    const record = table[id];
    if (record && indexKey(record[field]) === key) out.push(record);
  }
  return out;
}
