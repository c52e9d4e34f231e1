/**
 * @module Lists v3 reads for the inclusion list: search a portal's lists (with size and the last join
 * and leave times, one call for up to 500 lists), and page through a list's members (250 a call, by
 * record id, `after`).
 */
import type { Client } from '@hubspot/api-client';
import type { CrmList, CrmObjectType } from '../types';
import type { HubspotCall } from './hubspot-call';

const TYPE_OF_ID: Record<string, CrmObjectType> = { '0-1': 'contacts', '0-2': 'companies', '0-3': 'deals' };
const SEARCH_MAX = 500;
const MEMBERS_MAX = 250;

interface SearchedList {
  listId: string;
  name: string;
  objectTypeId: string;
  processingType: string;
  listVersion: number;
  updatedAt?: Date;
  additionalProperties?: Record<string, string>;
}

function toList(l: SearchedList): CrmList {
  const p = l.additionalProperties ?? {};
  return {
    id: String(l.listId),
    name: l.name,
    objectType: TYPE_OF_ID[l.objectTypeId] ?? null,
    processingType: l.processingType,
    size: Number(p.hs_list_size ?? 0),
    // Membership changes move the last join/leave times; a changed definition moves the version.
    version: [
      l.listVersion,
      l.updatedAt ? new Date(l.updatedAt).toISOString() : '',
      p.hs_last_record_added_at ?? '',
      p.hs_last_record_removed_at ?? '',
      p.hs_list_size ?? '',
    ].join('|'),
  };
}

export function createListReads(client: Client, call: HubspotCall) {
  const api = client.crm.lists;
  async function search(request: { query?: string; listIds?: string[] }): Promise<CrmList[]> {
    const out: CrmList[] = [];
    for (let offset = 0; ; ) {
      const page = await call('POST', '/crm/v3/lists/search', () =>
        api.listsApi.doSearchWithHttpInfo({ ...request, offset, count: SEARCH_MAX }),
      );
      out.push(...page.lists.map((l) => toList(l as unknown as SearchedList)));
      if (!page.hasMore || !page.lists.length) return out;
      offset = page.offset;
    }
  }
  return {
    /** Every list of the portal whose name contains `query` (all when absent). */
    searchLists: (query?: string) => search(query ? { query } : {}),
    /** One list by id, or null when the portal has none with that id. */
    async list(id: string): Promise<CrmList | null> {
      const [found] = await search({ listIds: [id] });
      return found ?? null;
    },
    /** The ids of every member, in record-id order. */
    async listMemberIds(id: string): Promise<string[]> {
      const ids: string[] = [];
      let after: string | undefined;
      do {
        const page = await call('GET', `/crm/v3/lists/${id}/memberships`, () =>
          api.membershipsApi.getPageWithHttpInfo(id, after, undefined, MEMBERS_MAX),
        );
        ids.push(...page.results.map((r) => String(r.recordId)));
        after = page.paging?.next?.after;
      } while (after);
      return ids;
    },
  };
}
