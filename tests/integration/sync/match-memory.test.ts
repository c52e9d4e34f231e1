import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './sync-harness';

describe('a failing unlinked record is not matched again on each retry', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ seed: false });
    // The org's AccountTrigger refuses names that start with "Test ": the create fails every time.
    h.sf.control.setRuleActive('Account', 'Website_Must_Be_Https', false);
  });
  afterEach(() => h.close());

  it('spends no matching query on a retry while the record keeps its values, and looks again once they change', async () => {
    const id = h.hs.control.createRecord('companies', {
      name: 'Test Widgets',
      domain: 'test-widgets.example',
    });
    const first = await h.engine.runOnce();
    expect(first.failure).toBeUndefined();
    expect((await h.store.link('companies', id))?.sfId ?? null).toBeNull();
    expect((await h.store.listErrors({})).items.map((e) => e.crmId)).toContain(id);

    const queriesOf = async (change: () => void) => {
      change();
      const before = h.sf.stats();
      await h.engine.runOnce();
      const after = h.sf.stats();
      return { queries: after.queries - before.queries, writes: after.writes - before.writes };
    };
    // What a run costs in queries when nothing is pushed (the Salesforce poll, if due).
    const idle = await queriesOf(() => undefined);
    // A retry of the same record, its name and domain unchanged: no matching query.
    const retried = await queriesOf(() => h.hs.control.updateRecord('companies', id, { industry: 'Energy' }));
    // The retry did try the create again (one write), and asked Salesforce nothing more than an idle run.
    expect(retried).toEqual({ queries: idle.queries, writes: 1 });
    // A new domain is a new question: it is looked up again.
    const changed = await queriesOf(() =>
      h.hs.control.updateRecord('companies', id, { domain: 'widgets-test.example' }),
    );
    expect(changed).toEqual({ queries: idle.queries + 1, writes: 1 });
    expect(h.sf.control.records('Account').filter((a) => String(a.Name) === 'Test Widgets')).toEqual([]);
  });
});
