/** @module The category's actions (resync selected, resync all, export, create view), each with its own status. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Category } from '../../../shared/taxonomy';
import { downloadExport } from '../../api/download-export';
import type { ProxySettings } from '../../settings/proxy-settings';
import type { CategoryApi, JobProgress } from './category-api';
import type { RowOutcome } from './ErrorTableRow';

export type ActionName = 'resync' | 'resyncAll' | 'export' | 'view';

export interface ActionStatus {
  busy: boolean;
  /** The proxy's message when the action failed, shown next to its button. */
  error: string | null;
  /** What the action did, shown next to its button and announced. */
  done: string | null;
  /** Create view: the list it opened, to open again. */
  url?: string;
}

const IDLE: ActionStatus = { busy: false, error: null, done: null };
const JOB_POLL_MS = 600;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "2 resolved · 1 still failing · 1 not found": what a resync did, in words. */
export function describeOutcomes(counts: { resolved: number; failing: number; notFound: number }): string {
  const parts = [`${counts.resolved} resolved`];
  if (counts.failing) parts.push(`${counts.failing} still failing`);
  if (counts.notFound) parts.push(`${counts.notFound} not found`);
  return parts.join(' · ');
}

export interface ActionContext {
  /** null until the proxy settings are read (the buttons say so if clicked that early). */
  connection: { api: CategoryApi; settings: ProxySettings } | null;
  category: Category;
  q: string;
  group?: string;
  object?: string;
  subType?: string;
  selected: ReadonlySet<string>;
  /** After a resync: the per-row outcomes (empty after "Resync all", which reloads the page instead). */
  onResynced: (outcomes: ReadonlyMap<string, RowOutcome>, reloadPage: boolean) => Promise<void> | void;
}

export function useCategoryActions(ctx: ActionContext) {
  const [status, setStatus] = useState<Record<ActionName, ActionStatus>>({
    resync: IDLE,
    resyncAll: IDLE,
    export: IDLE,
    view: IDLE,
  });
  const [job, setJob] = useState<JobProgress | null>(null);
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );
  const set = (name: ActionName, next: ActionStatus) =>
    alive.current && setStatus((s) => ({ ...s, [name]: next }));

  async function run(
    name: ActionName,
    work: (api: CategoryApi, settings: ProxySettings) => Promise<Omit<ActionStatus, 'busy' | 'error'>>,
  ) {
    set(name, { busy: true, error: null, done: null });
    try {
      if (!ctx.connection) throw new Error('Still reading the proxy settings; try again in a moment.');
      set(name, { ...(await work(ctx.connection.api, ctx.connection.settings)), busy: false, error: null });
    } catch (err) {
      set(name, { busy: false, error: (err as Error).message, done: null });
    }
  }

  async function followJob(api: CategoryApi, jobId: string): Promise<JobProgress> {
    for (;;) {
      const progress = await api.job(jobId);
      if (alive.current) setJob(progress);
      if (progress.state !== 'running' || !alive.current) return progress;
      await new Promise((resolve) => setTimeout(resolve, JOB_POLL_MS));
    }
  }

  return {
    status,
    job,
    /** Takes an outcome off the status area (it stays there until then). */
    dismiss: (name: ActionName) => set(name, IDLE),
    resyncSelected: () =>
      run('resync', async (api) => {
        const outcomes = await api.resync([...ctx.selected]);
        const count = (o: RowOutcome['outcome']) =>
          [...outcomes.values()].filter((v) => v.outcome === o).length;
        await ctx.onResynced(outcomes, false);
        return {
          done: describeOutcomes({
            resolved: count('resolved'),
            failing: count('failing'),
            notFound: count('not-found'),
          }),
        };
      }),
    resyncAll: () =>
      run('resyncAll', async (api) => {
        const { jobId } = await api.resyncAll(ctx.category);
        const end = await followJob(api, jobId);
        await ctx.onResynced(new Map(), true);
        if (end.state === 'failed') throw new Error(end.failure ?? 'The resync job stopped before the end.');
        return { done: `Resync all done: ${describeOutcomes(end)} of ${plural(end.total, 'error')}` };
      }),
    exportCsv: () =>
      run('export', async (_api, settings) => {
        const fileName = await downloadExport(settings, {
          category: ctx.category,
          q: ctx.q || undefined,
          group: ctx.group,
          object: ctx.object,
          subType: ctx.subType,
        });
        return { done: `Saved ${fileName}` };
      }),
    createView: () =>
      run('view', async (api) => {
        const body = ctx.selected.size ? { errorIds: [...ctx.selected] } : { category: ctx.category };
        const view = await api.createView(body);
        // A HubSpot list holds one object type: a category over companies and contacts makes two.
        const lists = view.lists.length ? view.lists : [{ url: view.url, size: view.size, objectType: '' }];
        for (const list of lists) await browser.tabs.create({ url: list.url });
        return {
          done:
            lists.length === 1
              ? `Opened a HubSpot list of ${plural(view.size, 'record')}`
              : `Opened ${lists.length} HubSpot lists: ${lists.map((l) => `${l.size} ${l.objectType}`).join(', ')}`,
          url: view.url,
        };
      }),
  };
}
