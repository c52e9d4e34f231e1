import { afterEach, describe, expect, it } from 'vitest';
import type { SyncState } from '../../../proxy/sync/engine';
import { crmRecords } from './crash-run';
import { type Harness, type HarnessOptions, startHarness } from './sync-harness';

/** A harness whose engine's state events and log lines are kept, as the SSE stream and the console get them. */
async function watched(options: HarnessOptions = {}) {
  const lines: { level: string; line: string }[] = [];
  const h = await startHarness({
    ...options,
    engine: { ...options.engine, log: (level, line) => lines.push({ level, line }) },
  });
  const states: SyncState[] = [];
  h.engine.events.on('state', (s) => states.push(s));
  return { h, lines, states };
}

/** Every synced contact's salesforce_id in the CRM is the id of its Salesforce record. */
async function expectWriteBacksDone(h: Harness, gone = new Set<string>()): Promise<void> {
  const inOrg = new Map(
    h.sf.control
      .records('Contact')
      .filter((r) => !gone.has(String(r.HubSpot_Id__c)))
      .map((r) => [String(r.HubSpot_Id__c), String(r.Id)]),
  );
  const linked = (await crmRecords(h, 'contacts', ['salesforce_id'])).filter((r) => inOrg.has(r.id));
  expect(linked.length).toBeGreaterThan(0);
  for (const r of linked) expect(r.properties.salesforce_id, `contact ${r.id}`).toBe(inOrg.get(r.id));
}

describe('outages', () => {
  let h: Harness;
  afterEach(() => h.close());

  it.each([
    ['503', /Salesforce is unavailable \(HTTP 503 SERVER_UNAVAILABLE/],
    ['500', /Salesforce fails on its side \(HTTP 500 UNKNOWN_EXCEPTION/],
    ['html503', /"Service Unavailable" web page instead of its API/],
    ['drop', /Salesforce cannot be reached: the connection failed/],
    ['limit', /concurrent long-running requests .*ConcurrentPerOrgLongTxn/],
  ] as const)(
    'shows a Salesforce %s storm as an outage, holds the queue, and clears it on the next good run',
    async (kind, reason) => {
      const w = await watched();
      h = w.h;
      h.sf.control.injectFaults({ count: 100_000, kind });
      const run = await h.engine.runOnce();

      const state = await h.engine.status();
      expect(state).toMatchObject({ state: 'degraded', system: 'salesforce', failures: 1 });
      if (state.state !== 'degraded') throw new Error('unreachable');
      expect(state.reason).toMatch(reason);
      expect(state.queued).toBe((await h.store.summary()).queueSize);
      expect(state.queued).toBeGreaterThan(0);
      expect(state.retryAt).toBeGreaterThan(state.since);
      expect(run.state).toEqual(state);
      expect(w.states).toEqual([state]);
      expect(w.lines).toEqual([{ level: 'warn', line: expect.stringContaining('Salesforce outage: ') }]);
      expect(w.lines[0]!.line).toMatch(reason);
      // An outage is not a record error: nothing shows in the error cards.
      expect((await h.store.summary()).totalOpenErrors).toBe(0);

      h.sf.control.clearFaults();
      h.clock.advance(60_000);
      const back = await h.engine.runOnce();
      expect(back.failure).toBeUndefined();
      expect(await h.engine.status()).toEqual({ state: 'running' });
      expect(w.states.at(-1)).toEqual({ state: 'running' });
      expect(w.lines.at(-1)).toEqual({ level: 'info', line: expect.stringMatching(/^Salesforce is back/) });
      expect((await h.store.summary()).queueSize).toBe(0);
      await expectWriteBacksDone(h);
    },
  );

  it('keeps counting failed runs of the same outage without announcing it again, and backs off', async () => {
    const w = await watched();
    h = w.h;
    h.sf.control.injectFaults({ count: 100_000, kind: '503' });
    await h.engine.runOnce();
    const first = await h.engine.status();
    h.clock.advance(1000);
    await h.engine.runOnce();
    const second = await h.engine.status();
    if (first.state !== 'degraded' || second.state !== 'degraded') throw new Error(JSON.stringify(second));
    expect(second.failures).toBe(2);
    expect(second.since).toBe(first.since);
    expect(second.retryAt - h.clock.now).toBeGreaterThan(first.retryAt - first.since);
    expect(w.lines.filter((l) => l.level === 'warn')).toHaveLength(1);
  });

  it("shows HubSpot's daily limit as a HubSpot outage, not a Salesforce one", async () => {
    const w = await watched();
    h = w.h;
    h.hs.control.rateLimitNext(100_000, 3600, 'DAILY');
    const run = await h.engine.runOnce();
    expect(run.state).toMatchObject({
      state: 'degraded',
      system: 'hubspot',
      reason: expect.stringMatching(/HubSpot's daily API limit .* used up \(HTTP 429\)/),
    });
    expect(w.lines[0]!.line).toMatch(/^HubSpot outage: /);
    h.hs.control.rateLimitNext(0);
    await h.engine.runOnce();
    expect(await h.engine.status()).toEqual({ state: 'running' });
    expect(w.lines.at(-1)!.line).toMatch(/^HubSpot is back/);
  });

  it('keeps the salesforce_id write-backs queued through a HubSpot outage and writes them when it ends', async () => {
    let armed = false;
    const w = await watched({
      engine: {
        // HubSpot's daily limit runs out right after the first contacts reach Salesforce.
        hooks: {
          afterResultsStored: ({ crmType }) => {
            if (crmType !== 'contacts' || armed) return;
            armed = true;
            h.hs.control.rateLimitNext(100_000, 3600, 'DAILY');
          },
        },
      },
    });
    h = w.h;
    await h.engine.runOnce();
    expect(await h.engine.status()).toMatchObject({ state: 'degraded', system: 'hubspot' });
    expect(await h.store.queueSize('sf-id-to-crm', 'contacts')).toBeGreaterThan(0);

    h.hs.control.rateLimitNext(0);
    await h.engine.runOnce();
    expect(await h.engine.status()).toEqual({ state: 'running' });
    expect(await h.store.queueSize('sf-id-to-crm', 'contacts')).toBe(0);
    await expectWriteBacksDone(h);
  });

  it('gives up the write-back of a contact deleted in the CRM meanwhile, with a history line, and writes the others', async () => {
    let armed = false;
    const w = await watched({
      engine: {
        hooks: {
          afterResultsStored: ({ crmType }) => {
            if (crmType !== 'contacts' || armed) return;
            armed = true;
            h.hs.control.rateLimitNext(100_000, 3600, 'DAILY');
          },
        },
      },
    });
    h = w.h;
    await h.engine.runOnce();
    const [waiting] = await h.store.peek('sf-id-to-crm', 'contacts', 1);
    expect(waiting).toBeDefined();
    h.hs.control.rateLimitNext(0);
    const deleted = await fetch(`${h.hubspotUrl}/crm/v3/objects/contacts/${waiting!.recordId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${h.hs.accessToken}` },
    });
    expect(deleted.ok).toBe(true);

    await h.engine.runOnce();
    expect(await h.engine.status()).toEqual({ state: 'running' });
    expect(await h.store.queueSize('sf-id-to-crm', 'contacts')).toBe(0);
    const history = (await h.store.recordLookup('hubspot', 'contacts', waiting!.recordId)).history;
    expect(history.map((e) => e.outcome)).toContainEqual(
      expect.stringMatching(/^salesforce_id not written: OBJECT_NOT_FOUND/),
    );
    await expectWriteBacksDone(h, new Set([waiting!.recordId]));
  });

  it('says so when the scheduled run meets an outage, not only when a run is asked for', async () => {
    const w = await watched({ engine: { intervalMs: 50 } });
    h = w.h;
    h.sf.control.injectFaults({ count: 100_000, kind: 'html503' });
    const degraded = new Promise<SyncState>((resolve) =>
      h.engine.events.on('state', (s) => s.state === 'degraded' && resolve(s)),
    );
    h.engine.start();
    expect(await degraded).toMatchObject({ state: 'degraded', system: 'salesforce' });
    await h.engine.stop();
  });
});
