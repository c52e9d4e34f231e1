import { afterEach, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../proxy/store/index';
import { type Harness, startHarness } from './sync-harness';

const DAY = 24 * 3_600_000;

describe('API budget', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('pauses before the call that would pass the allocation, keeps the queue, and resumes when the window frees', async () => {
    // The demo's first sync needs 11 calls: the describes (one Composite call), the matching queries, the
    // Account and Contact writes (Composite bundles), the Lead describe and the demo Leads' update by Id,
    // the Opportunity collection and the poll (one Composite call, the Lead poll apart); the duplicate-rule
    // checks are skipped above 75% of the allocation. 9 stops it before the Contacts; after the window
    // frees, the rest fits. (Below 9 each day's window is spent again by the describes, the matching and
    // the retries before the Contacts' write: the queue never drains.)
    h = await startHarness({ allocation: 9 });
    const first = await h.engine.runOnce();
    expect(first.state).toMatchObject({ state: 'paused', reason: expect.stringMatching(/allocation of 9/) });
    expect(h.sf.stats().requests).toBe(9);
    expect((await h.store.summary()).queueSize).toBeGreaterThan(0);
    const resumeAt = (first.state as { resumeAt: number }).resumeAt;
    expect(resumeAt).toBeGreaterThan(h.clock.now + DAY - 1000);

    await h.engine.runOnce();
    expect(h.sf.stats().requests).toBe(9);

    h.clock.now = resumeAt;
    await h.engine.runOnce();
    // It carries on where it stopped (the describes are read again a day later, so one window may not be
    // enough): each freed window sends more, until the queue is empty.
    expect(h.sf.stats().requests).toBeGreaterThan(9);
    for (let day = 0; day < 5 && (await h.store.summary()).queueSize > 0; day++) {
      h.clock.advance(DAY + 1);
      await h.engine.runOnce();
    }
    expect((await h.store.summary()).queueSize).toBe(0);
    expect(await h.store.calls24h(h.clock.now)).toBeLessThanOrEqual(9);
    const contacts = h.sf.control.records('Contact').filter((r) => r.HubSpot_Id__c);
    expect(new Set(contacts.map((r) => r.HubSpot_Id__c)).size).toBe(contacts.length);
  });

  it('resumes at once when the user raises the allocation', async () => {
    h = await startHarness({ allocation: 5 });
    await h.engine.runOnce();
    expect((await h.engine.status()).state).toBe('paused');
    await h.store.setSettings({ allocation: 50 });
    const run = await h.engine.runOnce();
    expect(run.state).toEqual({ state: 'running' });
    expect((await h.store.summary()).queueSize).toBe(0);
  });

  it('resumes by itself from the started loop once the clock passes the resume time', async () => {
    // 9 stops the first run (demo Leads included) before its poll, which rides in its last write; the day after, the rest fits.
    h = await startHarness({ allocation: 9, engine: { intervalMs: 5 } });
    const states: string[] = [];
    h.engine.events.on('state', (s) => states.push(s.state));
    await h.engine.runOnce();
    h.clock.advance(DAY + 1);
    h.engine.start();
    await vi_waitFor(() => states.includes('running'));
    expect(states).toEqual(['paused', 'running']);
    expect((await h.store.summary()).queueSize).toBe(0);
  });

  it('suspends instead of recording per-record errors when the org limit is used up by another integration, and resumes later', async () => {
    h = await startHarness();
    h.sf.control.addApiUsage(15000);
    const run = await h.engine.runOnce();
    expect(run.state).toMatchObject({ state: 'suspended', id: 'org-limit' });
    expect((await h.store.summary()).totalOpenErrors).toBe(0);
    expect((await h.store.summary()).queueSize).toBeGreaterThan(0);

    h.clock.advance(DAY + 1);
    const again = await h.engine.runOnce();
    expect(again.state).toEqual({ state: 'running' });
    expect((await h.store.summary()).queueSize).toBe(0);
  });

  it('suspends with a reconnect action when the credentials are revoked, until the user clears it', async () => {
    h = await startHarness({ refreshable: true });
    h.sf.control.revokeTokens();
    const run = await h.engine.runOnce();
    expect(run.state).toMatchObject({
      state: 'suspended',
      id: 'credentials',
      action: expect.stringMatching(/Reconnect/),
    });
    expect((await h.store.summary()).totalOpenErrors).toBe(0);
    const before = h.sf.stats().requests;
    await h.engine.runOnce();
    expect(h.sf.stats().requests).toBe(before);
    expect(await h.engine.clearSuspension('credentials')).toBe(true);
    expect(await h.engine.status()).toEqual({ state: 'running' });
  });

  it('refreshes an expired session without suspending or losing a change', async () => {
    h = await startHarness({ refreshable: true });
    h.sf.control.expireTokens();
    const run = await h.engine.runOnce();
    expect(run.state).toEqual({ state: 'running' });
    expect((await h.store.summary()).queueSize).toBe(0);
  });

  it('suspends when API access is disabled for the org', async () => {
    h = await startHarness();
    h.sf.control.setApiEnabled(false);
    const run = await h.engine.runOnce();
    expect(run.state).toMatchObject({ state: 'suspended', id: 'api-disabled' });
    expect((await h.store.summary()).totalOpenErrors).toBe(0);
  });

  it('holds automatic retries once 75% of the allocation is spent, while new changes still flow', async () => {
    // The first sync spends 13 calls (12, and one duplicate check under 75%): 93% of 14.
    h = await startHarness({ allocation: 14 });
    await h.engine.runOnce();
    h.clock.advance(21 * 60_000);
    const company = testDatabase(h.store)
      .prepare(`SELECT crm_id FROM links WHERE crm_type = 'companies' AND sf_id IS NOT NULL LIMIT 1`)
      .get() as { crm_id: string };
    h.hs.control.updateRecord('companies', company.crm_id, { city: 'Lisbon' });
    const held = await h.engine.runOnce();
    expect(held.retriesQueued).toBe(0);
    expect(held.processed).toBe(1);
    expect(h.sf.control.records('Account').find((r) => r.HubSpot_Id__c === company.crm_id)?.BillingCity).toBe(
      'Lisbon',
    );
    await h.store.setSettings({ allocation: 100 });
    // Retries wait for the next poll, to ride in its Composite call.
    h.clock.advance(15 * 60_000);
    const retried = await h.engine.runOnce();
    expect(retried.retriesQueued).toBeGreaterThan(0);
  });

  it('asks no duplicate rule for its match once 75% of the allocation is spent, and asks later', async () => {
    // 10 calls of 15 are spent when the contacts' three duplicates come back (the demo Leads' describe,
    // update and duplicate check went first): one check fits under 11.25, the other two errors stay
    // without their match.
    h = await startHarness({ allocation: 15 });
    await h.engine.runOnce();
    // The contacts' three (the demo's Lead duplicate is checked before them: Leads go first).
    const duplicates = (await h.store.listErrors({ category: 'duplicates', object: 'Contact' })).items;
    expect(duplicates).toHaveLength(3);
    expect(duplicates.filter((e) => e.duplicateOf)).toHaveLength(1);
    expect(await h.store.calls24h(h.clock.now)).toBeLessThanOrEqual(15); // With room again, a resync asks for the two it skipped: one upsert (their emails were looked up in
    // the first run and found nothing: remembered, not queried again), then one check each.
    await h.store.setSettings({ allocation: 100 });
    const unnamed = duplicates.filter((e) => !e.duplicateOf).map((e) => e.id);
    const before = h.sf.stats().requests;
    await h.engine.resync(unnamed);
    expect(h.sf.stats().requests - before).toBe(1 + unnamed.length);
    for (const id of unnamed) expect((await h.store.getError(id))?.error.duplicateOf, id).toMatch(/^003/);
  });

  it('warns once when usage crosses the configured share of the allocation', async () => {
    h = await startHarness({ allocation: 8 });
    const warnings: { kind: string; percent: number }[] = [];
    h.engine.events.on('usage-warning', (w) => warnings.push(w));
    await h.engine.runOnce();
    await h.engine.runOnce();
    // One warning, at the usage it found once past the default 80% (7 or 8 of 8 calls, as the sync's
    // duplicate checks fit under 75% or not).
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ kind: 'allocation' });
    expect(warnings[0]!.percent).toBeGreaterThanOrEqual(80);
    expect(warnings[0]!.percent).toBe(Math.round((100 * (await h.store.calls24h(h.clock.now))) / 8));
  });
});

/** Polls a condition on the event loop (the engine's timers are real, the sync clock is not). */
async function vi_waitFor(cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = performance.now();
  while (!cond()) {
    if (performance.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
