/** @module "Changed since a cursor" over CRM search, without ever paging into the 10,000-result window. */
import type { CrmChangePage, CrmCursor, CrmObjectType, CrmRecord } from '../types';

/** HubSpot's largest search page. */
export const SEARCH_PAGE_MAX = 200;

/** The property holding the last-modified time: contacts keep the older name. */
export const modifiedProperty = (type: CrmObjectType) =>
  type === 'contacts' ? 'lastmodifieddate' : 'hs_lastmodifieddate';

type Filter =
  | { propertyName: string; operator: 'EQ' | 'GT' | 'GTE'; value: string }
  | { propertyName: string; operator: 'IN'; values: string[] };
export interface SearchPageRequest {
  filterGroups: { filters: Filter[] }[];
  sorts: { propertyName: string; direction: 'ASCENDING' }[];
  properties: string[];
  limit: number;
}
export type Search = (type: CrmObjectType, request: SearchPageRequest) => Promise<CrmRecord[]>;

const ms = (iso: string) => String(Date.parse(iso));
const byTimeThenId = (a: CrmRecord, b: CrmRecord) =>
  Date.parse(a.updatedAt) - Date.parse(b.updatedAt) || Number(a.id) - Number(b.id);
const cursorOf = (r: CrmRecord): CrmCursor => ({ updatedAt: r.updatedAt, id: r.id });

/**
 * Records modified strictly after `since`, oldest first. Every request starts a fresh search
 * whose filter moves with the cursor (time GT t, or time EQ t and id GT id), so `after` offsets
 * are never used and the 10,000-result window is never reached. HubSpot accepts one sort, so ties
 * on the timestamp are resolved here: a full page's last timestamp is re-read next time unless the
 * whole page shares it, in which case that timestamp is walked by id.
 */
export async function changedSince(
  search: Search,
  type: CrmObjectType,
  since: CrmCursor | null,
  properties: string[],
  limit = 100,
): Promise<CrmChangePage> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`limit must be a whole number >= 1, got ${limit}`);
  const modified = modifiedProperty(type);
  const props = [...new Set([...properties, modified])];
  const sortBy = (name: string) => [{ propertyName: name, direction: 'ASCENDING' as const }];
  const out: CrmRecord[] = [];
  let cursor = since;
  while (out.length < limit) {
    const want = Math.min(SEARCH_PAGE_MAX, limit - out.length);
    const after: { filters: Filter[] }[] = cursor
      ? [
          { filters: [{ propertyName: modified, operator: 'GT', value: ms(cursor.updatedAt) }] },
          {
            filters: [
              { propertyName: modified, operator: 'EQ', value: ms(cursor.updatedAt) },
              { propertyName: 'hs_object_id', operator: 'GT', value: cursor.id },
            ],
          },
        ]
      : [];
    const page = (
      await search(type, { filterGroups: after, sorts: sortBy(modified), properties: props, limit: want })
    ).sort(byTimeThenId);
    if (page.length < want) {
      out.push(...page);
      break;
    }
    const lastTime = Date.parse(page[page.length - 1].updatedAt);
    const kept = page.filter((r) => Date.parse(r.updatedAt) < lastTime);
    if (kept.length > 0) {
      out.push(...kept);
      cursor = cursorOf(kept[kept.length - 1]);
      continue;
    }
    // A full page of one timestamp: walk that timestamp in id order.
    const sameTime = new Date(lastTime).toISOString();
    const fromId = cursor && Date.parse(cursor.updatedAt) === lastTime ? cursor.id : '0';
    const tied = await search(type, {
      filterGroups: [
        {
          filters: [
            { propertyName: modified, operator: 'EQ', value: String(lastTime) },
            { propertyName: 'hs_object_id', operator: 'GT', value: fromId },
          ],
        },
      ],
      sorts: sortBy('hs_object_id'),
      properties: props,
      limit: want,
    });
    if (tied.length === 0) break;
    out.push(...tied.map((r) => ({ ...r, updatedAt: sameTime })));
    cursor = cursorOf(out[out.length - 1]);
  }
  return { records: out, next: out.length ? cursorOf(out[out.length - 1]) : null };
}
