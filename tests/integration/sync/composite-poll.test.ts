import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './sync-harness';

const MINUTE = 60_000;

describe('Salesforce poll in one Composite call', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.engine.runOnce();
  });
  afterEach(() => h.close());

  const picklistErrors = async () =>
    (await h.store.listErrors({ category: 'picklists' })).items.filter((e) => /Biotech/.test(e.message));

  it('sees a picklist value added in Setup at the next poll, within minutes, and resyncs its errors by itself', async () => {
    const errors = await picklistErrors();
    expect(errors.length).toBeGreaterThan(0);
    h.sf.control.addPicklistValue('Account', 'Industry', 'Biotech');
    // Well inside the describe cache's hour: only the poll's Composite call can bring the new describe.
    h.clock.advance(15 * MINUTE);
    const polls = async () =>
      (await h.store.callsByKind24h(h.clock.now)).find((k) => k.kind === 'poll')?.calls ?? 0;
    const before = await polls();
    await h.engine.runOnce();
    // The poll: one call for three objects' changes and three describes.
    expect((await polls()) - before).toBe(1);
    // What the new value fixes goes out in the same run, with the new describes.
    for (const e of errors) expect((await h.store.getError(e.id))?.error.status).toBe('resolved');
  });

  it('records the poll as one call of kind poll', async () => {
    h.clock.advance(15 * MINUTE);
    const polls = async () =>
      (await h.store.callsByKind24h(h.clock.now)).find((k) => k.kind === 'poll')?.calls ?? 0;
    const before = await polls();
    await h.engine.runOnce();
    expect((await polls()) - before).toBe(1);
  });
});

describe('automatic retries ride in the poll', () => {
  let h: Harness;
  afterEach(() => h.close());

  it("sends an automatic retry inside the poll's Composite call instead of a call of its own", async () => {
    h = await startHarness({ seed: false });
    const company = h.hs.control.createRecord('companies', { name: 'Ride Co', domain: 'ride.example' });
    // An intern trips the org's "Contact Onboarding" flow: custom code, retried on the timer.
    h.hs.control.createRecord(
      'contacts',
      { firstname: 'Ria', lastname: 'Ride', email: 'ria@ride.example', jobtitle: 'Intern' },
      [{ objectType: 'companies', id: company }],
    );
    h.clock.advance(1000);
    await h.engine.runOnce();
    const [error] = (await h.store.listErrors({ category: 'custom-code' })).items;
    expect(error).toBeDefined();
    // Past the first retry (20 minutes) and the poll's ceiling (15 minutes).
    h.clock.advance(21 * MINUTE);
    const logged = h.sf.requestLog().length;
    const run = await h.engine.runOnce();
    expect(run.retriesQueued).toBe(1);
    const requests = h.sf.requestLog().slice(logged);
    // One Composite call holds the retried write and the poll; no collection call of its own.
    expect(requests.filter((r) => r === 'POST composite')).toHaveLength(1);
    expect(requests.filter((r) => /composite\/sobjects/.test(r))).toEqual([]);
    const after = await h.store.getError(error.id);
    expect(after?.error.status).toBe('open');
    expect(after?.error.retries).toBe(1);
  });
});
