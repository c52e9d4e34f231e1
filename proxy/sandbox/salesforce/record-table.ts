/** @module A transaction over the org's records: writes land in an overlay and reach the org only on commit (allOrNone). */
import { type CommittedChange, recordsCommitted } from './change-events';
import type { OrgState, SfRecord } from './org-state';
import { findByValue, indexKey, putRecord } from './record-index';

export interface RecordTable {
  get(object: string, id: string): SfRecord | undefined;
  /** Every record of the object, deleted ones included. */
  all(object: string): SfRecord[];
  /** Records whose `field` equals `value` ignoring case (deleted ones included), through the index. */
  findBy(object: string, field: string, value: unknown): SfRecord[];
  put(object: string, record: SfRecord): void;
  isHidden(id: string): boolean;
  /** The object a stored id belongs to, found through its key prefix. */
  objectOf(id: string): string | undefined;
}

export interface Transaction extends RecordTable {
  commit(): void;
}

export function beginTransaction(state: OrgState): Transaction {
  // Only the records written in this transaction: the org's tables stay untouched until commit.
  const overlay = new Map<string, Map<string, SfRecord>>();
  // The overlay's own value index, object → field → key → ids, built on a field's first lookup and kept
  // by put(): a lookup scanned every record written in the transaction, on every row of a bulk batch.
  const overlayIndex = new Map<string, Map<string, Map<string, Set<string>>>>();
  const overlayKeyed = (object: string, field: string, changed: Map<string, SfRecord>) => {
    let byField = overlayIndex.get(object);
    if (!byField) {
      byField = new Map();
      overlayIndex.set(object, byField);
    }
    let index = byField.get(field);
    if (!index) {
      index = new Map();
      for (const r of changed.values()) addKey(index, indexKey(r[field]), r.Id);
      byField.set(field, index);
    }
    return index;
  };
  const hidden = new Set(state.hiddenIds);
  const base = (object: string) => state.records[object] ?? {};
  return {
    get: (object, id) => overlay.get(object)?.get(id) ?? base(object)[id],
    all(object) {
      const changed = overlay.get(object);
      if (!changed) return Object.values(base(object));
      const out = Object.values(base(object)).map((r) => changed.get(r.Id) ?? r);
      for (const [id, r] of changed) if (!(id in base(object))) out.push(r);
      return out;
    },
    findBy(object, field, value) {
      const changed = overlay.get(object);
      const committed = findByValue(base(object), field, value);
      if (!changed) return committed;
      const key = indexKey(value);
      const out = committed.filter((r) => !changed.has(r.Id));
      if (key === null) return out;
      const ids = overlayKeyed(object, field, changed).get(key);
      if (!ids?.size) return out;
      // In the overlay's write order, as a scan of it would list them.
      const order = ids.size > 1 ? [...changed.keys()] : [];
      const found = [...ids].sort((a, b) => order.indexOf(a) - order.indexOf(b));
      for (const id of found) out.push(changed.get(id)!);
      return out;
    },
    put(object, record) {
      let changed = overlay.get(object);
      if (!changed) {
        changed = new Map();
        overlay.set(object, changed);
      }
      const previous = changed.get(record.Id);
      changed.set(record.Id, record);
      for (const [field, index] of overlayIndex.get(object) ?? []) {
        const before = previous ? indexKey(previous[field]) : null;
        const after = indexKey(record[field]);
        if (before === after) continue;
        if (before !== null) index.get(before)?.delete(record.Id);
        addKey(index, after, record.Id);
      }
    },
    isHidden: (id) => hidden.has(id),
    objectOf(id) {
      const prefix = id.slice(0, 3);
      return Object.values(state.org.objects).find((o) => o.keyPrefix === prefix)?.name;
    },
    commit() {
      const committed: CommittedChange[] = [];
      for (const [object, changed] of overlay) {
        state.records[object] ??= {};
        for (const record of changed.values()) {
          committed.push({ object, before: state.records[object][record.Id], after: record });
          putRecord(state.records[object], record);
        }
      }
      overlay.clear();
      overlayIndex.clear();
      recordsCommitted(state, committed);
    },
  };
}

function addKey(index: Map<string, Set<string>>, key: string | null, id: string): void {
  if (key === null) return;
  let ids = index.get(key);
  if (!ids) {
    ids = new Set();
    index.set(key, ids);
  }
  ids.add(id);
}
