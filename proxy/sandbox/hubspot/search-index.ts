/**
 * @module Sorted views of the portal's records for CRM search. The sync pages a whole portal through search
 * 100 records at a time ("modified after the cursor", then "this millisecond, ids after this one"): scanning
 * and sorting every record for every page made a first sync quadratic (60,000 contacts: minutes in search
 * alone). A view holds one property's records sorted by (value, id), rebuilt only after a write; a search
 * whose every filter group is a range on that property (or one value of it plus an id range) is answered
 * by binary search with the same results, order and `total` as the scan. Anything else still scans.
 */
import type { PortalProperty } from './property-definitions';
import { parseTimestamp } from './validate-properties';

export interface IndexedRecord {
  id: string;
  properties: Record<string, string>;
}

export type SortKey = number | string;

/** What a search filters and sorts on: numbers for number and date properties, lower case otherwise. */
export function comparable(def: PortalProperty, value: string): SortKey {
  if (def.type === 'number') return Number(value);
  if (def.type === 'datetime' || def.type === 'date') return parseTimestamp(value) ?? Number.NaN;
  return value.toLowerCase();
}

/** One property's records in search order: those with a comparable value first, by (value, id). */
export interface SortedView<R extends IndexedRecord = IndexedRecord> {
  def: PortalProperty;
  records: R[];
  keys: SortKey[];
  ids: number[];
  /** How many leading records hold a comparable value (no value, or a number that is not one, come after). */
  ranged: number;
}

const isNaNKey = (k: SortKey) => typeof k === 'number' && Number.isNaN(k);

export function buildView<R extends IndexedRecord>(records: R[], def: PortalProperty): SortedView<R> {
  const entries: { r: R; k: SortKey; id: number }[] = [];
  const rest: R[] = [];
  for (const r of records) {
    const v = r.properties[def.name];
    const k = v === undefined ? null : comparable(def, v);
    if (k === null || isNaNKey(k)) rest.push(r);
    else entries.push({ r, k, id: Number(r.id) });
  }
  entries.sort((x, y) => (x.k === y.k ? x.id - y.id : x.k < y.k ? -1 : 1));
  return {
    def,
    records: [...entries.map((e) => e.r), ...rest],
    keys: entries.map((e) => e.k),
    ids: entries.map((e) => e.id),
    ranged: entries.length,
  };
}

/** First position in [from, to) whose (key, id) is not before the bound; `after` skips equal keys (and ids). */
function lowerBound(view: SortedView, from: number, to: number, key: SortKey, after: boolean, byId = false) {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const k = byId ? view.ids[mid] : view.keys[mid];
    if (k < key || (after && k === key)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface RangeFilter {
  propertyName: string;
  operator: string;
  value?: string | number | boolean;
}

const RANGE = new Set(['EQ', 'GT', 'GTE', 'LT', 'LTE']);

/** Positions [start, end) in `view` of the records that satisfy every filter, or null when the filters are not all ranges it can serve. */
function interval(
  view: SortedView,
  filters: RangeFilter[],
  idDef: PortalProperty | undefined,
): [number, number] | null {
  let start = 0;
  let end = view.ranged;
  const own = filters.filter((f) => f.propertyName === view.def.name);
  const byId = filters.filter((f) => f.propertyName === 'hs_object_id' && view.def.name !== 'hs_object_id');
  if (own.length + byId.length !== filters.length || own.length === 0) return null;
  if (![...own, ...byId].every((f) => RANGE.has(f.operator) && f.value !== undefined)) return null;
  for (const f of own) {
    const k = comparable(view.def, String(f.value));
    if (isNaNKey(k)) return null;
    if (f.operator === 'EQ' || f.operator === 'GT' || f.operator === 'GTE')
      start = Math.max(start, lowerBound(view, 0, view.ranged, k, f.operator === 'GT'));
    if (f.operator === 'EQ' || f.operator === 'LT' || f.operator === 'LTE')
      end = Math.min(end, lowerBound(view, 0, view.ranged, k, f.operator !== 'LT'));
  }
  if (start >= end) return [start, start];
  if (byId.length === 0) return [start, end];
  // Ids are ordered only inside one value's block: an id range narrows a single EQ value.
  if (!idDef || view.keys[start] !== view.keys[end - 1]) return null;
  for (const f of byId) {
    const id = comparable(idDef, String(f.value));
    if (typeof id !== 'number' || Number.isNaN(id)) return null;
    if (f.operator === 'EQ' || f.operator === 'GT' || f.operator === 'GTE')
      start = Math.max(start, lowerBound(view, start, end, id, f.operator === 'GT', true));
    if (f.operator === 'EQ' || f.operator === 'LT' || f.operator === 'LTE')
      end = Math.min(end, lowerBound(view, start, end, id, f.operator !== 'LT', true));
  }
  return [start, Math.max(start, end)];
}

/**
 * The merged positions of the records matching any of `groups` (OR of ANDs) in `view`, in search order,
 * or null when a group is not a range the view serves. Ascending sorts only: the view's order is
 * (value, id) ascending, which is the search's order when sorting by the view's property, or — for one
 * group holding one value of it — by record id.
 */
export function viewRanges(
  view: SortedView,
  groups: RangeFilter[][],
  idDef: PortalProperty | undefined,
): [number, number][] | null {
  const ranges: [number, number][] = [];
  for (const g of groups) {
    const r = interval(view, g, idDef);
    if (!r) return null;
    if (r[1] > r[0]) ranges.push(r);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** Records at positions [after, after + limit) of the concatenated ranges. */
export function pageOf<R extends IndexedRecord>(
  view: SortedView<R>,
  ranges: [number, number][],
  after: number,
  limit: number,
): R[] {
  const page: R[] = [];
  let skip = after;
  for (const [start, end] of ranges) {
    const length = end - start;
    if (skip >= length) {
      skip -= length;
      continue;
    }
    for (let i = start + skip; i < end && page.length < limit; i++) page.push(view.records[i]);
    skip = 0;
    if (page.length >= limit) break;
  }
  return page;
}

/**
 * Views per (state, object type, property), reused until `version()` says the records changed
 * (every write, archive or restore moves it).
 */
export function createViewCache<S extends object, R extends IndexedRecord>(
  state: () => S,
  records: (type: string) => R[],
  version: () => number,
) {
  const cache = new WeakMap<S, Map<string, { version: number; view: SortedView<R> }>>();
  return (type: string, def: PortalProperty): SortedView<R> => {
    let byKey = cache.get(state());
    if (!byKey) {
      byKey = new Map();
      cache.set(state(), byKey);
    }
    const key = `${type}|${def.name}|${def.type}`;
    const hit = byKey.get(key);
    if (hit && hit.version === version() && hit.view.def === def) return hit.view;
    const view = buildView(records(type), def);
    byKey.set(key, { version: version(), view });
    return view;
  };
}
