import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './sync-harness';

describe('transient failure storms', () => {
  let h: Harness;
  afterEach(() => h.close());

  it.each(['500', '503', 'html503', 'drop', 'lock', 'limit', '401'] as const)(
    'survives a storm of %s: everything syncs, nothing is shown as a record error, every call is metered',
    async (kind) => {
      h = await startHarness();
      h.sf.control.injectFaults({ count: 3, kind });
      const run = await h.engine.runOnce();
      expect(run.failure).toBeUndefined();
      // Records hit by a row lock back off in the queue; the back-off is measured on the sync clock.
      h.clock.advance(60_000);
      await h.engine.runOnce();
      expect(h.store.summary().categories.find((c) => c.category === 'other')?.openErrors).toBe(0);
      expect(h.store.summary().queueSize).toBe(0);
      const synced = h.sf.control.records('Contact').filter((r) => r.HubSpot_Id__c);
      expect(new Set(synced.map((r) => r.HubSpot_Id__c)).size).toBe(synced.length);
      expect(h.store.calls24h(h.clock.now)).toBe(h.sf.stats().requests);
    },
  );

  it('records a row lock as an error only after its retries run out', async () => {
    h = await startHarness({ engine: { maxRecordAttempts: 2 } });
    h.sf.control.injectFaults({ count: 1000, kind: 'lock' });
    const lockErrors = () =>
      h.store.listErrors({ category: 'other' }).items.filter((e) => e.code === 'UNABLE_TO_LOCK_ROW');
    await h.engine.runOnce();
    expect(lockErrors()).toEqual([]);
    expect(h.store.summary().queueSize).toBeGreaterThan(0);
    h.clock.advance(60_000);
    await h.engine.runOnce();
    expect(lockErrors().length).toBeGreaterThan(0);
    expect(h.store.summary().queueSize).toBe(0);
  });
});
