/**
 * @module Salesforce calls of a first sync, as the embedded org counts them (issue 17): 12,000 records
 * (target ≤ 15), the largest contact count this machine holds (target ≤ 40, matching included), and a
 * resync of 100 errors (1 call). `strategy: 'collections'` runs the path before Composite and Bulk.
 */

import type { StrategyMode } from '../proxy/salesforce/write-strategy';
import { startHarness } from '../tests/integration/sync/sync-harness';
import { generateData } from './generate-data';

/** The org's request log grouped by what was asked (ids and query text dropped): where the calls went. */
export function requestKinds(log: string[]): string {
  const counts = new Map<string, number>();
  for (const line of log) {
    const kind = line
      .replace(/\?.*$/, '')
      .replace(/\/(?=[0-9A-Za-z]*\d)[0-9A-Za-z]{15,18}(?=\/|$)/g, '/{id}');
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return JSON.stringify(Object.fromEntries(counts));
}

export async function firstSync(
  companies: number,
  contacts: number,
  strategy: StrategyMode,
  failureEvery = 100,
  /** With "Copy existing Salesforce records to HubSpot" on: the first pull reads the org's records too. */
  copyExisting = false,
) {
  // failureEvery 0: no planted failures (i % 0 is NaN, never 0).
  const h = await startHarness({
    seed: false,
    allocation: 1_000_000,
    dailyApiLimit: 1_000_000,
    adapter: { strategy },
  });
  try {
    if (copyExisting) await h.store.setSettings({ copyExistingToCrm: true });
    const realNow = h.clock.now;
    const generating = performance.now();
    generateData(h.hs, { companies, contacts, failureEvery }, () => h.clock.advance(1));
    const generateMs = Math.round(performance.now() - generating);
    h.clock.now = Math.max(h.clock.now, realNow) + 1000;
    const started = performance.now();
    // CPU time beside wall time: on a machine shared with other work, wall time says more about the
    // neighbours than about the sync.
    const cpu = process.cpuUsage();
    for (let i = 0; i < 200; i++) {
      const run = await h.engine.runOnce();
      if (run.failure) throw new Error(run.failure);
      if (run.processed === 0 && (await h.store.summary()).queueSize === 0) break;
    }
    const ms = Math.round(performance.now() - started);
    const used = process.cpuUsage(cpu);
    const cpuMs = Math.round((used.user + used.system) / 1000);
    const calls = h.sf.stats().requests;
    const byKind = requestKinds(h.sf.requestLog());
    const toResync = (await h.store.listErrors({ category: 'custom-code' }, { limit: 100 })).items.map(
      (e) => e.id,
    );
    const before = h.sf.stats().requests;
    const logBefore = h.sf.requestLog().length;
    await h.engine.resync(toResync);
    const resyncLog = h.sf.requestLog().slice(logBefore);
    return {
      records: companies + contacts,
      calls,
      ms,
      cpuMs,
      generateMs,
      // The process's peak so far (the embedded org, the portal and the engine share it).
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      inOrg: h.sf.control.records('Contact').length + h.sf.control.records('Account').length,
      resynced: toResync.length,
      resyncCalls: h.sf.stats().requests - before,
      byKind,
      resyncRequests: resyncLog.join(', '),
    };
  } finally {
    await h.close();
  }
}

/**
 * The other engineer's day figures (idleDayCalls, idleDayCallsCdc, busyDayCalls, sfToCrmMedianMs,
 * sfToCrmMedianMsCdc) join the JSON through this hook: bench/calls-day.ts exports `measureCallsDay`.
 */
async function dayFigures(): Promise<Record<string, unknown>> {
  try {
    const day = (await import(`./calls-day${'.ts'}`)) as {
      measureCallsDay?: () => Promise<Record<string, unknown>>;
    };
    return day.measureCallsDay ? await day.measureCallsDay() : {};
  } catch {
    return {};
  }
}

export async function measureCalls(options: { bigContacts: number; withOldPath: boolean }) {
  // The big run first, so that the process's peak RSS read right after it is its own (the others are smaller).
  // Companies beside the contacts: HubSpot holds at most 1,000 contacts per company association.
  const big = await firstSync(Math.ceil(options.bigContacts / 5), options.bigContacts, 'auto', 0);
  // On stderr as soon as it is known: a long run's figure survives a later part failing.
  console.error(`big first sync: ${JSON.stringify(big)}`);
  const first = await firstSync(2000, 10_000, 'auto');
  const firstCopy = await firstSync(2000, 10_000, 'auto', 100, true);
  const firstOld = options.withOldPath ? await firstSync(2000, 10_000, 'collections') : null;
  return {
    firstSyncRecords: first.records,
    firstSyncCalls: first.calls,
    firstSyncCallsCollections: firstOld?.calls ?? null,
    // The same first sync with the copy of Salesforce-only records on (its read rides in the poll).
    firstSyncCallsWithCopy: firstCopy.calls,
    firstSyncMs: first.ms,
    firstSyncMsCollections: firstOld?.ms ?? null,
    firstSyncByKind: first.byKind,
    bigSyncRecords: big.records,
    bigSyncContacts: options.bigContacts,
    bigSyncCalls: big.calls,
    bigSyncMs: big.ms,
    bigSyncCpuMs: big.cpuMs,
    bigSyncRecordsPerSecond: Math.round(big.records / (big.ms / 1000)),
    bigSyncPeakRssMb: big.peakRssMb,
    // Writing the data set into the embedded portal, before the sync starts (not in bigSyncMs).
    bigSyncGenerateMs: big.generateMs,
    bigSyncInOrg: big.inOrg,
    bigSyncByKind: big.byKind,
    // The whole process's peak (the embedded org, the portal and the engine share it).
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    resyncOf100Calls: first.resyncCalls,
    resyncOf100Errors: first.resynced,
    resyncOf100Requests: first.resyncRequests,
    ...(await dayFigures()),
  };
}
