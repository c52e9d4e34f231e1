import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../proxy/store/index';
import { type Harness, startHarness } from './sync-harness';

const POLL = 5 * 60_000;

describe('Salesforce → CRM', () => {
  let h: Harness;
  let integrationUserId: string;
  beforeEach(async () => {
    h = await startHarness();
    integrationUserId = String(
      h.sf.control.query(`SELECT Id FROM User WHERE Name = 'Integration User'`)[0]?.Id,
    );
    await h.engine.runOnce();
  });
  afterEach(() => h.close());

  const syncedContact = () => {
    const link = testDatabase(h.store)
      .prepare(`SELECT crm_id, sf_id FROM links WHERE crm_type = 'contacts' AND sf_id IS NOT NULL LIMIT 1`)
      .get() as { crm_id: string; sf_id: string };
    return link;
  };

  it('writes a Salesforce edit to the CRM record and does not send it back to Salesforce', async () => {
    const { crm_id, sf_id } = syncedContact();
    h.clock.advance(1000);
    h.sf.control.updateRecordDirect('Contact', sf_id, { Title: 'Chief Edited Officer' });
    h.clock.advance(POLL);
    await h.engine.runOnce();
    const [record] = await fetch(`${h.hubspotUrl}/crm/v3/objects/contacts/${crm_id}?properties=jobtitle`, {
      headers: { authorization: `Bearer ${h.hs.accessToken}` },
    }).then(async (r) => [(await r.json()) as { properties: Record<string, string> }]);
    expect(record.properties.jobtitle).toBe('Chief Edited Officer');
    const history = (await h.store.recordLookup('hubspot', 'contacts', crm_id)).history;
    expect(history[0]).toMatchObject({ action: 'crm-update', outcome: 'updated from Salesforce: Title' });

    // The CRM change that comes back is our own: no upsert to Salesforce follows.
    const upserts = () =>
      (
        testDatabase(h.store)
          .prepare(`SELECT COUNT(*) AS n FROM api_calls WHERE kind LIKE '%HubSpot_Id__c'`)
          .get() as {
          n: number;
        }
      ).n;
    const before = upserts();
    h.clock.advance(1000);
    await h.engine.runOnce();
    expect(upserts()).toBe(before);
  });

  it('does not poll Salesforce more often than the poll interval', async () => {
    const before = h.sf.stats().requests;
    h.clock.advance(1000);
    await h.engine.runOnce();
    expect(h.sf.stats().requests).toBe(before);
  });

  it('leaves changes made by the integration user itself out of the poll when that user is known', async () => {
    await h.close();
    h = await startHarness({ engine: { integrationUserId } });
    await h.engine.runOnce();
    const { sf_id } = syncedContact();
    h.clock.advance(1000);
    // A direct write in the sandbox is made as the integration user, like the sync's own writes.
    h.sf.control.updateRecordDirect('Contact', sf_id, { Title: 'Written As Us' });
    h.clock.advance(POLL);
    await h.engine.runOnce();
    const crmUpdates = testDatabase(h.store)
      .prepare(`SELECT COUNT(*) AS n FROM history WHERE action = 'crm-update'`)
      .get() as { n: number };
    expect(crmUpdates.n).toBe(0);
  });
});
