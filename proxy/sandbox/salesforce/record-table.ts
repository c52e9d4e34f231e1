/** @module A transaction over the org's records: writes land in an overlay and reach the org only on commit (allOrNone). */
import type { OrgState, SfRecord } from './org-state';

export interface RecordTable {
  get(object: string, id: string): SfRecord | undefined;
  /** Every record of the object, deleted ones included. */
  all(object: string): SfRecord[];
  put(object: string, record: SfRecord): void;
  isHidden(id: string): boolean;
  /** The object a stored id belongs to, found through its key prefix. */
  objectOf(id: string): string | undefined;
}

export interface Transaction extends RecordTable {
  commit(): void;
}

export function beginTransaction(state: OrgState): Transaction {
  const overlay = new Map<string, Record<string, SfRecord>>();
  const hidden = new Set(state.hiddenIds);
  const read = (object: string) => overlay.get(object) ?? state.records[object] ?? {};
  return {
    get: (object, id) => read(object)[id],
    all: (object) => Object.values(read(object)),
    put(object, record) {
      let table = overlay.get(object);
      if (!table) {
        table = { ...(state.records[object] ?? {}) };
        overlay.set(object, table);
      }
      table[record.Id] = record;
    },
    isHidden: (id) => hidden.has(id),
    objectOf(id) {
      const prefix = id.slice(0, 3);
      return Object.values(state.org.objects).find((o) => o.keyPrefix === prefix)?.name;
    },
    commit() {
      for (const [object, table] of overlay) state.records[object] = table;
      overlay.clear();
    },
  };
}
