import { afterEach, describe, expect, it } from 'vitest';
import { DUPLICATE_EMAILS } from '../../../proxy/sandbox/salesforce/demo-seed';
import { DEMO_LEADS } from '../../../proxy/sandbox/salesforce/lead-demo';
import type { SyncState } from '../../../proxy/sync/engine';
import { crmRecords } from './crash-run';
import { type Harness, startHarness } from './sync-harness';

const PLANTED_LEADS = new Set(DEMO_LEADS.map((l) => l.crmId));

describe('transient failure storms', () => {
  let h: Harness;
  afterEach(() => h.close());

  it.each(['500', '503', 'html503', 'drop', 'lock', 'limit', '401'] as const)(
    'survives a storm of %s: everything syncs with its salesforce_id, no record error, no outage, every call metered',
    async (kind) => {
      const lines: string[] = [];
      // Warnings only: how Salesforce changes are followed (change events or polling) is said at info level.
      h = await startHarness({ engine: { log: (level, line) => level === 'warn' && lines.push(line) } });
      const states: SyncState[] = [];
      h.engine.events.on('state', (s) => states.push(s));
      h.sf.control.injectFaults({ count: 3, kind });
      const run = await h.engine.runOnce();
      expect(run.failure).toBeUndefined();
      // Records hit by a row lock back off in the queue; the back-off is measured on the sync clock.
      h.clock.advance(60_000);
      await h.engine.runOnce();
      // None but the demo's planted Lead approval lock (proxy/sandbox/salesforce/lead-demo.ts).
      const other = (await h.store.listErrors({ category: 'other' }, { limit: 100 })).items;
      expect(other.filter((e) => !PLANTED_LEADS.has(e.crmId))).toEqual([]);
      expect((await h.store.summary()).queueSize).toBe(0);
      const synced = h.sf.control.records('Contact').filter((r) => r.HubSpot_Id__c);
      expect(new Set(synced.map((r) => r.HubSpot_Id__c)).size).toBe(synced.length);
      expect(await h.store.calls24h(h.clock.now)).toBe(h.sf.stats().requests);
      // A few failures that retries absorb are not an outage: no state change, nothing logged.
      expect(await h.engine.status()).toEqual({ state: 'running' });
      expect(states).toEqual([]);
      expect(lines).toEqual([]);
      // The demo's seeded duplicates carry ids of former CRM records: only the sync's own writes here.
      const own = synced.filter((r) => !DUPLICATE_EMAILS.includes(String(r.Email)));
      const inOrg = new Map(own.map((r) => [String(r.HubSpot_Id__c), String(r.Id)]));
      const contacts = (await crmRecords(h, 'contacts', ['salesforce_id'])).filter((r) => inOrg.has(r.id));
      expect(contacts.length).toBe(inOrg.size);
      for (const c of contacts) expect(c.properties.salesforce_id, `contact ${c.id}`).toBe(inOrg.get(c.id));
    },
  );

  it('records a row lock as an error only after its retries run out', async () => {
    h = await startHarness({ engine: { maxRecordAttempts: 2 } });
    h.sf.control.injectFaults({ count: 1000, kind: 'lock' });
    const lockErrors = async () =>
      (await h.store.listErrors({ category: 'other' })).items.filter((e) => e.code === 'UNABLE_TO_LOCK_ROW');
    await h.engine.runOnce();
    expect(await lockErrors()).toEqual([]);
    expect((await h.store.summary()).queueSize).toBeGreaterThan(0);
    h.clock.advance(60_000);
    await h.engine.runOnce();
    expect((await lockErrors()).length).toBeGreaterThan(0);
    expect((await h.store.summary()).queueSize).toBe(0);
  });
});
