import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './sync-harness';

const LOOK = 5 * 60_000;

describe('records merged or deleted in the CRM', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ seed: false });
  });
  afterEach(() => h.close());

  const hubspot = (path: string, method: string, body?: unknown) =>
    fetch(`${h.hubspotUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${h.hs.accessToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const liveContacts = () => h.sf.control.records('Contact').filter((r) => !r.IsDeleted);

  async function synced(...names: string[]) {
    const ids = names.map((n) =>
      h.hs.control.createRecord('contacts', { lastname: n, email: `${n.toLowerCase()}@crm-del.example` }),
    );
    await h.engine.runOnce();
    const out: { crmId: string; sfId: string }[] = [];
    for (const crmId of ids)
      out.push({ crmId, sfId: (await h.store.link('contacts', crmId))?.sfId as string });
    return out;
  }
  async function look() {
    h.clock.advance(LOOK);
    await h.engine.runOnce();
    h.clock.advance(1000);
    await h.engine.runOnce();
  }

  it('a CRM merge moves the link to the merged record: no Salesforce twin, the record stamped with the new id', async () => {
    const [a] = await synced('Primary');
    const b = h.hs.control.createRecord('contacts', {
      lastname: 'Unsynced',
      email: 'second@crm-del.example',
    });
    const merged = await (
      await hubspot('/crm/v3/objects/contacts/merge', 'POST', {
        primaryObjectId: a.crmId,
        objectIdToMerge: b,
      })
    ).json();
    await look();

    expect(await h.store.link('contacts', merged.id)).toMatchObject({ sfObject: 'Contact', sfId: a.sfId });
    expect(await h.store.link('contacts', a.crmId)).toBeNull();
    expect(liveContacts()).toHaveLength(1);
    expect(h.sf.control.record('Contact', a.sfId).HubSpot_Id__c).toBe(merged.id);
    const history = (await h.store.recordLookup('hubspot', 'contacts', merged.id)).history;
    expect(history.find((x) => x.action === 'merged')?.outcome).toContain(
      `merged in the CRM from ${a.crmId} and ${b}: the sync follows this record, linked to Contact ${a.sfId}`,
    );
  });

  it("merging two synced contacts keeps the primary's Salesforce record and closes the other, deleting nothing", async () => {
    const [a, b] = await synced('Keep', 'Other');
    const merged = await (
      await hubspot('/crm/v3/objects/contacts/merge', 'POST', {
        primaryObjectId: a.crmId,
        objectIdToMerge: b.crmId,
      })
    ).json();
    await look();

    expect((await h.store.link('contacts', merged.id))?.sfId).toBe(a.sfId);
    expect((await h.store.closedLink('contacts', b.crmId))?.reason).toBe(
      `merged in the CRM into ${merged.id}`,
    );
    expect(
      liveContacts()
        .map((r) => r.Id)
        .sort(),
    ).toEqual([a.sfId, b.sfId].sort());
    const other = (await h.store.recordLookup('hubspot', 'contacts', b.crmId)).history;
    expect(other[0].outcome).toContain(
      `this record is no longer synced; Contact ${b.sfId} is kept in Salesforce`,
    );
  });

  it('a CRM delete with the rule off closes the link and leaves the Salesforce record untouched', async () => {
    const [a] = await synced('Deleted');
    await hubspot(`/crm/v3/objects/contacts/${a.crmId}`, 'DELETE');
    await look();

    expect(await h.store.link('contacts', a.crmId)).toBeNull();
    expect((await h.store.closedLink('contacts', a.crmId))?.reason).toBe('deleted in the CRM');
    expect(h.sf.control.record('Contact', a.sfId).IsDeleted).toBe(false);
    const history = (await h.store.recordLookup('hubspot', 'contacts', a.crmId)).history;
    expect(history[0]).toMatchObject({ action: 'deleted' });
    expect(history[0].outcome).toBe(
      `deleted in the CRM: Contact ${a.sfId} is kept in Salesforce and no longer synced (the record rules keep Salesforce records)`,
    );
  });

  it('with "delete in Salesforce" on, the Salesforce record is deleted in one counted call', async () => {
    await h.store.setRecordRules({ deleteInSalesforce: true });
    const [a, b] = await synced('Gone', 'Also');
    await hubspot(`/crm/v3/objects/contacts/${a.crmId}`, 'DELETE');
    await hubspot(`/crm/v3/objects/contacts/${b.crmId}`, 'DELETE');
    h.clock.advance(LOOK);
    const calls = await h.store.calls24h(h.clock.now);
    const requests = h.sf.stats().requests;
    await h.engine.runOnce();

    expect(h.sf.control.record('Contact', a.sfId).IsDeleted).toBe(true);
    expect(h.sf.control.record('Contact', b.sfId).IsDeleted).toBe(true);
    expect((await h.store.closedLink('contacts', a.crmId))?.reason).toBe('deleted in the CRM');
    // Both deletes went in one collection call, metered like every other call.
    expect((await h.store.calls24h(h.clock.now)) - calls).toBe(h.sf.stats().requests - requests);
    expect((await h.store.recordLookup('hubspot', 'contacts', a.crmId)).history[0].outcome).toBe(
      `deleted in the CRM: Contact ${a.sfId} deleted in Salesforce too, as the record rules say`,
    );
  });

  it('a Salesforce refusal to delete is a classified error, the link stays and the next look tries again', async () => {
    await h.store.setRecordRules({ deleteInSalesforce: true });
    const [a] = await synced('Protected');
    h.sf.control.setObjectPermission('Contact', { delete: false });
    await hubspot(`/crm/v3/objects/contacts/${a.crmId}`, 'DELETE');
    await look();

    expect(h.sf.control.record('Contact', a.sfId).IsDeleted).toBe(false);
    expect((await h.store.link('contacts', a.crmId))?.sfId).toBe(a.sfId);
    const [error] = (await h.store.recordLookup('hubspot', 'contacts', a.crmId)).openErrors;
    expect(error).toMatchObject({ category: 'permissions', code: 'INSUFFICIENT_ACCESS_OR_READONLY' });

    h.sf.control.setObjectPermission('Contact', { delete: true });
    await look();
    expect(h.sf.control.record('Contact', a.sfId).IsDeleted).toBe(true);
    expect(await h.store.closedLink('contacts', a.crmId)).not.toBeNull();
  });
});
