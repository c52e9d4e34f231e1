/** @module A transaction over the org's records: writes land in an overlay and reach the org only on commit (allOrNone). */
import { type CommittedChange, recordsCommitted } from './change-events';
import type { OrgState, SfRecord } from './org-state';
import { findByValue, indexKey, putRecord, ValueIndex } from './record-index';

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
  // The overlay's own value index per object, built on a field's first lookup and kept by put(): a
  // lookup scanned every record written in the transaction, on every row of a bulk batch.
  const overlayIndex = new Map<string, ValueIndex>();
  const overlayKeyed = (object: string, changed: Map<string, SfRecord>) => {
    let index = overlayIndex.get(object);
    if (!index) {
      index = new ValueIndex(() => changed.values());
      overlayIndex.set(object, index);
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
      const ids = overlayKeyed(object, changed).ids(field, key);
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
      overlayIndex.get(object)?.move(previous, record);
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
