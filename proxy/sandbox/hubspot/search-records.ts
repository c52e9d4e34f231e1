/** @module CRM search semantics: filterGroups, one sort, `after` paging and the 10,000-result window. */
import { z } from 'zod';
import { badRequest } from './portal-error';
import type { StoredRecord } from './portal-store';
import type { PortalProperty } from './property-definitions';
import { comparable, pageOf, type SortedView, viewRanges } from './search-index';

/** HubSpot never serves a search result past this position, whatever the paging. */
export const SEARCH_WINDOW = 10_000;
export const SEARCH_PAGE_MAX = 200;

const OPERATORS = [
  'EQ',
  'NEQ',
  'GT',
  'GTE',
  'LT',
  'LTE',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'IN',
  'NOT_IN',
] as const;

const filterSchema = z.object({
  propertyName: z.string().min(1),
  operator: z.enum(OPERATORS),
  value: z.union([z.string(), z.number(), z.boolean()]).optional(),
  values: z.array(z.union([z.string(), z.number()])).optional(),
});
const sortSchema = z.union([
  z.string().min(1),
  z.object({
    propertyName: z.string().min(1),
    direction: z.enum(['ASCENDING', 'DESCENDING']).default('ASCENDING'),
  }),
]);

export const searchRequestSchema = z.object({
  filterGroups: z
    .array(z.object({ filters: z.array(filterSchema) }))
    .max(5)
    .default([]),
  sorts: z.array(sortSchema).default([]),
  query: z.string().optional(),
  properties: z.array(z.string()).default([]),
  limit: z.number().int().min(1).default(10),
  after: z.union([z.string(), z.number()]).optional(),
});
export type SearchRequest = z.infer<typeof searchRequestSchema>;
type Filter = z.infer<typeof filterSchema>;

const isNumeric = (def: PortalProperty) => ['number', 'datetime', 'date'].includes(def.type);

function matches(record: StoredRecord, filter: Filter, def: PortalProperty): boolean {
  const actual = record.properties[filter.propertyName];
  if (filter.operator === 'HAS_PROPERTY') return actual !== undefined;
  if (filter.operator === 'NOT_HAS_PROPERTY') return actual === undefined;
  if (filter.operator === 'IN' || filter.operator === 'NOT_IN') {
    const set = (filter.values ?? []).map((v) => comparable(def, String(v)));
    const found = actual !== undefined && set.includes(comparable(def, actual));
    return filter.operator === 'IN' ? found : !found;
  }
  if (filter.operator === 'NEQ' && actual === undefined) return true;
  if (actual === undefined) return false;
  const a = comparable(def, actual);
  const b = comparable(def, String(filter.value));
  switch (filter.operator) {
    case 'EQ':
      return a === b;
    case 'NEQ':
      return a !== b;
    case 'GT':
      return a > b;
    case 'GTE':
      return a >= b;
    case 'LT':
      return a < b;
    default:
      return a <= b;
  }
}

function checkFilter(filter: Filter, defs: Map<string, PortalProperty>): PortalProperty {
  const def = defs.get(filter.propertyName);
  if (!def)
    throw badRequest(
      `There was a problem with the request: property "${filter.propertyName}" does not exist`,
    );
  const needsValue = !['HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'IN', 'NOT_IN'].includes(filter.operator);
  if (needsValue && filter.value === undefined) {
    throw badRequest(`Filter ${filter.operator} on "${filter.propertyName}" needs a "value"`);
  }
  if (!needsValue && filter.operator.endsWith('IN') && !filter.values?.length) {
    throw badRequest(
      `Filter ${filter.operator} on "${filter.propertyName}" needs a non-empty "values" array`,
    );
  }
  if (needsValue && isNumeric(def) && Number.isNaN(comparable(def, String(filter.value)))) {
    throw badRequest(`Filter value "${filter.value}" is not valid for ${def.type} property "${def.name}"`);
  }
  return def;
}

/** Sorted views of one object type's records (search-index.ts), when the caller keeps them. */
export type ViewOf = (def: PortalProperty) => SortedView<StoredRecord>;

/**
 * The page of the records a search asks for, with HubSpot's `total` and `paging.next.after`. `records`
 * is called only when the search cannot be answered from a sorted view.
 */
export function searchRecords(
  records: () => StoredRecord[],
  definitions: PortalProperty[],
  request: SearchRequest,
  viewOf?: ViewOf,
) {
  if (request.limit > SEARCH_PAGE_MAX) {
    throw badRequest(
      `limit ${request.limit} is too large; a search returns at most ${SEARCH_PAGE_MAX} per page`,
    );
  }
  const after = request.after === undefined || request.after === '' ? 0 : Number(request.after);
  if (!Number.isInteger(after) || after < 0)
    throw badRequest(`"after" must be a paging token from a previous page`);
  if (after + request.limit > SEARCH_WINDOW) {
    throw badRequest(
      `Search results are limited to the first ${SEARCH_WINDOW} results (after=${after}, limit=${request.limit}). ` +
        'Narrow the search with a filter, e.g. on hs_lastmodifieddate, instead of paging further.',
    );
  }
  if (request.sorts.length > 1)
    throw badRequest('A search accepts one sorting rule; pass a single entry in "sorts"');
  const defs = new Map(definitions.map((d) => [d.name, d]));
  const groups = request.filterGroups.map((g) => g.filters.map((f) => ({ f, def: checkFilter(f, defs) })));
  const text = request.query?.toLowerCase();
  const sort = request.sorts[0];
  const sortName = typeof sort === 'string' ? sort.replace(/^-/, '') : (sort?.propertyName ?? 'hs_object_id');
  const descending = typeof sort === 'string' ? sort.startsWith('-') : sort?.direction === 'DESCENDING';
  const sortDef = defs.get(sortName);
  if (!sortDef) throw badRequest(`Cannot sort by "${sortName}": the property does not exist`);
  const indexed =
    viewOf && !text && !descending && groups.length > 0
      ? fromView(
          viewOf,
          request.filterGroups.map((g) => g.filters),
          sortDef,
          defs,
        )
      : null;
  if (indexed) {
    const total = indexed.ranges.reduce((n, [start, end]) => n + end - start, 0);
    const page = pageOf(indexed.view, indexed.ranges, after, request.limit);
    const next = after + page.length;
    return {
      total,
      page,
      nextAfter: next < total && next < SEARCH_WINDOW ? String(next) : undefined,
    };
  }
  const found = records().filter(
    (r) =>
      (groups.length === 0 || groups.some((g) => g.every(({ f, def }) => matches(r, f, def)))) &&
      (!text || Object.values(r.properties).some((v) => v.toLowerCase().includes(text))),
  );
  // Ties keep id order, so paging through equal sort values is stable.
  // Each key computed once, not once per comparison.
  const keyed = found.map((r) => ({
    r,
    k: r.properties[sortName] === undefined ? null : comparable(sortDef, r.properties[sortName]),
    id: Number(r.id),
  }));
  keyed.sort((x, y) => {
    const a = x.k;
    const b = y.k;
    let order = a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;
    if (descending) order = -order;
    return order || x.id - y.id;
  });
  const page = keyed.slice(after, after + request.limit).map((e) => e.r);
  const next = after + page.length;
  return {
    total: found.length,
    page,
    nextAfter: next < found.length && next < SEARCH_WINDOW ? String(next) : undefined,
  };
}

/**
 * The search answered from a sorted view: every group a range on the sort property, or (sorting by id)
 * one group holding one value of a property plus an id range; null when it must scan.
 */
function fromView(
  viewOf: ViewOf,
  filters: Filter[][],
  sortDef: PortalProperty,
  defs: Map<string, PortalProperty>,
) {
  const idDef = defs.get('hs_object_id');
  const bySort = viewOf(sortDef);
  const ranges = viewRanges(bySort, filters, idDef);
  if (ranges) return { view: bySort, ranges };
  if (sortDef.name !== 'hs_object_id' || filters.length !== 1) return null;
  const eq = filters[0].find((f) => f.operator === 'EQ' && f.propertyName !== 'hs_object_id');
  const def = eq && defs.get(eq.propertyName);
  if (!def) return null;
  const view = viewOf(def);
  const one = viewRanges(view, filters, idDef);
  // In one value's block the view is in id order, which is this search's order.
  if (!one || one.length > 1 || (one.length === 1 && view.keys[one[0][0]] !== view.keys[one[0][1] - 1]))
    return null;
  return { view, ranges: one };
}
