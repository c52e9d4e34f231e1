/** @module The error routes the category view calls, through the one proxy client. */
import type { ProxyClient } from '../../api/proxy-client';
import type { ErrorItemLike, LinkBases } from './category-row';
import type { RowOutcome } from './ErrorTableRow';

export const PAGE_SIZE = 50;

export interface PageQuery {
  category: string;
  q?: string;
  group?: string;
  cursor?: string;
}

export interface ErrorPage {
  items: ErrorItemLike[];
  nextCursor: string | null;
  links: LinkBases | null;
}

export interface JobProgress {
  id: string;
  state: 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  resolved: number;
  failing: number;
  notFound: number;
  failure?: string;
}

interface ResyncAnswer {
  outcomes: { id: string; outcome: RowOutcome['outcome']; error?: { message: string } }[];
}

export function createCategoryApi(client: ProxyClient) {
  return {
    async page(query: PageQuery): Promise<ErrorPage> {
      const search = new URLSearchParams({ category: query.category, limit: String(PAGE_SIZE) });
      if (query.q) search.set('q', query.q);
      if (query.group) search.set('group', query.group);
      if (query.cursor) search.set('cursor', query.cursor);
      const page = await client.request<Partial<ErrorPage> & { items: ErrorItemLike[] }>(`/errors?${search}`);
      return { items: page.items, nextCursor: page.nextCursor ?? null, links: page.links ?? null };
    },
    async counts(category: string) {
      const summary = await client.call('GET /health/summary');
      return summary.categories.find((c) => c.category === category) ?? null;
    },
    async resync(ids: string[]): Promise<Map<string, RowOutcome>> {
      const answer = await client.request<ResyncAnswer>('/resync', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ids }),
      });
      return new Map(
        answer.outcomes.map((o) => [o.id, { outcome: o.outcome, message: o.error?.message }] as const),
      );
    },
    resyncAll: (category: string) =>
      client.request<{ jobId: string }>('/resync/all', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ category }),
      }),
    job: (id: string) => client.request<JobProgress>(`/jobs/${encodeURIComponent(id)}`),
    createView: (body: { category: string } | { errorIds: string[] }) =>
      client.request<{ url: string; size: number }>('/views', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
  };
}

export type CategoryApi = ReturnType<typeof createCategoryApi>;
