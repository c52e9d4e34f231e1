/**
 * @module A connected day, measured in Salesforce calls as the embedded org counts them: one with nothing
 * changing, one with a CRM edit and a Salesforce edit every 10 minutes; each with polling (adaptive) and
 * with Change Data Capture. Also the median time from a Salesforce edit to the CRM.
 *
 * Clock: the engine, the meter and both sandboxes share the harness's simulated clock; the day is 24
 * simulated hours of engine runs, one a minute (the engine's timer runs every 30 s; a run that finds
 * nothing due spends no Salesforce call, so the minute step changes no count, only the bench's time).
 * Change events travel over real HTTP (CometD long-polling); their delivery time is measured in real
 * milliseconds: after a Salesforce edit the engine is run again at once, as its `kick` does when an
 * event arrives. With polling, the edit waits for the next due poll, in simulated time.
 */
import { testDatabase } from '../proxy/store/index';
import { startHarness } from '../tests/integration/sync/sync-harness';
import { requestKinds } from './calls-bench';
import { generateData } from './generate-data';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const OBJECTS = ['Account', 'Contact', 'Opportunity'];

export interface DayResult {
  calls: number;
  /** Of those, the ones the org counted against its daily limit (an expired session's 401 is not). */
  charged: number;
  /** Median ms from a Salesforce edit to the CRM holding it (null on an idle day). */
  sfToCrmMedianMs: number | null;
  byKind: Record<string, number>;
  /** The org's request log of the day grouped by what was asked: where each call went. */
  requests: string;
}

const median = (xs: number[]) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/** One simulated day after a first sync of 20 companies and 100 contacts. */
export async function measureDay(options: { cdc: boolean; busy: boolean }): Promise<DayResult> {
  const h = await startHarness({ seed: false, allocation: 1_000_000, dailyApiLimit: 1_000_000 });
  try {
    if (options.cdc) {
      for (const object of OBJECTS) {
        await fetch(`${h.instanceUrl}/_control/change-events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${h.sf.controlToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ object, enabled: true }),
        });
      }
    }
    const data = generateData(h.hs, { companies: 20, contacts: 100, failureEvery: 1_000_000 }, () =>
      h.clock.advance(1),
    );
    h.clock.advance(1000);
    for (let i = 0; i < 20; i++) {
      const run = await h.engine.runOnce();
      if (run.failure) throw new Error(run.failure);
      if (run.processed === 0 && (await h.store.summary()).queueSize === 0) break;
      h.clock.advance(MINUTE);
    }
    // Settle: the subscription is made and what happened before it is read once.
    for (let i = 0; i < 3; i++) {
      h.clock.advance(MINUTE);
      await h.engine.runOnce();
    }
    const links = testDatabase(h.store)
      .prepare(`SELECT crm_id, sf_id FROM links WHERE crm_type = 'contacts' AND sf_id IS NOT NULL`)
      .all() as { crm_id: string; sf_id: string }[];
    const before = h.sf.stats().requests;
    const logBefore = h.sf.requestLog().length;
    const chargedBefore = h.sf.stats().charged;
    const latencies: number[] = [];
    let edit = 0;
    const crmTitle = async (crmId: string) => {
      const res = await fetch(`${h.hubspotUrl}/crm/v3/objects/contacts/${crmId}?properties=jobtitle`, {
        headers: { authorization: `Bearer ${h.hs.accessToken}` },
      });
      return ((await res.json()) as { properties: Record<string, string> }).properties.jobtitle;
    };
    let pending: { crmId: string; title: string; simAt: number } | null = null;
    for (let t = MINUTE; t <= DAY; t += MINUTE) {
      h.clock.advance(MINUTE);
      if (options.busy && t % (10 * MINUTE) === 0) {
        edit++;
        const crmSide = links[edit % links.length];
        h.hs.control.updateRecord('contacts', crmSide.crm_id, { lastname: `Edited ${edit}` });
        const sfSide = links[(edit + 50) % links.length];
        const title = `Title ${edit}`;
        h.sf.control.updateRecordDirect('Contact', sfSide.sf_id, { Title: title });
        if (options.cdc) {
          // Change events: the engine runs as soon as the event is in (real time).
          const startedAt = performance.now();
          for (let i = 0; i < 200 && (await crmTitle(sfSide.crm_id)) !== title; i++) {
            await new Promise((r) => setTimeout(r, 10));
            await h.engine.runOnce();
          }
          latencies.push(Math.round(performance.now() - startedAt));
          continue;
        }
        pending = { crmId: sfSide.crm_id, title, simAt: h.clock.now };
      }
      await h.engine.runOnce();
      if (pending && (await crmTitle(pending.crmId)) === pending.title) {
        latencies.push(h.clock.now - pending.simAt);
        pending = null;
      }
    }
    return {
      calls: h.sf.stats().requests - before,
      charged: h.sf.stats().charged - chargedBefore,
      sfToCrmMedianMs: median(latencies),
      // The meter's rolling 24 h is exactly this day (the first sync is older): by kind.
      byKind: Object.fromEntries((await h.store.callsByKind24h(h.clock.now)).map((k) => [k.kind, k.calls])),
      requests: requestKinds(h.sf.requestLog().slice(logBefore)),
    };
  } finally {
    await h.close();
  }
}

/** The figures of issue 17 this branch owns, for `npm run bench -- --only calls-day`. */
export async function measureCallsDay() {
  const idle = await measureDay({ cdc: false, busy: false });
  const idleCdc = await measureDay({ cdc: true, busy: false });
  const busy = await measureDay({ cdc: false, busy: true });
  const busyCdc = await measureDay({ cdc: true, busy: true });
  return {
    idleDayCalls: idle.calls,
    idleDayCallsCdc: idleCdc.calls,
    idleDayChargedCalls: idle.charged,
    idleDayChargedCallsCdc: idleCdc.charged,
    busyDayCalls: busy.calls,
    busyDayCallsCdc: busyCdc.calls,
    busyDayChargedCalls: busy.charged,
    busyDayChargedCallsCdc: busyCdc.charged,
    sfToCrmMedianMs: busy.sfToCrmMedianMs,
    sfToCrmMedianMsCdc: busyCdc.sfToCrmMedianMs,
    idleDayByKind: JSON.stringify(idle.byKind),
    idleDayCdcByKind: JSON.stringify(idleCdc.byKind),
    idleDayRequests: idle.requests,
    idleDayCdcRequests: idleCdc.requests,
    targets: 'idle day ≤ 100 charged with polling, ≤ 10 with change events',
    clock: 'simulated 24 h (one engine run a minute); change-event latency in real ms',
  };
}
