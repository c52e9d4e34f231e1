import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHubspotConnector } from '../../../proxy/crm/hubspot/index';
import { testDatabase } from '../../../proxy/store/index';
import { type Harness, startHarness } from './sync-harness';

const POLL = 5 * 60_000;

describe('Salesforce → CRM creates', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.engine.runOnce();
    h.clock.advance(1000);
  });
  afterEach(() => h.close());

  /** CRM contacts holding this Salesforce id, found through the portal's search API. */
  async function crmContactsWithSfId(sfId: string) {
    const res = await fetch(`${h.hubspotUrl}/crm/v3/objects/contacts/search`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.hs.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        filterGroups: [{ filters: [{ propertyName: 'salesforce_id', operator: 'EQ', value: sfId }] }],
        properties: ['lastname', 'email', 'salesforce_id'],
      }),
    });
    return ((await res.json()) as { results: { id: string; properties: Record<string, string> }[] }).results;
  }

  /** Polls Salesforce (the poll is due), then runs once more so the stamp goes out. */
  async function pollAndSettle(): Promise<void> {
    h.clock.advance(POLL);
    await h.engine.runOnce();
    h.clock.advance(1000);
    await h.engine.runOnce();
  }

  it('creates a contact made in Salesforce in the CRM, links it and writes the CRM id back to Salesforce', async () => {
    const made = h.sf.control.insertRecordDirect('Contact', {
      FirstName: 'Ada',
      LastName: 'Created-In-Salesforce',
      Email: 'ada.sf@origin.example',
    });
    await pollAndSettle();

    const [twin, ...more] = await crmContactsWithSfId(made.Id);
    expect(more).toEqual([]);
    expect(twin.properties).toMatchObject({
      lastname: 'Created-In-Salesforce',
      email: 'ada.sf@origin.example',
    });
    expect(h.sf.control.record('Contact', made.Id).HubSpot_Id__c).toBe(twin.id);
    expect(await h.store.link('contacts', twin.id)).toMatchObject({ sfId: made.Id, stampPending: false });
    expect(h.sf.control.records('Contact').filter((r) => r.Email === 'ada.sf@origin.example')).toHaveLength(
      1,
    );
  });

  it('creates Salesforce records in the CRM in batches of 100', async () => {
    // A run with nothing new in Salesforce: the CRM calls every run makes anyway.
    const crmCalls = async () => {
      const before = h.hs.stats().requests;
      h.clock.advance(POLL);
      await h.engine.runOnce();
      return h.hs.stats().requests - before;
    };
    const baseline = await crmCalls();
    for (let i = 0; i < 150; i++)
      h.sf.control.insertRecordDirect('Account', { Name: `Made In Org ${i}`, Industry: 'Energy' });
    const withCreates = await crmCalls();
    const linked = testDatabase(h.store)
      .prepare(`SELECT COUNT(*) AS n FROM links WHERE crm_type = 'companies' AND stamp_pending = 1`)
      .get() as { n: number };
    expect(linked.n).toBe(150);
    // 150 records: two batch upserts (100 + 50).
    expect(withCreates - baseline).toBe(2);
    h.clock.advance(1000);
    await h.engine.runOnce();
    const stamped = h.sf.control.records('Account').filter((r) => String(r.Name).startsWith('Made In Org'));
    expect(stamped.every((r) => r.HubSpot_Id__c)).toBe(true);
    expect(stamped).toHaveLength(150);
  });

  it('reads past a full page of Salesforce records stamped in the same instant', async () => {
    // 2,050 rows share one SystemModstamp (the sandbox clock stands still): more than a 2,000-row page.
    for (let i = 0; i < 2050; i++) h.sf.control.insertRecordDirect('Account', { Name: `Bulk Loaded ${i}` });
    h.clock.advance(POLL);
    await h.engine.runOnce();
    const linked = testDatabase(h.store)
      .prepare(`SELECT COUNT(*) AS n FROM links WHERE crm_type = 'companies' AND name LIKE 'Bulk Loaded %'`)
      .get() as { n: number };
    expect(linked.n).toBe(2050);
  });

  it('finds the CRM record it already made when the create is replayed after a crash', async () => {
    const made = h.sf.control.insertRecordDirect('Contact', {
      LastName: 'Replayed',
      Email: 'replay@origin.example',
    });
    // The previous process created the CRM record, then died before it stored the link: the queued
    // create is still there, and the CRM already holds a record with this Salesforce id.
    const crm = createHubspotConnector({
      accessToken: h.hs.accessToken,
      baseUrl: h.hubspotUrl,
      uiBaseUrl: h.hubspotUrl,
      sleep: async () => {},
    });
    const [first] = await crm.batchUpsert('contacts', [
      {
        idProperty: 'salesforce_id',
        idValue: made.Id,
        properties: { lastname: 'Replayed', email: 'replay@origin.example', salesforce_id: made.Id },
      },
    ]);
    await pollAndSettle();
    const twins = await crmContactsWithSfId(made.Id);
    expect(twins.map((t) => t.id)).toEqual([first.ok ? first.id : 'created']);
    expect(h.sf.control.record('Contact', made.Id).HubSpot_Id__c).toBe(twins[0].id);
  });

  it('records a create the CRM refuses under the Salesforce id, and resolves it once the create succeeds', async () => {
    // The CRM already has a contact with this email (HubSpot's contact emails are unique).
    const taken = testDatabase(h.store)
      .prepare(`SELECT crm_id FROM links WHERE crm_type = 'contacts' AND sf_id IS NOT NULL LIMIT 1`)
      .get() as { crm_id: string };
    const existing = await fetch(`${h.hubspotUrl}/crm/v3/objects/contacts/${taken.crm_id}?properties=email`, {
      headers: { authorization: `Bearer ${h.hs.accessToken}` },
    }).then(async (r) => ((await r.json()) as { properties: { email: string } }).properties.email);
    const made = h.sf.control.insertRecordDirect('Contact', { LastName: 'Clash', Email: existing });
    h.clock.advance(POLL);
    await h.engine.runOnce();
    const error = (await h.store.recordLookup('hubspot', 'contacts', `sf:${made.Id}`)).openErrors[0];
    expect(error).toMatchObject({ sfId: made.Id, crmId: `sf:${made.Id}` });
    expect(error.message).toMatch(/Not created in the CRM/);

    h.sf.control.updateRecordDirect('Contact', made.Id, { Email: 'clash.fixed@origin.example' });
    h.clock.advance(POLL);
    await h.engine.runOnce();
    expect((await h.store.getError(error.id))?.error.status).toBe('resolved');
    expect(await crmContactsWithSfId(made.Id)).toHaveLength(1);
  });
});
