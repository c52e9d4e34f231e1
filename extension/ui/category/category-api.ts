/** @module The error routes the category view calls, all through the one typed proxy client. */
import type { CreatedView, ErrorSort, ErrorsPage, JobProgress } from '../../../shared/api/errors';
import type { Category, SubType } from '../../../shared/taxonomy';
import type { ProxyClient } from '../../api/proxy-client';
import type { RowOutcome } from './ErrorTableRow';

export type { JobProgress } from '../../../shared/api/errors';

export const PAGE_SIZE = 50;

export interface PageQuery {
  category: Category;
  q?: string;
  group?: string;
  /** A Salesforce object (Contact, Account, Opportunity, Lead). */
  object?: string;
  subType?: SubType;
  sort?: ErrorSort;
  cursor?: string;
}

export function createCategoryApi(client: ProxyClient) {
  return {
    page: (query: PageQuery): Promise<ErrorsPage> =>
      client.call('GET /errors', {
        query: {
          category: query.category,
          q: query.q || undefined,
          group: query.group || undefined,
          object: query.object || undefined,
          subType: query.subType || undefined,
          // The proxy's default order is not sent: the request (and its cursor) stays as it always was.
          sort: query.sort && query.sort !== 'last-attempt' ? query.sort : undefined,
          cursor: query.cursor || undefined,
          limit: PAGE_SIZE,
        },
      }),
    summary: () => client.call('GET /health/summary'),
    async groups(category: Category) {
      return (await client.call('GET /errors/groups', { query: { category } })).groups;
    },
    /** Per-id outcomes; a still-failing error carries the message it fails with now. */
    async resync(errorIds: string[]): Promise<Map<string, RowOutcome>> {
      const { outcomes } = await client.call('POST /resync', { body: { errorIds } });
      return new Map(outcomes.map((o) => [o.id, { outcome: o.outcome, message: o.error?.message }] as const));
    },
    resyncAll: (category: Category) => client.call('POST /resync/all', { body: { category } }),
    job: (id: string): Promise<JobProgress> => client.call('GET /jobs/:id', { params: { id } }),
    createView: (body: { category: Category } | { errorIds: string[] }): Promise<CreatedView> =>
      client.call('POST /views', { body }),
  };
}

export type CategoryApi = ReturnType<typeof createCategoryApi>;
