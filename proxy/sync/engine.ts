/**
 * @module The sync engine: pull CRM changes → preflight → upsert to Salesforce in collections, record
 * every failure classified, pause on the allocation, suspend on org-level failures, resync on demand.
 */

import { OUTAGE_SYSTEM_LABELS } from '../../shared/api/sync-state';
import type { DescribeResult } from '../salesforce/adapter';
import {
  BudgetExceededError,
  HEADROOM_RECHECK_MS,
  HeadroomExceededError,
  readingOrgUsage,
  withCallKind,
} from '../salesforce/api-meter';
import { SoqlBuildError } from '../salesforce/soql';
import { queueDueRetries, scheduleFirstRetry } from './auto-retry';
import { callWithRetry, SuspendSignal } from './call-policy';
import { createChangeCapture } from './change-capture';
import type { PushContext } from './contexts';
import { createQueuedInCrm } from './create-in-crm';
import { CRM_DELETES_EVERY_MS, pullCrmDeletes } from './crm-merges-deletes';
import { DEFAULT_MAPPINGS, type ObjectMapping } from './default-mapping';
import { acceptDescribe, loadDescribes } from './describe-cache';
import type { SyncEngine, SyncEngineDeps, SyncRunResult } from './engine-api';
import { refreshInclusion } from './inclusion-list';
import { LEAD, leadMapping, leadsInUse } from './lead-routing';
import { createMappingControl } from './mapping-control';
import { crmSuspensionOf, nextMidnightIn, type Outage, outageBackoffMs, outageOf, redact } from './outage';
import { previewSync } from './preview';
import { pullFromCrm } from './pull-from-crm';
import { type FirstPage, firstPageQuery, pullFromSalesforce } from './pull-from-salesforce';
import { pushBatch } from './push-to-salesforce';
import { createResync } from './resync';
import { deletedRowsQuery, pullSalesforceDeletes } from './salesforce-deletes';
import { SyncEvents, type SyncState } from './sync-events';
import { checkUsageWarnings } from './usage-warnings';
import { flushWriteBacks } from './write-back';

export type { SyncEngine, SyncEngineDeps, SyncRunResult } from './engine-api';
export { MappingSetError } from './mapping-control';
export type { JobStatus, ResyncOutcome } from './resync';
export type { SyncState } from './sync-events';
export type { MappingProblem } from './validate-mappings';

const SUSPENSION_KEY = 'suspension';
/** When the admin accepted the preview of this pair's first sync (kept with the pair's store). */
const PREVIEW_ACCEPTED_KEY = 'preview_accepted';
const AWAITING_PREVIEW = 'awaiting-preview';
/** Composite carries at most 5 queries (and 25 subrequests): more due objects poll one by one. */
const COMPOSITE_QUERIES = 5;

export async function createSyncEngine(deps: SyncEngineDeps): Promise<SyncEngine> {
  const { store } = deps;
  const now = deps.now ?? Date.now;
  const retry = deps.retry ?? { retries: 4, minTimeoutMs: 1000 };
  const events = new SyncEvents();
  const mappingControl = await createMappingControl({
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
  // The pause is the headroom's (the org's share left to other integrations), not the allocation's.
  let headroomHeld = false;
  /** The outage the last run found, kept in the store: after a restart it shows until a run succeeds. */
  let degraded: Extract<SyncState, { state: 'degraded' }> | null = await store.cursor('outage');
  const intervalMs = deps.intervalMs ?? 30_000;
  const log =
    deps.log ??
    ((level: 'warn' | 'info', line: string) =>
      level === 'warn' ? console.error(`[sync-health] ${line}`) : console.log(`[sync-health] ${line}`));
  /** The last other failure logged: the same one again each run is not logged again. */
  let lastFailure: string | null = null;
  let timer: NodeJS.Timeout | null = null;
  /** Set by start(): runs the next tick now (a change event arrived). */
  let kick: () => void = () => undefined;
  let chain: Promise<unknown> = Promise.resolve();

  /** One run or resync at a time: they share the queue. */
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = chain.then(fn, fn);
    chain = next.catch(() => undefined);
    return next;
  };

  const suspension = async () => await store.cursor(SUSPENSION_KEY);
  const status = async (): Promise<SyncState> =>
    (await suspension()) ?? paused ?? degraded ?? { state: 'running' };
  /** Applies `change` and sends the `state` event when what status() answers changed. */
  const changing = async (change: () => void | Promise<void>) => {
    const before = JSON.stringify(await status());
    await change();
    const after = await status();
    if (JSON.stringify(after) !== before) events.emit('state', after);
  };
  /** Suspended, paused or running; an outage is kept apart (outageSeen), shown under a pause or a suspension. */
  const setState = (s: Exclude<SyncState, { state: 'degraded' }>) =>
    changing(async () => {
      if (s.state === 'suspended') await store.setCursor(SUSPENSION_KEY, s);
      else await store.deleteCursor(SUSPENSION_KEY);
      paused = s.state === 'paused' ? s : null;
    });

  /** A run failed because a whole system is down: say so (state, event, log) and back off. */
  async function outageSeen(o: Outage, resetAt?: number): Promise<void> {
    const t = now();
    const same = degraded?.system === o.system;
    const failures = same && degraded ? degraded.failures + 1 : 1;
    const next = {
      state: 'degraded' as const,
      system: o.system,
      reason: o.reason,
      since: same && degraded ? degraded.since : t,
      retryAt: resetAt ?? t + outageBackoffMs(intervalMs, failures),
      queued: await store.totalQueued(),
      failures,
    };
    const news = !same || degraded?.reason !== o.reason;
    await changing(async () => {
      degraded = next;
      await store.setCursor('outage', next);
    });
    if (news)
      log(
        'warn',
        `${OUTAGE_SYSTEM_LABELS[o.system]} outage: ${o.reason} The queue holds ${next.queued} ${next.queued === 1 ? 'change' : 'changes'}; next attempt at ${new Date(next.retryAt).toISOString()}.`,
      );
  }

  /**
   * When HubSpot's daily limit resets: midnight in the portal's time zone, read from the account details
   * (answered from memory once read; kept in the store for a restart during the outage), else UTC.
   */
  async function portalMidnight(): Promise<number> {
    const zone = (await readPortalTimeZone()) ?? (await store.cursor('crm_time_zone')) ?? 'UTC';
    try {
      return nextMidnightIn(now(), zone);
    } catch {
      return nextMidnightIn(now(), 'UTC');
    }
  }

  /** Reads the portal's time zone from its account details and keeps it; null when HubSpot does not answer. */
  async function readPortalTimeZone(): Promise<string | null> {
    try {
      const timeZone = (await deps.crm.account()).timeZone ?? null;
      if (timeZone) await store.setCursor('crm_time_zone', timeZone);
      return timeZone;
    } catch {
      return null;
    }
  }

  /** A run went through: an outage is over. */
  async function outageOver(): Promise<void> {
    const was = degraded;
    if (!was) return;
    await changing(async () => {
      degraded = null;
      await store.deleteCursor('outage');
    });
    log(
      'info',
      `${OUTAGE_SYSTEM_LABELS[was.system]} is back: the sync runs again (down since ${new Date(was.since).toISOString()}, ${was.failures} failed ${was.failures === 1 ? 'run' : 'runs'}).`,
    );
  }

  const ctx: PushContext = {
    store,
    salesforce: deps.salesforce,
    crm: deps.crm,
    now,
    retry,
    maxRecordAttempts: deps.maxRecordAttempts ?? 5,
    onError: async (id, error) => {
      await scheduleFirstRetry(store, id, error.category, now());
      events.emit('error', { id, error });
    },
    onResolved: (ids) => events.emit('resolved', { ids }),
    onRetry: () => undefined,
    hooks: deps.hooks,
  };
  const sfContext = () => ({ ...ctx, integrationUserId: deps.integrationUserId ?? null });
  /** Optional spending (describe refresh) stops where automatic retries stop: a share of the allocation. */
  const canSpendOptional = async () => {
    const { allocation, retry: r } = await store.settings();
    return (await store.calls24h(now())) + current().length <= (allocation * r.stopAtPercent) / 100;
  };
  const describeDeps = {
    canSpendOptional,
    store,
    salesforce: deps.salesforce,
    now,
    retry,
    ttlMs: deps.describeTtlMs ?? 3_600_000,
  };

  /** CRM contacts' Lead side, when Leads take part (describe of Lead cached like the others). */
  async function leadRoute(m: ObjectMapping, refresh?: boolean | Set<string>) {
    if (m.crmType !== 'contacts' || !(await leadsInUse(store))) return undefined;
    const stub = leadMapping(m);
    const describe = (await loadDescribes(describeDeps, [stub], refresh)).get(stub.sfObject);
    return describe ? { m: leadMapping(m, describe.fields), describe } : undefined;
  }

  /** Pushes every due queued change, parents first; throws pause/suspend signals. */
  async function drain(tally = { processed: 0 }, describedByPoll = false): Promise<number> {
    const force = recheckMappings;
    // Nothing queued and nothing to re-check: no describe is spent (an idle day costs only its polls).
    if (!force && refreshObjects.size === 0 && (await store.totalQueued()) === 0) return tally.processed;
    const refresh = force || new Set(refreshObjects);
    const cache = describedByPoll ? { ...describeDeps, ttlMs: Number.POSITIVE_INFINITY } : describeDeps;
    const describes = await loadDescribes(cache, current(), refresh);
    // Matching reads each object's Salesforce keys at most once per drain (one Bulk query, not one a batch).
    ctx.candidates = new Map();
    recheckMappings = false;
    refreshObjects.clear();
    // Problems are stored (the panel lists them); a pair that cannot sync at all suspends the run.
    await mappingControl.check(describes, force);
    for (const m of current()) {
      const d = describes.get(m.sfObject);
      if (!d) continue;
      // A resync of a Lead's describe-caused error (a field permission fixed) reads the Lead's describe again.
      const lead = await leadRoute(m, refresh);
      // Salesforce-created records left queued (a crash, a CRM outage): their CRM twins first.
      await createQueuedInCrm(sfContext(), m, d, lead);
      // Counted as it goes, so that a pause half-way still reports what was done.
      for (let n = await pushBatch(ctx, m, d, lead); n > 0; n = await pushBatch(ctx, m, d, lead))
        tally.processed += n;
      // Write-backs left queued by a crash, a CRM outage or a refused record whose back-off is over.
      await flushWriteBacks(ctx, m.crmType, m.crmIdProperty);
    }
    return tally.processed;
  }

  /** Change Data Capture when the adapter offers it (the org may still refuse it object by object). */
  const capture = createChangeCapture({
    store,
    open: deps.changeEvents === false ? undefined : deps.salesforce.openChangeStream?.bind(deps.salesforce),
    integrationUserId: deps.integrationUserId ?? null,
    onChange: () => kick(),
    log,
  });
  /**
   * Adaptive polling: right after a change was seen Salesforce is polled every `floor`; each poll that
   * finds nothing doubles the wait, up to `ceiling` (a fixed `sfPollMs` sets both).
   */
  // The admin's settings (Settings → Salesforce calls) unless the engine was built with fixed values.
  // Read when the engine starts and again at the start of each run (a save in Settings applies from the next).
  let callSettings = await store.settings();
  const pollFloor = (s = callSettings) => deps.sfPollMs ?? deps.sfPollFloorMs ?? s.pollFloorMinutes * 60_000;
  const pollCeiling = (s = callSettings) =>
    Math.max(pollFloor(s), deps.sfPollMs ?? deps.sfPollCeilingMs ?? s.pollCeilingMinutes * 60_000);
  let pollEvery = pollFloor();
  const safetyPollMs = () => deps.cdcSafetyPollMs ?? callSettings.safetyPollHours * 3_600_000;

  /** What this run's poll reads, decided before the drain so that a small write can carry it. */
  interface PollPlan {
    t: number;
    safetyDue: boolean;
    streamed: Set<string>;
    due: ReturnType<typeof current>;
    bundled: boolean;
    describes: Awaited<ReturnType<typeof loadDescribes>>;
    /** The Composite's subrequests (bundled polls), with what each answers. */
    composite: CompositePlan | null;
  }

  /**
   * Plan: which objects this run polls (objects followed by change events: when an event says they
   * changed, and at the safety poll; the others at the adaptive interval) and, bundled, the one
   * Composite call that reads them. `roomForWrite` keeps one query slot free for a write to carry it.
   */
  async function duePolls() {
    const t = now();
    const safetyAt = await store.cursor('cdc_safety_poll_at');
    const safetyDue = safetyAt === null || t - safetyAt >= safetyPollMs();
    const streamed = capture.streamed();
    const changed = capture.changed();
    const last = await store.cursor('sf_poll_at');
    // A lowered ceiling (or raised floor) in Settings applies at once.
    pollEvery = Math.min(pollCeiling(), Math.max(pollFloor(), pollEvery));
    const pollDue = last === null || t - last >= pollEvery;
    const due = current().filter((m) =>
      streamed.has(m.sfObject) ? changed.has(m.sfObject) || safetyDue : pollDue,
    );
    return { t, safetyDue, streamed, due };
  }

  async function planPoll(roomForWrite: boolean): Promise<PollPlan> {
    const { t, safetyDue, streamed, due } = await duePolls();
    // CRM contacts that live as Leads: the Lead's poll and deletes ride in the same Composite call.
    const contacts = due.find((m) => m.crmType === 'contacts');
    const leadPoll = contacts ? await leadRoute(contacts) : undefined;
    const bundled =
      due.length > 0 &&
      Boolean(deps.salesforce.compositeGet) &&
      due.length + (leadPoll ? 1 : 0) <= COMPOSITE_QUERIES;
    // Bundled: the cached describes (any age) shape the queries; the one call brings fresh ones.
    const describes = due.length
      ? await loadDescribes(
          bundled ? { ...describeDeps, ttlMs: Number.POSITIVE_INFINITY } : describeDeps,
          due,
        )
      : new Map();
    const composite = bundled ? await planComposite(due, describes, roomForWrite, leadPoll) : null;
    return { t, safetyDue, streamed, due, bundled, describes, composite };
  }

  /**
   * Salesforce → CRM: runs the planned poll. `carried` holds the Composite's answers when a write of the
   * drain already carried its subrequests; otherwise it is sent now, as one call.
   */
  async function pollSalesforce(plan: PollPlan, carried: CompositeAnswer[] | null): Promise<void> {
    const { due, streamed, safetyDue, bundled } = plan;
    // After the pulls, so a session refreshed by them opens the stream.
    const follow = async () =>
      await capture.start(
        current().map((m) => m.sfObject),
        safetyDue,
      );
    if (!due.length) return await follow();
    const snapshot = capture.snapshot(due.map((m) => m.sfObject));
    let describes = plan.describes;
    const firstPages = new Map<string, FirstPage>();
    // Deleted rows read inside the Composite call: rows, or null when that subrequest must be redone alone.
    const deletedPages = new Map<string, Record<string, unknown>[] | null>();
    if (plan.composite)
      describes = await compositePoll(plan.composite, describes, firstPages, deletedPages, carried);
    let seen = 0;
    for (const m of due) {
      const d = describes.get(m.sfObject);
      if (!d) continue;
      // Leads before Contacts: a conversion moves the link first, so its new Contact is not created again.
      const lead = await leadRoute(m);
      if (lead) {
        if (!bundled || deletedPages.has(LEAD))
          await withCallKind(
            'poll',
            async () =>
              await pullSalesforceDeletes(
                sfContext(),
                lead.m,
                lead.describe,
                deletedPages.get(LEAD) ?? undefined,
              ),
          );
        seen += (
          await withCallKind(
            'poll',
            async () => await pullFromSalesforce(sfContext(), lead.m, lead.describe, firstPages.get(LEAD)),
          )
        ).seen;
      }
      // Deletes and merges first: a merge's survivor is then an update of the moved link, not a create.
      // Bundled polls read them in the same Composite call, for the objects whose turn it is.
      if (!bundled || deletedPages.has(m.sfObject))
        await withCallKind(
          'poll',
          async () =>
            await pullSalesforceDeletes(sfContext(), m, d, deletedPages.get(m.sfObject) ?? undefined),
        );
      const page = firstPages.get(m.sfObject);
      seen += (await withCallKind('poll', () => pullFromSalesforce(sfContext(), m, d, page))).seen;
      await createQueuedInCrm(sfContext(), m, d, lead);
    }
    await capture.pulled(snapshot);
    if (due.some((m) => !streamed.has(m.sfObject))) {
      await store.setCursor('sf_poll_at', now());
      pollEvery = seen > 0 ? pollFloor() : Math.min(pollCeiling(), pollEvery * 2);
    }
    if (safetyDue) await store.setCursor('cdc_safety_poll_at', now());
    await follow();
  }

  /** The subrequests of a bundled poll, and which answer is whose. */
  interface CompositePlan {
    paths: string[];
    queries: { object: string; path: string }[];
    deletes: { object: string; path: string }[];
    described: string[];
    /** A query slot is left for a collection write to carry these subrequests. */
    carriable: boolean;
  }
  type CompositeAnswer = { status: number; body: unknown };

  /**
   * Plan the one Composite call (counted as one): the first page of each due object's poll and the
   * describe of every mapped object, so a fix made in Setup (a picklist value added, a field made
   * editable) is seen at this poll and the errors it may fix are queued again (acceptDescribe), not an
   * hour later.
   */
  let deleteTurn = 0;
  /**
   * A poll planned before the drain may meet a mapping the drain will refuse (the external id no longer
   * readable): that object is left out of the plan, and the drain's check suspends the pair, naming the field.
   */
  async function unlessUnbuildable(build: () => Promise<string | null>): Promise<string | null> {
    try {
      return await build();
    } catch (err) {
      if (err instanceof SoqlBuildError) return null;
      throw err;
    }
  }
  /** Set when a poll's describes differ from the cached ones (a fix in Setup): its errors were queued. */
  let describeChanged = false;
  async function planComposite(
    due: ReturnType<typeof current>,
    cached: Awaited<ReturnType<typeof loadDescribes>>,
    roomForWrite: boolean,
    lead?: { m: ObjectMapping; describe: DescribeResult },
  ): Promise<CompositePlan> {
    // The mapped objects due, and the Lead when contacts live there too.
    const polled = [
      ...due.map((m) => ({ m, d: cached.get(m.sfObject) })),
      ...(lead ? [{ m: lead.m, d: lead.describe }] : []),
    ];
    const queries: { object: string; path: string }[] = [];
    for (const { m, d } of polled) {
      const q = d ? await unlessUnbuildable(() => firstPageQuery(sfContext(), m, d)) : null;
      if (q) queries.push({ object: m.sfObject, path: `query?q=${encodeURIComponent(q)}` });
    }
    // The query slots left (5 a Composite, one kept for a write that carries the poll) read deleted and
    // merged rows, object by object in turn, so that following deletes costs no call of its own.
    const rotated = polled.map((_, i) => polled[(deleteTurn + i) % polled.length]);
    // Every object's query is built (a first look sets its cursor), then the free slots take the first ones.
    const deleteQueries: { object: string; path: string }[] = [];
    for (const { m, d } of rotated) {
      const q = d ? await unlessUnbuildable(() => deletedRowsQuery(sfContext(), m, d)) : null;
      if (q) deleteQueries.push({ object: m.sfObject, path: `queryAll?q=${encodeURIComponent(q)}` });
    }
    const free = COMPOSITE_QUERIES - queries.length - (roomForWrite ? 1 : 0);
    const deletes = deleteQueries.slice(0, Math.max(0, free));
    deleteTurn = (deleteTurn + Math.max(1, deletes.length)) % polled.length;
    const described = [...current().map((m) => m.sfObject), ...(lead ? [LEAD] : [])];
    const paths = [
      ...queries.map((q) => q.path),
      ...deletes.map((q) => q.path),
      ...described.map((o) => `sobjects/${o}/describe`),
    ];
    const carriable = roomForWrite && queries.length + deletes.length < COMPOSITE_QUERIES;
    return { paths, queries, deletes, described, carriable };
  }

  /** Send (unless a write carried it) and read the planned Composite call. */
  async function compositePoll(
    plan: CompositePlan,
    cached: Awaited<ReturnType<typeof loadDescribes>>,
    firstPages: Map<string, FirstPage>,
    deletedPages: Map<string, Record<string, unknown>[] | null>,
    carried: CompositeAnswer[] | null,
  ): Promise<Awaited<ReturnType<typeof loadDescribes>>> {
    const { queries, deletes, described, paths } = plan;
    const answers =
      carried ??
      (await withCallKind('poll', () =>
        callWithRetry(
          () => (deps.salesforce.compositeGet as NonNullable<typeof deps.salesforce.compositeGet>)(paths),
          queries.map((q) => q.object).join(', ') || described.join(', '),
          retry,
        ),
      ));
    const out = new Map(cached);
    deletes.forEach((q, i) => {
      const a = answers[queries.length + i];
      const body = a?.body as { records?: Record<string, unknown>[]; done?: boolean } | undefined;
      deletedPages.set(
        q.object,
        a?.status === 200 && body?.records && body.done !== false ? body.records : null,
      );
    });
    for (const [i, object] of described.entries()) {
      const a = answers[queries.length + deletes.length + i];
      if (a?.status !== 200) continue;
      if (await acceptDescribe(describeDeps, object, a.body as DescribeResult)) describeChanged = true;
      out.set(object, a.body as DescribeResult);
    }
    queries.forEach((q, i) => {
      const a = answers[i];
      const body = a?.body as Partial<FirstPage> | undefined;
      // A failed subrequest: that object's pull queries on its own, as without Composite. An unfinished
      // one (a first pull's copy of many records) says how many there are.
      if (a?.status === 200 && body?.records)
        firstPages.set(q.object, {
          records: body.records,
          done: body.done !== false,
          totalSize: body.totalSize ?? body.records.length,
          nextRecordsUrl: body.nextRecordsUrl,
        });
    });
    return out;
  }

  /**
   * The org's usage comes free with every response; ask /limits only when none was seen for an hour while
   * a headroom is set (its guard needs a recent reading). Without one, a sync that makes no call (an idle
   * day on change events) has nothing to guard: the reading may be as old as the safety poll.
   */
  async function refreshOrgUsage(maxAgeMs?: number): Promise<void> {
    maxAgeMs ??=
      (await store.settings()).headroomPercent > 0 ? 3_600_000 : Math.max(3_600_000, safetyPollMs());
    const seen = await store.orgUsage();
    if (seen && now() - seen.seenAt < maxAgeMs) return;
    if (!(await canSpendOptional())) return;
    const l = await readingOrgUsage(() => deps.salesforce.limits());
    await store.setOrgUsage({ used: l.used, limit: l.limit, seenAt: now() });
  }

  /** Runs `fn`, turning budget and org failures into a pause or a suspension. */
  async function guarded<T>(fn: () => Promise<T>): Promise<{ ok: boolean; value?: T; failure?: string }> {
    try {
      const value = await fn();
      headroomHeld = false;
      if ((await status()).state === 'paused') await setState({ state: 'running' });
      // One call per store, ever: HubSpot's daily limit then knows its reset time even while it refuses calls.
      if (!(await store.hasCursor('crm_time_zone'))) await readPortalTimeZone();
      return { ok: true, value };
    } catch (err) {
      if (err instanceof BudgetExceededError) {
        headroomHeld = err instanceof HeadroomExceededError;
        await setState({
          state: 'paused',
          reason: err.message,
          resumeAt: err.resumeAt,
          ...(headroomHeld ? { cause: 'headroom' as const } : {}),
        });
        return { ok: false };
      }
      const signal = err instanceof SuspendSignal ? err : crmSuspensionOf(err);
      if (signal) {
        const t = now();
        const s = signal.suspension;
        await setState({
          state: 'suspended',
          id: s.id,
          reason: s.reason,
          action: s.action,
          since: t,
          retryAt: s.retryInMs ? t + s.retryInMs : null,
        });
        return { ok: false };
      }
      // A Salesforce error's code and status say what failed when its message is empty.
      const code = (err as { code?: unknown; status?: unknown }) ?? {};
      const codeText =
        typeof code.code === 'string' ? ` [${code.code}${code.status ? ` ${code.status}` : ''}]` : '';
      const failure = redact(err instanceof Error ? `${err.name}: ${err.message}${codeText}` : String(err));
      const outage = outageOf(err);
      if (outage) await outageSeen(outage, outage.untilPortalMidnight ? await portalMidnight() : undefined);
      // Neither an outage nor a suspension (a refused request, a bug): retried next run, never silent.
      else if (failure !== lastFailure) log('warn', `sync run failed, retried next run: ${failure}`);
      lastFailure = outage ? null : failure;
      return { ok: false, failure };
    } finally {
      events.emit('counts');
      await checkUsageWarnings(store, now(), events);
    }
  }

  const acceptedAt = async () => (await store.cursor(PREVIEW_ACCEPTED_KEY))?.at ?? null;
  /** A newly connected pair waits for its preview to be accepted; one that has synced before does not. */
  const heldForPreview = async () =>
    Boolean(deps.requirePreviewAcceptance) &&
    (await acceptedAt()) === null &&
    (await store.cursor('last_sync_at')) === null;

  /** Deletes and merges in the CRM, looked at every few minutes (each look pages the archived records). */
  async function followCrmDeletes(): Promise<void> {
    const last = await store.cursor('crm_deletes_at');
    if (last !== null && now() - last < CRM_DELETES_EVERY_MS) return;
    for (const m of current()) await pullCrmDeletes(ctx, m);
    await store.setCursor('crm_deletes_at', now());
  }

  async function run(): Promise<SyncRunResult> {
    callSettings = await store.settings();
    if (await heldForPreview()) {
      if ((await suspension())?.id !== AWAITING_PREVIEW)
        await setState({
          state: 'suspended',
          id: AWAITING_PREVIEW,
          reason:
            'The first sync of this pair waits for its preview: nothing is written to Salesforce or the CRM before you accept it.',
          action:
            'Open Settings → Preview in the side panel (or POST /api/v1/sync/preview), check what the sync will create, link and update, then accept it.',
          since: now(),
          retryAt: null,
        });
      return { state: await status(), queuedFromCrm: 0, processed: 0, retriesQueued: 0 };
    }
    const s = await suspension();
    const t = now();
    if (s && (s.retryAt === null || t < s.retryAt))
      return { state: s, queuedFromCrm: 0, processed: 0, retriesQueued: 0 };
    // Still paused unless the window freed or the user raised the allocation.
    const budgetBack = (await store.calls24h(t)) < (await store.settings()).allocation;
    if (paused && t < paused.resumeAt && !budgetBack)
      return { state: paused, queuedFromCrm: 0, processed: 0, retriesQueued: 0 };
    let queuedFromCrm = 0;
    let retriesQueued = 0;
    const tally = { processed: 0 };
    const r = await guarded(async () => {
      // Held by the headroom: only a fresh reading of the org's usage tells when it is back.
      if (headroomHeld) await refreshOrgUsage(HEADROOM_RECHECK_MS);
      await resync.resumeJobs();
      // The inclusion list once a run: contacts outside it are neither queued nor pushed.
      ctx.inclusion = await refreshInclusion(ctx);
      for (const m of current()) queuedFromCrm += await pullFromCrm(store, deps.crm, m, now, ctx.inclusion);
      await followCrmDeletes();
      // Retries wait for a poll and ride in its Composite call (an idle day pays for its polls only).
      const rides = Boolean(deps.salesforce.carry && deps.salesforce.compositeGet);
      if (!rides || (await duePolls()).due.length)
        retriesQueued = (await queueDueRetries(store, now())).queued;
      const plan = await planPoll(rides && (await store.totalQueued()) > 0);
      const carry = plan.composite?.carriable ? deps.salesforce.carry?.(plan.composite.paths) : undefined;
      try {
        // The poll brings every mapped object's describe: the drain takes the cached ones, of any age.
        await drain(tally, plan.composite !== null);
        describeChanged = false;
        await pollSalesforce(plan, carry?.answers() ?? null);
        // A fix made in Setup, seen by this poll: what it may fix goes out now, with the new describes
        // (the drain before the poll used the cached ones, so that a retry could carry the poll).
        if (describeChanged) await drain(tally, true);
      } finally {
        carry?.cancel();
      }
      await refreshOrgUsage();
      // Reaching here means Salesforce answered: an org-limit suspension that was retried is over.
      if (await suspension()) await setState({ state: 'running' });
      await store.setCursor('last_sync_at', now());
      await store.prune(now());
    });
    if (r.ok) {
      lastFailure = null;
      await outageOver();
    }
    return {
      state: await status(),
      queuedFromCrm,
      processed: tally.processed,
      retriesQueued,
      failure: r.failure,
    };
  }

  const resync = createResync({
    store,
    crm: deps.crm,
    mappings: current,
    // A resync after a fix in Setup (a picklist value added, a field made editable) must see the org as
    // it is now, not the describe cached for up to an hour: one describe per object involved.
    drain: async (refresh) =>
      await guarded(async () => {
        for (const object of refresh) refreshObjects.add(object);
        return await drain();
      }),
    now,
    exclusive,
  });

  return {
    events,
    status,
    salesforceChanges: async () => {
      // Fresh from the store: the panel shows a save in Settings before the next run.
      const s = await store.settings();
      return {
        ...capture.status(current().map((m) => m.sfObject)),
        pollFloorMinutes: Math.round(pollFloor(s) / 60_000),
        pollCeilingMinutes: Math.round(pollCeiling(s) / 60_000),
      };
    },
    runOnce: () => exclusive(run),
    start() {
      if (timer) return;
      let running = false;
      let again = false;
      const tick = () => {
        running = true;
        void exclusive(run).finally(() => {
          running = false;
          // During an outage the next run waits for the announced attempt time (backing off).
          const wait = again ? 0 : degraded ? Math.max(intervalMs, degraded.retryAt - now()) : intervalMs;
          again = false;
          if (timer) timer = setTimeout(tick, wait);
        });
      };
      // A change event: run now, or right after the run in progress (outages keep their back-off).
      kick = () => {
        if (!timer || degraded) return;
        if (running) again = true;
        else {
          clearTimeout(timer);
          timer = setTimeout(tick, 0);
        }
      };
      timer = setTimeout(tick, 0);
      resync.resumeJobs();
    },
    async stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      kick = () => undefined;
      capture.stop();
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
          if (err instanceof SuspendSignal) return (await mappingControl.problems())?.problems ?? [];
          throw err;
        }
      }),
    mappings: () => structuredClone(current()),
    propertyLabels: () => mappingControl.propertyLabels(),
    mappingProblems: () => mappingControl.problems(),
    setMappings: (next) =>
      exclusive(async () => {
        const problems = await mappingControl.replace(next, (set) => loadDescribes(describeDeps, set));
        // The saved set may have cured a pair that suspended the sync.
        if ((await suspension())?.id.startsWith('property-mappings:')) await setState({ state: 'running' });
        return problems;
      }),
    // Inside `exclusive`: stop() waits for it, so a describe in flight never outlives the store.
    describeFor: (sfObject) =>
      exclusive(async () =>
        (
          await loadDescribes(
            describeDeps,
            current().filter((m) => m.sfObject === sfObject),
          )
        ).get(sfObject),
      ),
    preview: () =>
      exclusive(async () => {
        const before = await store.calls24h(now());
        const describes = await loadDescribes(describeDeps, current());
        return await previewSync(
          {
            store,
            salesforce: deps.salesforce,
            crm: deps.crm,
            now,
            retry,
            leadDescribe: async (m) => (await loadDescribes(describeDeps, [leadMapping(m)])).get(LEAD),
          },
          current(),
          describes,
          { required: Boolean(deps.requirePreviewAcceptance), acceptedAt: await acceptedAt() },
          before,
        );
      }),
    async acceptPreview() {
      const at = (await acceptedAt()) ?? now();
      await store.setCursor(PREVIEW_ACCEPTED_KEY, { at });
      if ((await suspension())?.id === AWAITING_PREVIEW) await setState({ state: 'running' });
      return at;
    },
    async clearSuspension(id) {
      const s = await suspension();
      // Only accepting the preview lets a held pair write.
      if (!s || s.id !== id || id === AWAITING_PREVIEW) return false;
      if (id.startsWith('property-mappings:')) recheckMappings = true;
      await setState({ state: 'running' });
      return true;
    },
  };
}
