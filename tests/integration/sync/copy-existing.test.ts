import { afterEach, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../proxy/store/index';
import { type Harness, startHarness } from './sync-harness';

/** HubSpot's contacts as its API lists them (every page). */
async function crmContacts(h: Harness) {
  const out: { id: string; properties: Record<string, string | null> }[] = [];
  let after: string | undefined;
  do {
    const url = `${h.hubspotUrl}/crm/v3/objects/contacts?limit=100&properties=email,lastname,salesforce_id${after ? `&after=${after}` : ''}`;
    const res = await fetch(url, { headers: { authorization: `Bearer ${h.hs.accessToken}` } });
    const body = (await res.json()) as {
      results: { id: string; properties: Record<string, string | null> }[];
      paging?: { next?: { after: string } };
    };
    out.push(...body.results);
    after = body.paging?.next?.after;
  } while (after);
  return out;
}

const linkOf = (h: Harness, sfId: string) =>
  testDatabase(h.store).prepare('SELECT crm_id FROM links WHERE sf_id = ?').get(sfId) as
    | { crm_id: string }
    | undefined;

async function firstSync(h: Harness) {
  h.clock.advance(1000);
  for (let i = 0; i < 6; i++) {
    await h.engine.runOnce();
    h.clock.advance(60_000);
  }
}

describe('the first sync copies what Salesforce already holds to HubSpot', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('creates the Salesforce-only contacts in HubSpot and links the one HubSpot already has by email, without a twin', async () => {
    h = await startHarness({ seed: false });
    await h.store.setSettings({ copyExistingToCrm: true });
    const shared = h.hs.control.createRecord('contacts', {
      firstname: 'Sana',
      lastname: 'Shared',
      email: 'sana@shared.example',
    });
    const only = h.sf.control.insertRecordDirect('Contact', {
      FirstName: 'Olu',
      LastName: 'Only',
      Email: 'olu@only.example',
    });
    const twin = h.sf.control.insertRecordDirect('Contact', {
      FirstName: 'Sana',
      LastName: 'Shared',
      Email: 'sana@shared.example',
    });
    await firstSync(h);
    const contacts = await crmContacts(h);
    expect(contacts.filter((c) => c.properties.email === 'sana@shared.example')).toHaveLength(1);
    const copied = contacts.find((c) => c.properties.email === 'olu@only.example');
    expect(copied?.properties.lastname).toBe('Only');
    expect(linkOf(h, String(only.Id))?.crm_id).toBe(copied?.id);
    expect(linkOf(h, String(twin.Id))?.crm_id).toBe(shared);
    // The copy is stamped back: the Salesforce record now names its HubSpot twin.
    const stamped = h.sf.control.records('Contact').find((r) => r.Id === only.Id);
    expect(stamped?.HubSpot_Id__c).toBe(copied?.id);
    expect(h.sf.control.records('Contact')).toHaveLength(2);
  });

  it('leaves Salesforce-only records alone while the copy is off', async () => {
    h = await startHarness({ seed: false });
    h.sf.control.insertRecordDirect('Contact', {
      FirstName: 'Olu',
      LastName: 'Only',
      Email: 'olu@only.example',
    });
    await firstSync(h);
    expect(await crmContacts(h)).toHaveLength(0);
  });

  it('reads a large org through one Bulk API 2.0 query and creates its records in HubSpot 100 a call', async () => {
    h = await startHarness({ seed: false, allocation: 100_000, dailyApiLimit: 100_000 });
    await h.store.setSettings({ bulkThreshold: 2000, copyExistingToCrm: true });
    for (let i = 0; i < 2100; i++)
      h.sf.control.insertRecordDirect('Contact', {
        FirstName: `Bulk${i}`,
        LastName: `Read${i}`,
        Email: `bulk${i}@read.example`,
      });
    const hubspotWritesBefore = h.hs.stats().writes;
    await firstSync(h);
    const log = h.sf.requestLog();
    // One query job (create, its state, its results) read them, not pages of REST SOQL before it. (Later
    // polls page through the rows the stamps touched: reading our own writes back is not the copy.)
    const job = log.indexOf('POST jobs/query');
    expect(log.filter((l) => l === 'POST jobs/query')).toHaveLength(1);
    expect(log.slice(0, job).filter((l) => l.startsWith('GET query'))).toEqual([]);
    expect(await crmContacts(h)).toHaveLength(2100);
    // 21 batch creates of 100 (plus the few association and stamp writes that follow none here).
    expect(h.hs.stats().writes - hubspotWritesBefore).toBeLessThanOrEqual(25);
  });
});

describe('the preview of a first sync that copies Salesforce records', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('counts the Salesforce-only records it would copy to HubSpot, less those the sync links by email', async () => {
    h = await startHarness({ seed: false });
    h.hs.control.createRecord('contacts', {
      firstname: 'Sana',
      lastname: 'Shared',
      email: 'sana@shared.example',
    });
    h.sf.control.insertRecordDirect('Contact', { LastName: 'Shared', Email: 'sana@shared.example' });
    h.sf.control.insertRecordDirect('Contact', { LastName: 'Only', Email: 'olu@only.example' });
    h.sf.control.insertRecordDirect('Contact', { LastName: 'Other', Email: 'oto@only.example' });
    const contacts = async () => (await h.engine.preview()).objects.find((o) => o.crmType === 'contacts');
    // Off: nothing would be copied, and no count is asked.
    expect((await contacts())?.toCopyToCrm).toBe(0);
    await h.store.setSettings({ copyExistingToCrm: true });
    const writesBefore = h.hs.stats().writes;
    expect(await contacts()).toMatchObject({ toLink: 1, toCopyToCrm: 2 });
    expect(h.hs.stats().writes).toBe(writesBefore);
    // What it announced is what the first sync does.
    h.clock.advance(1000);
    for (let i = 0; i < 4; i++) {
      await h.engine.runOnce();
      h.clock.advance(60_000);
    }
    expect(await crmContacts(h)).toHaveLength(3);
    // Read once: the next preview has nothing left to copy.
    expect((await contacts())?.toCopyToCrm).toBe(0);
  });
});
