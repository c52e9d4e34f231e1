/** @module The portal's state: records, associations, lists and properties, with HubSpot's write rules. */
import type { CrmObjectType } from '../../crm/types';
import type { FilterBranch } from './list-filters';
import { PortalError, validationError } from './portal-error';
import { defaultPropertyDefinitions, type PortalProperty } from './property-definitions';
import { normaliseValue, validateProperties } from './validate-properties';

export const OBJECT_TYPES: CrmObjectType[] = ['contacts', 'companies', 'deals'];

export interface StoredRecord {
  id: string;
  properties: Record<string, string>;
  createdAt: number;
  updatedAt: number;
}

export interface StoredList {
  listId: string;
  name: string;
  objectTypeId: string;
  createdAt: number;
  updatedAt: number;
  /** Member record ids (a DYNAMIC list's as last processed). */
  members: string[];
  /** MANUAL (static, added by hand or API) or DYNAMIC (its filters decide); absent in older state = MANUAL. */
  processingType?: 'MANUAL' | 'DYNAMIC';
  /** A DYNAMIC list's filters (list-filters.ts). */
  filterBranch?: FilterBranch;
  /** When each member joined (ms), HubSpot's membershipTimestamp. */
  addedAt?: Record<string, number>;
  /** When a record last joined / left (HubSpot's hs_last_record_added_at / hs_last_record_removed_at). */
  lastAddedAt?: number;
  lastRemovedAt?: number;
  /** Bumped when the list's definition (name, filters) changes. */
  listVersion?: number;
}

/** Everything the portal persists; plain JSON so a snapshot is one file. */
export interface PortalState {
  accessToken: string;
  nextId: Record<CrmObjectType, number>;
  records: Record<CrmObjectType, Record<string, StoredRecord>>;
  /** key `${from}|${fromId}|${to}` → ids on the other side (both directions are stored). */
  associations: Record<string, string[]>;
  lists: Record<string, StoredList>;
  nextListId: number;
  properties: Record<CrmObjectType, PortalProperty[]>;
  /** Archived (deleted or merged) records, restorable for 90 days in HubSpot; absent in older state. */
  archived?: Record<CrmObjectType, Record<string, ArchivedRecord>>;
  /** `${type}|${id}` of a merged record → the record the merge made: reads of the old id answer it. */
  mergedInto?: Record<string, string>;
}

export interface ArchivedRecord extends StoredRecord {
  archivedAt: number;
}

export function emptyState(accessToken: string): PortalState {
  return {
    accessToken,
    // Distinct ranges per type make a mixed-up id visible in tests and on record pages.
    nextId: { contacts: 51001, companies: 21001, deals: 81001 },
    records: { contacts: {}, companies: {}, deals: {} },
    associations: {},
    lists: {},
    nextListId: 1,
    properties: defaultPropertyDefinitions(),
  };
}

const MODIFIED = ['lastmodifieddate', 'hs_lastmodifieddate'];

export interface RecordWrite {
  /** Existing record id; absent to create. */
  id?: string;
  properties: Record<string, unknown>;
}

/** Record reads and writes; all-or-nothing per call, like HubSpot's batch endpoints. */
export function createPortalStore(state: () => PortalState, now: () => number) {
  const table = (type: CrmObjectType) => state().records[type];
  // Moves on every record write, archive and restore: sorted search views are rebuilt after it moves.
  let version = 0;

  function definitions(type: CrmObjectType): PortalProperty[] {
    return state().properties[type];
  }

  // Unique values → record id, per state object (reset swaps the state), built on first use:
  // a scan per write made bulk loads quadratic.
  const indexes = new WeakMap<PortalState, Map<string, Map<string, string>>>();
  function uniqueIndex(type: CrmObjectType, name: string): Map<string, string> {
    let byKey = indexes.get(state());
    if (!byKey) {
      byKey = new Map();
      indexes.set(state(), byKey);
    }
    let index = byKey.get(`${type}|${name}`);
    if (!index) {
      index = new Map();
      for (const r of Object.values(table(type))) {
        if (r.properties[name] !== undefined) index.set(r.properties[name].toLowerCase(), r.id);
      }
      byKey.set(`${type}|${name}`, index);
    }
    return index;
  }
  function reindex(type: CrmObjectType, record: StoredRecord, next: Record<string, string> | null): void {
    for (const def of definitions(type).filter((d) => d.hasUniqueValue)) {
      const index = uniqueIndex(type, def.name);
      const before = record.properties[def.name];
      if (before !== undefined && index.get(before.toLowerCase()) === record.id)
        index.delete(before.toLowerCase());
      const after = next?.[def.name];
      if (after !== undefined) index.set(after.toLowerCase(), record.id);
    }
  }

  function findByUnique(type: CrmObjectType, name: string, value: string): StoredRecord | undefined {
    const id = uniqueIndex(type, name).get(value.toLowerCase());
    return id === undefined ? undefined : table(type)[id];
  }

  function conflict(type: CrmObjectType, name: string, value: string, existingId: string): PortalError {
    const message =
      type === 'contacts' && name === 'email'
        ? `Contact already exists. Existing ID: ${existingId}`
        : `A record with ${name} "${value}" already exists. Existing ID: ${existingId}`;
    return new PortalError(409, 'CONFLICT', message, [
      { message, code: 'DUPLICATE_VALUE', context: { propertyName: [name], existingId: [existingId] } },
    ]);
  }

  /** Validates every write (values, then unique values across the portal and the batch) before applying any. */
  function write(type: CrmObjectType, writes: RecordWrite[]): StoredRecord[] {
    const defs = definitions(type);
    const problems = writes.flatMap((w) => validateProperties(defs, w.properties));
    if (problems.length) throw validationError(problems);
    const unique = defs.filter((d) => d.hasUniqueValue);
    const claimed = new Map<string, string>();
    for (const [index, w] of writes.entries()) {
      for (const def of unique) {
        const raw = w.properties[def.name];
        if (raw === undefined || raw === null || raw === '') continue;
        const value = String(raw);
        const owner = findByUnique(type, def.name, value);
        if (owner && owner.id !== w.id) throw conflict(type, def.name, value, owner.id);
        const key = `${def.name}|${value.toLowerCase()}`;
        const other = claimed.get(key);
        if (other !== undefined) throw conflict(type, def.name, value, other);
        claimed.set(key, w.id ?? `input ${index}`);
      }
      if (w.id && !table(type)[w.id]) throw notFoundError(type, w.id);
    }
    return writes.map((w) => apply(type, w, defs));
  }

  function apply(type: CrmObjectType, w: RecordWrite, defs: PortalProperty[]): StoredRecord {
    version++;
    const at = now();
    const iso = new Date(at).toISOString();
    let record = w.id ? table(type)[w.id] : undefined;
    if (!record) {
      const id = String(state().nextId[type]++);
      record = { id, createdAt: at, updatedAt: at, properties: { hs_object_id: id, createdate: iso } };
      table(type)[id] = record;
    }
    const byName = new Map(defs.map((d) => [d.name, d]));
    const next = { ...record.properties };
    for (const [name, raw] of Object.entries(w.properties)) {
      if (raw === null || raw === '') delete next[name];
      else next[name] = normaliseValue(byName.get(name)!, raw);
    }
    reindex(type, record, next);
    record.properties = next;
    record.updatedAt = at;
    for (const name of MODIFIED) if (byName.has(name)) record.properties[name] = iso;
    return record;
  }

  function notFoundError(type: CrmObjectType, id: string): PortalError {
    return new PortalError(
      404,
      'OBJECT_NOT_FOUND',
      `Object not found. objectId are usually numeric. (${type} ${id})`,
    );
  }

  function get(type: CrmObjectType, id: string): StoredRecord | undefined {
    return table(type)[id];
  }

  function archive(type: CrmObjectType, id: string): boolean {
    const record = table(type)[id];
    if (!record) return false;
    version++;
    reindex(type, record, null);
    delete table(type)[id];
    const at = now();
    state().archived ??= { contacts: {}, companies: {}, deals: {} };
    state().archived![type][id] = { ...record, archivedAt: at };
    // Archiving drops the record's associations on both sides, as HubSpot does.
    for (const to of OBJECT_TYPES) {
      const key = `${type}|${id}|${to}`;
      for (const otherId of state().associations[key] ?? []) {
        const back = `${to}|${otherId}|${type}`;
        state().associations[back] = (state().associations[back] ?? []).filter((x) => x !== id);
      }
      delete state().associations[key];
    }
    return true;
  }

  /**
   * Brings a deleted record back, as an admin does under "Restore records" (within 90 days): the same id
   * and properties, modified now, associations not restored. False when no such archived record (a merge's
   * originals are not restorable: their ids read as the merged record).
   */
  function restore(type: CrmObjectType, id: string): boolean {
    const archived = state().archived?.[type][id];
    if (!archived || resolveId(type, id)) return false;
    const { archivedAt: _, ...record } = archived;
    for (const def of definitions(type).filter((d) => d.hasUniqueValue)) {
      const value = record.properties[def.name];
      if (value !== undefined && findByUnique(type, def.name, value)) return false;
    }
    delete state().archived![type][id];
    version++;
    const at = now();
    const restored: StoredRecord = { ...record, updatedAt: at, properties: { ...record.properties } };
    for (const name of MODIFIED)
      if (name in restored.properties) restored.properties[name] = new Date(at).toISOString();
    table(type)[id] = restored;
    reindex(type, { ...restored, properties: {} }, restored.properties);
    return true;
  }

  function all(type: CrmObjectType): StoredRecord[] {
    return Object.values(table(type));
  }

  /** An archived record (deleted or merged), as `archived=true` reads answer it. */
  function getArchived(type: CrmObjectType, id: string): ArchivedRecord | undefined {
    return state().archived?.[type][id];
  }

  function allArchived(type: CrmObjectType): ArchivedRecord[] {
    return Object.values(state().archived?.[type] ?? {});
  }

  /** The live record an id reads as: itself, or the record a merge turned it into (HubSpot keeps old ids). */
  function resolveId(type: CrmObjectType, id: string): StoredRecord | undefined {
    let current = id;
    for (let hops = 0; hops < 100; hops++) {
      const live = table(type)[current];
      if (live) return live;
      const next = state().mergedInto?.[`${type}|${current}`];
      if (!next) return undefined;
      current = next;
    }
    return undefined;
  }

  return {
    definitions,
    write,
    get,
    archive,
    restore,
    all,
    findByUnique,
    notFoundError,
    getArchived,
    allArchived,
    resolveId,
    version: () => version,
  };
}

export type PortalStore = ReturnType<typeof createPortalStore>;

/** What every route of the portal receives. */
export interface PortalDeps {
  store: PortalStore;
  state: () => PortalState;
  now: () => number;
  portalId: string;
  basePath: string;
  /** Most associations one record may hold to one object type. */
  associationLimit: number;
}
