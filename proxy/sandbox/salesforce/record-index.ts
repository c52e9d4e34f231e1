/**
 * @module Case-insensitive value indexes over the org's record tables (external ids, unique fields,
 * duplicate-rule match fields), so a collection upsert into 10,000 records does not scan them all
 * for every record. Every write to `state.records` goes through `putRecord` to keep them true.
 */
import type { SfRecord } from './org-state';

type Table = Record<string, SfRecord>;

/**
 * A set of records' value index: field → lowercased value → ids, each field's built from `records()` on
 * its first lookup and kept true by `move()`. One per org table (below) and one per object in a
 * transaction's overlay (record-table.ts).
 */
export class ValueIndex {
  private readonly byField = new Map<string, Map<string, Set<string>>>();
  constructor(private readonly records: () => Iterable<SfRecord>) {}

  /** The ids of the records whose `field` is indexed under `key`. */
  ids(field: string, key: string): Set<string> | undefined {
    let index = this.byField.get(field);
    if (!index) {
      index = new Map();
      for (const record of this.records()) add(index, indexKey(record[field]), record.Id);
      this.byField.set(field, index);
    }
    return index.get(key);
  }

  /** A record stored in place of `previous` (undefined: a new one): moved in every field built so far. */
  move(previous: SfRecord | undefined, record: SfRecord): void {
    for (const [field, index] of this.byField) {
      const before = previous ? indexKey(previous[field]) : null;
      const after = indexKey(record[field]);
      if (before === after) continue;
      if (before !== null) index.get(before)?.delete(record.Id);
      add(index, after, record.Id);
    }
  }
}

// Keyed by the table object itself: a table replaced wholesale (state loaded from disk, a test
// building its own state) simply gets a fresh index, built lazily on its first lookup.
const indexes = new WeakMap<Table, ValueIndex>();

/** The key a value is indexed under: unique text in Salesforce compares case-insensitively. */
export const indexKey = (value: unknown): string | null =>
  value === null || value === undefined || value === '' ? null : String(value).toLowerCase();

function tableIndex(table: Table): ValueIndex {
  let index = indexes.get(table);
  if (!index) {
    index = new ValueIndex(() => Object.values(table));
    indexes.set(table, index);
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
  indexes.get(table)?.move(previous, record);
}

/**
 * The records of a table whose `field` equals `value` ignoring case (deleted ones included).
 * Candidates are checked against the record itself, so an entry can never answer a stale match.
 */
export function findByValue(table: Table, field: string, value: unknown): SfRecord[] {
  const key = indexKey(value);
  if (key === null) return [];
  const out: SfRecord[] = [];
  for (const id of tableIndex(table).ids(field, key) ?? []) {
    const record = table[id];
    if (record && indexKey(record[field]) === key) out.push(record);
  }
  return out;
}
