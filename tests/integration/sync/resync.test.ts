import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../proxy/store/index';
import { rootCauseKey } from '../../../shared/taxonomy';
import { type Harness, startHarness } from './sync-harness';

const HOUR = 3_600_000;

describe('resync and automatic resync', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.engine.runOnce();
  });
  afterEach(() => h.close());

  const biotechCompanies = async () =>
    (await h.store.listErrors({ category: 'picklists' })).items.filter(
      (e) => e.value === 'Biotech' && e.crmType === 'companies',
    );

  it('resolves a picklist error and releases the contacts it held back when the company is fixed in the CRM', async () => {
    const [error] = await biotechCompanies();
    const held = (
      await h.store.listErrors({
        category: 'associations',
        group: rootCauseKey('blocking', 'companies', error.crmId),
      })
    ).items;
    expect(held.length).toBeGreaterThan(0);
    h.hs.control.updateRecord('companies', error.crmId, { industry: 'Technology' });
    h.clock.advance(1000);
    await h.engine.runOnce();
    expect((await h.store.getError(error.id))?.error.status).toBe('resolved');
    for (const e of held) expect((await h.store.getError(e.id))?.error.status).toBe('resolved');
    expect((await h.store.recordLookup('hubspot', 'companies', error.crmId)).synced).toBe(true);
  });

  it('resyncs picklist errors by itself once the describe shows the value, spending only the calls it needs', async () => {
    const errors = await biotechCompanies();
    h.sf.control.addPicklistValue('Account', 'Industry', 'Biotech');
    h.clock.advance(HOUR + 1);
    const writes = () =>
      (
        testDatabase(h.store)
          .prepare(
            `SELECT COUNT(*) AS n FROM api_calls WHERE kind NOT LIKE '%query%' AND call_kind <> 'poll'`,
          )
          .get() as {
          n: number;
        }
      ).n;
    const before = writes();
    await h.engine.runOnce();
    for (const e of errors) expect((await h.store.getError(e.id))?.error.status).toBe('resolved');
    // The 3 describes in 1 Composite call, the Lead's describe (its hour is over too), 1 Account
    // collection, the demo Leads' automatic retry (one update by Id), then the contacts and deals it held
    // back: one collection each. (The Salesforce → CRM poll that is also due after an hour spends its one
    // Composite call besides.)
    expect(writes() - before).toBe(6);
  });

  // Companies: a matching query by host, one by name, the upsert; then the contacts they held back: a
  // matching query by email and their upsert.
  it('resyncs 100 selected errors in at most 5 calls after the validation rule is turned off', async () => {
    const rule = (await h.store.listErrors({ category: 'custom-code' })).items.filter((e) =>
      /https/.test(e.message),
    );
    expect(rule.length).toBeGreaterThan(0);
    h.sf.control.setRuleActive('Account', 'Website_Must_Be_Https', false);
    const before = h.sf.stats().requests;
    const outcomes = await h.engine.resync(rule.map((e) => e.id));
    expect(outcomes.map((o) => o.outcome)).toEqual(rule.map(() => 'resolved'));
    expect(h.sf.stats().requests - before).toBeLessThanOrEqual(5);
  });

  it("sees a picklist value added in Setup at once on resync, fetching only that object's describe again", async () => {
    const errors = await biotechCompanies();
    h.sf.control.addPicklistValue('Account', 'Industry', 'Biotech');
    const describes = () =>
      (
        testDatabase(h.store)
          .prepare(`SELECT COUNT(*) AS n FROM api_calls WHERE kind LIKE '%describe'`)
          .get() as {
          n: number;
        }
      ).n;
    const before = describes();
    const outcomes = await h.engine.resync(errors.map((e) => e.id));
    expect(outcomes.map((o) => o.outcome)).toEqual(errors.map(() => 'resolved'));
    expect(describes() - before).toBe(1);
  });

  it('reports a still-failing error with its current error and an unknown id as not found', async () => {
    const [dup] = (await h.store.listErrors({ category: 'duplicates' })).items;
    const outcomes = await h.engine.resync([dup.id, '999999']);
    expect(outcomes[0]).toMatchObject({ id: dup.id, outcome: 'failing', error: { category: 'duplicates' } });
    expect(outcomes[1]).toEqual({ id: '999999', outcome: 'not-found' });
  });

  it('refuses more than 100 errors in one resync with a message saying what to do', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => String(i + 1));
    await expect(h.engine.resync(ids)).rejects.toThrow(/at most 100.*resync all/);
  });

  it('runs a queued resync of a whole category as a job', async () => {
    h.sf.control.setRuleActive('Account', 'Website_Must_Be_Https', false);
    const total =
      (await h.store.summary()).categories.find((c) => c.category === 'custom-code')?.openErrors ?? 0;
    const { jobId } = await h.engine.resyncAll('custom-code');
    for (let i = 0; i < 200 && (await h.engine.job(jobId))?.state === 'running'; i++)
      await new Promise((r) => setTimeout(r, 10));
    const job = await h.engine.job(jobId);
    expect(job).toMatchObject({ state: 'done', total, processed: total });
    expect(job?.resolved).toBeGreaterThan(0);
    expect(job?.failing).toBeGreaterThan(0);
  });

  it('keeps a per-record history of attempts and outcomes', async () => {
    const [error] = await biotechCompanies();
    h.hs.control.updateRecord('companies', error.crmId, { industry: 'Energy' });
    h.clock.advance(1000);
    await h.engine.runOnce();
    const history = (await h.store.recordLookup('hubspot', 'companies', error.crmId)).history;
    expect(history.map((x) => x.outcome)).toEqual(['created in Salesforce', 'failed: picklists']);
  });
});
