import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './sync-harness';

const POLL = 5 * 60_000;

describe('records deleted or merged in Salesforce', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ seed: false });
  });
  afterEach(() => h.close());

  async function syncContacts(...lastnames: string[]) {
    const ids = lastnames.map((n) =>
      h.hs.control.createRecord('contacts', { lastname: n, email: `${n.toLowerCase()}@del.example` }),
    );
    await h.engine.runOnce();
    h.clock.advance(POLL);
    await h.engine.runOnce();
    return Promise.all(
      ids.map(async (crmId) => ({ crmId, sfId: (await h.store.link('contacts', crmId))?.sfId as string })),
    );
  }

  async function poll() {
    h.clock.advance(POLL);
    await h.engine.runOnce();
    h.clock.advance(1000);
    await h.engine.runOnce();
  }

  const crmContact = async (id: string) =>
    (await fetch(`${h.hubspotUrl}/crm/v3/objects/contacts/${id}?properties=lastname,salesforce_id`, {
      headers: { authorization: `Bearer ${h.hs.accessToken}` },
    }).then((r) => r.json())) as { id?: string; archived?: boolean; properties?: Record<string, string> };

  it('a delete in Salesforce closes the link and keeps the CRM record; a later CRM edit re-creates nothing', async () => {
    const [a] = await syncContacts('Gone');
    h.sf.control.deleteRecord('Contact', a.sfId);
    await poll();

    expect(await h.store.link('contacts', a.crmId)).toBeNull();
    expect(await h.store.closedLink('contacts', a.crmId)).toMatchObject({
      sfId: a.sfId,
      reason: 'deleted in Salesforce',
    });
    expect((await crmContact(a.crmId)).id).toBe(a.crmId);
    const history = (await h.store.recordLookup('hubspot', 'contacts', a.crmId)).history;
    expect(history[0]).toMatchObject({ action: 'deleted' });
    expect(history[0].outcome).toContain('the CRM record is kept');

    h.clock.advance(1000);
    h.hs.control.updateRecord('contacts', a.crmId, { jobtitle: 'Still here' });
    await poll();
    expect(h.sf.control.records('Contact').filter((r) => !r.IsDeleted)).toHaveLength(0);
  });

  it('with "delete in the CRM too" on, a delete in Salesforce archives the CRM record', async () => {
    await h.store.setRecordRules({ deleteInCrm: true });
    const [a, b] = await syncContacts('Archived', 'Kept');
    h.sf.control.deleteRecord('Contact', a.sfId);
    await poll();
    const gone = await fetch(`${h.hubspotUrl}/crm/v3/objects/contacts/${a.crmId}`, {
      headers: { authorization: `Bearer ${h.hs.accessToken}` },
    });
    expect(gone.status).toBe(404);
    expect((await crmContact(b.crmId)).id).toBe(b.crmId);
  });

  it('a merge in Salesforce into a record no CRM record syncs with moves the link to the survivor', async () => {
    const [a] = await syncContacts('Loser');
    const survivor = h.sf.control.insertRecordDirect('Contact', {
      LastName: 'Survivor',
      Email: 'survivor@del.example',
    });
    h.sf.control.mergeRecords('Contact', survivor.Id, [a.sfId]);
    await poll();

    expect(await h.store.link('contacts', a.crmId)).toMatchObject({ sfObject: 'Contact', sfId: survivor.Id });
    expect(h.sf.control.record('Contact', survivor.Id).HubSpot_Id__c).toBe(a.crmId);
    // Nothing re-created on either side: one live Contact, and no new CRM contact for the survivor.
    expect(h.sf.control.records('Contact').filter((r) => !r.IsDeleted)).toHaveLength(1);
    const crm = (await fetch(`${h.hubspotUrl}/crm/v3/objects/contacts?limit=100`, {
      headers: { authorization: `Bearer ${h.hs.accessToken}` },
    }).then((r) => r.json())) as { results: unknown[] };
    expect(crm.results).toHaveLength(1);
    expect((await crmContact(a.crmId)).properties?.salesforce_id).toBe(survivor.Id);
    expect(
      (await h.store.recordLookup('hubspot', 'contacts', a.crmId)).history.map((x) => x.action),
    ).toContain('merged');
  });

  it("a merge of two synced contacts closes the loser's link instead of re-creating it", async () => {
    const [keep, lose] = await syncContacts('Keep', 'Lose');
    h.sf.control.mergeRecords('Contact', keep.sfId, [lose.sfId]);
    await poll();
    expect((await h.store.link('contacts', keep.crmId))?.sfId).toBe(keep.sfId);
    expect(await h.store.link('contacts', lose.crmId)).toBeNull();
    expect((await h.store.closedLink('contacts', lose.crmId))?.reason).toContain(keep.sfId);
    h.clock.advance(1000);
    h.hs.control.updateRecord('contacts', lose.crmId, { jobtitle: 'Edited after merge' });
    await poll();
    expect(h.sf.control.records('Contact').filter((r) => !r.IsDeleted)).toHaveLength(1);
  });
});
