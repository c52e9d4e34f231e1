import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './sync-harness';

const POLL = 5 * 60_000;

describe('retrying an error of a Lead made in Salesforce', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ seed: false });
  });
  afterEach(() => h.close());

  it('re-reads the Lead (not a Contact) and sends it to the CRM once fixed', async () => {
    await h.store.setRecordRules({ contactsCreateAs: 'Lead' });
    const first = h.hs.control.createRecord('contacts', {
      lastname: 'First',
      email: 'taken@lead-retry.example',
      company: 'Acme',
    });
    await h.engine.runOnce();
    h.clock.advance(POLL);
    await h.engine.runOnce();
    expect((await h.store.link('contacts', first))?.sfObject).toBe('Lead');

    // A Lead made in Salesforce with an email another synced CRM contact holds: the CRM refuses it.
    const made = h.sf.control.insertRecordDirect('Lead', {
      LastName: 'Clash',
      Company: 'Acme',
      Email: 'taken@lead-retry.example',
    });
    h.clock.advance(POLL);
    await h.engine.runOnce();
    const [error] = (await h.store.recordLookup('hubspot', 'contacts', `sf:${made.Id}`)).openErrors;
    expect(error).toMatchObject({ sfObject: 'Lead', sfId: made.Id });

    // Fixed in Salesforce; the retry (not the poll, which is not due) must read the Lead again.
    h.sf.control.updateRecordDirect('Lead', made.Id, { Email: 'clash.fixed@lead-retry.example' });
    h.clock.advance(1000);
    await h.engine.resync([error.id]);
    expect((await h.store.getError(error.id))?.error.status).toBe('resolved');
    expect(await h.store.linkBySfId(made.Id)).toMatchObject({ crmType: 'contacts', sfObject: 'Lead' });
  });
});
