/** @module Records whose property holds one of many values: CRM search with IN, within HubSpot's search limits. */
import type { CrmObjectType, CrmRecord } from '../types';
import { SEARCH_PAGE_MAX, type Search } from './changed-since';

/** HubSpot takes at most 100 values in one IN filter. */
export const IN_VALUES_MAX = 100;

/**
 * One search per 100 values (more only when over 200 records share them): sorted by `hs_object_id` and
 * continued with `hs_object_id > last`, never an `after` offset, so the 10,000-result window is never met.
 * Values are sent lower-case: HubSpot compares IN values on text properties in lower case.
 */
export async function findByValues(
  search: Search,
  type: CrmObjectType,
  property: string,
  values: string[],
  properties: string[],
): Promise<CrmRecord[]> {
  const unique = [...new Set(values.map((v) => v.toLowerCase()))];
  const out: CrmRecord[] = [];
  for (let i = 0; i < unique.length; i += IN_VALUES_MAX) {
    const chunk = unique.slice(i, i + IN_VALUES_MAX);
    for (let last: string | null = null; ; ) {
      const page = await search(type, {
        filterGroups: [
          {
            filters: [
              { propertyName: property, operator: 'IN', values: chunk },
              ...(last ? [{ propertyName: 'hs_object_id', operator: 'GT' as const, value: last }] : []),
            ],
          },
        ],
        sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
        properties: [...new Set([...properties, property])],
        limit: SEARCH_PAGE_MAX,
      });
      out.push(...page);
      if (page.length < SEARCH_PAGE_MAX) break;
      last = page[page.length - 1].id;
    }
  }
  return out;
}
