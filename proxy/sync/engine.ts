/**
 * @module The sync engine: pull CRM changes → preflight → upsert to Salesforce in collections, record
 * every failure classified, pause on the allocation, suspend on org-level failures, resync on demand.
 */
import { BudgetExceededError } from '../salesforce/api-meter';
import { queueDueRetries, scheduleFirstRetry } from './auto-retry';
import { SuspendSignal } from './call-policy';
import { createQueuedInCrm } from './create-in-crm';
import { DEFAULT_MAPPINGS } from './default-mapping';
import { loadDescribes } from './describe-cache';
import type { SyncEngine, SyncEngineDeps, SyncRunResult } from './engine-api';
import { createMappingControl } from './mapping-control';
import { pullFromCrm } from './pull-from-crm';
import { pullFromSalesforce } from './pull-from-salesforce';
import { type PushContext, pushBatch } from './push-to-salesforce';
import { createResync } from './resync';
import { SyncEvents, type SyncState } from './sync-events';
import { checkUsageWarnings } from './usage-warnings';

export type { SyncEngine, SyncEngineDeps, SyncRunResult } from './engine-api';
export { MappingSetError } from './mapping-control';
export type { JobStatus, ResyncOutcome } from './resync';
export type { SyncState } from './sync-events';
export type { MappingProblem } from './validate-mappings';

const SUSPENSION_KEY = 'suspension';

export function createSyncEngine(deps: SyncEngineDeps): SyncEngine {
  const { store } = deps;
  const now = deps.now ?? Date.now;
  const retry = deps.retry ?? { retries: 4, minTimeoutMs: 1000 };
  const events = new SyncEvents();
  const mappingControl = createMappingControl({
    store,
    crm: deps.crm,
    now,
    fallback: deps.mappings ?? DEFAULT_MAPPINGS,
    onProblems: (problems) => events.emit('mapping-problems', problems),
  });
  const current = mappingControl.current;
  /** Set when a mapping suspension is cleared: the admin fixed the org, so describe is fetched again. */
  let recheckMappings = false;
  /** Objects whose describe the next drain fetches again (a resync after a fix in Setup). */
  const refreshObjects = new Set<string>();
  let paused: Extract<SyncState, { state: 'paused' }> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let chain: Promise<unknown> = Promise.resolve();

  /** One run or resync at a time: they share the queue. */
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = chain.then(fn, fn);
    chain = next.catch(() => undefined);
    return next;
  };

  const suspension = () => store.cursor(SUSPENSION_KEY);
  const status = (): SyncState => suspension() ?? paused ?? { state: 'running' };
  const setState = (s: SyncState) => {
    const before = JSON.stringify(status());
    if (s.state === 'suspended') store.setCursor(SUSPENSION_KEY, s);
    else store.db.prepare(`DELETE FROM cursors WHERE key = ?`).run(SUSPENSION_KEY);
    paused = s.state === 'paused' ? s : null;
    if (JSON.stringify(status()) !== before) events.emit('state', status());
  };

  const ctx: PushContext = {
    store,
    salesforce: deps.salesforce,
    crm: deps.crm,
    now,
    retry,
    maxRecordAttempts: deps.maxRecordAttempts ?? 5,
    onError: (id, error) => {
      scheduleFirstRetry(store, id, error.category, now());
      events.emit('error', { id, error });
    },
    onResolved: (ids) => events.emit('resolved', { ids }),
    onRetry: () => undefined,
  };
  const sfContext = () => ({ ...ctx, integrationUserId: deps.integrationUserId ?? null });
  /** Optional spending (describe refresh) stops where automatic retries stop: a share of the allocation. */
  const canSpendOptional = () => {
    const { allocation, retry: r } = store.settings();
    return store.calls24h(now()) + current().length <= (allocation * r.stopAtPercent) / 100;
  };
  const describeDeps = {
    canSpendOptional,
    store,
    salesforce: deps.salesforce,
    now,
    retry,
    ttlMs: deps.describeTtlMs ?? 3_600_000,
  };

  /** Pushes every due queued change, parents first; throws pause/suspend signals. */
  async function drain(tally = { processed: 0 }): Promise<number> {
    const force = recheckMappings;
    const describes = await loadDescribes(describeDeps, current(), force || new Set(refreshObjects));
    recheckMappings = false;
    refreshObjects.clear();
    // Problems are stored (the panel lists them); a pair that cannot sync at all suspends the run.
    await mappingControl.check(describes, force);
    for (const m of current()) {
      const d = describes.get(m.sfObject);
      if (!d) continue;
      // Salesforce-created records left queued (a crash, a CRM outage): their CRM twins first.
      await createQueuedInCrm(sfContext(), m, d);
      // Counted as it goes, so that a pause half-way still reports what was done.
      for (let n = await pushBatch(ctx, m, d); n > 0; n = await pushBatch(ctx, m, d)) tally.processed += n;
    }
    return tally.processed;
  }

  /** Salesforce → CRM, at most every sfPollMs (polling spends calls even when nothing changed). */
  async function pollSalesforce(): Promise<void> {
    const last = store.cursor('sf_poll_at');
    if (last !== null && now() - last < (deps.sfPollMs ?? 5 * 60_000)) return;
    const describes = await loadDescribes(describeDeps, current());
    for (const m of current()) {
      const d = describes.get(m.sfObject);
      if (!d) continue;
      await pullFromSalesforce(sfContext(), m, d);
      await createQueuedInCrm(sfContext(), m, d);
    }
    store.setCursor('sf_poll_at', now());
  }

  /** The org's usage comes free with every response; ask /limits only when none was seen for an hour. */
  async function refreshOrgUsage(): Promise<void> {
    const seen = store.orgUsage();
    if (seen && now() - seen.seenAt < 3_600_000) return;
    if (!canSpendOptional()) return;
    const l = await deps.salesforce.limits();
    store.setOrgUsage({ used: l.used, limit: l.limit, seenAt: now() });
  }

  /** Runs `fn`, turning budget and org failures into a pause or a suspension. */
  async function guarded<T>(fn: () => Promise<T>): Promise<{ value?: T; failure?: string }> {
    try {
      const value = await fn();
      if (status().state === 'paused') setState({ state: 'running' });
      return { value };
    } catch (err) {
      if (err instanceof BudgetExceededError) {
        setState({ state: 'paused', reason: err.message, resumeAt: err.resumeAt });
        return {};
      }
      if (err instanceof SuspendSignal) {
        const t = now();
        const s = err.suspension;
        setState({
          state: 'suspended',
          id: s.id,
          reason: s.reason,
          action: s.action,
          since: t,
          retryAt: s.retryInMs ? t + s.retryInMs : null,
        });
        return {};
      }
      return { failure: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
    } finally {
      events.emit('counts');
      checkUsageWarnings(store, now(), events);
    }
  }

  async function run(): Promise<SyncRunResult> {
    const s = suspension();
    const t = now();
    if (s && (s.retryAt === null || t < s.retryAt))
      return { state: s, queuedFromCrm: 0, processed: 0, retriesQueued: 0 };
    // Still paused unless the window freed or the user raised the allocation.
    const budgetBack = store.calls24h(t) < store.settings().allocation;
    if (paused && t < paused.resumeAt && !budgetBack)
      return { state: paused, queuedFromCrm: 0, processed: 0, retriesQueued: 0 };
    let queuedFromCrm = 0;
    let retriesQueued = 0;
    const tally = { processed: 0 };
    const r = await guarded(async () => {
      resync.resumeJobs();
      for (const m of current()) queuedFromCrm += await pullFromCrm(store, deps.crm, m, now);
      retriesQueued = queueDueRetries(store, now()).queued;
      await drain(tally);
      await pollSalesforce();
      await refreshOrgUsage();
      // Reaching here means Salesforce answered: an org-limit suspension that was retried is over.
      if (suspension()) setState({ state: 'running' });
      store.setCursor('last_sync_at', now());
      store.prune(now());
    });
    return { state: status(), queuedFromCrm, processed: tally.processed, retriesQueued, failure: r.failure };
  }

  const resync = createResync({
    store,
    crm: deps.crm,
    mappings: current,
    // A resync after a fix in Setup (a picklist value added, a field made editable) must see the org as
    // it is now, not the describe cached for up to an hour: one describe per object involved.
    drain: (refresh) =>
      guarded(() => {
        for (const object of refresh) refreshObjects.add(object);
        return drain();
      }),
    now,
    exclusive,
  });

  return {
    events,
    status,
    runOnce: () => exclusive(run),
    start() {
      if (timer) return;
      const tick = () => {
        void exclusive(run).finally(() => {
          if (timer) timer = setTimeout(tick, deps.intervalMs ?? 30_000);
        });
      };
      timer = setTimeout(tick, 0);
      resync.resumeJobs();
    },
    async stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      await resync.stop();
      await chain;
    },
    resync: resync.resync,
    resyncAll: resync.resyncAll,
    job: resync.job,
    validateMappings: () =>
      exclusive(async () => {
        const describes = await loadDescribes(describeDeps, current());
        try {
          return await mappingControl.check(describes, true);
        } catch (err) {
          if (err instanceof SuspendSignal) return mappingControl.problems()?.problems ?? [];
          throw err;
        }
      }),
    mappings: () => structuredClone(current()),
    mappingProblems: () => mappingControl.problems(),
    setMappings: (next) =>
      exclusive(() =>
        mappingControl
          .replace(next, (set) => loadDescribes(describeDeps, set))
          .then((problems) => {
            // The saved set may have cured a pair that suspended the sync.
            if (suspension()?.id.startsWith('property-mappings:')) setState({ state: 'running' });
            return problems;
          }),
      ),
    clearSuspension(id) {
      const s = suspension();
      if (!s || s.id !== id) return false;
      if (id.startsWith('property-mappings:')) recheckMappings = true;
      setState({ state: 'running' });
      return true;
    },
  };
}
