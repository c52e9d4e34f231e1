import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSalesforceAdapter } from '../../../proxy/salesforce/adapter';
import { createApiMeter } from '../../../proxy/salesforce/api-meter';
import { testDatabase } from '../../../proxy/store/index';
import { DEFAULT_MAPPINGS, type ObjectMapping } from '../../../proxy/sync/default-mapping';
import { matchInSalesforce } from '../../../proxy/sync/initial-match';
import { crmRecords } from './crash-run';
import { type Overlap, plantOverlap } from './overlap-seed';
import { type Harness, startHarness } from './sync-harness';

const CONTACTS = 430;
const COMPANIES = 120;
const BY_NAME = 15;
const AMBIGUOUS = 3;
const NEW = 5;

describe('initial matching of a pair that already shares records', () => {
  let h: Harness;
  let overlap: Overlap;
  beforeEach(async () => {
    h = await startHarness({ seed: false });
    overlap = plantOverlap(h.sf, h.hs, {
      contacts: CONTACTS,
      companies: COMPANIES,
      byName: BY_NAME,
      ambiguous: AMBIGUOUS,
      newContacts: NEW,
    });
  });
  afterEach(() => h.close());

  const crmIdOf = async (_type: 'contacts' | 'companies', sfId: string) =>
    (await h.store.linkBySfId(sfId))?.crmId;

  it('links every contact and company Salesforce already has and creates no twin', async () => {
    const accountsBefore = h.sf.control.records('Account').length;
    const contactsBefore = h.sf.control.records('Contact').length;
    const run = await h.engine.runOnce();
    expect(run.failure).toBeUndefined();

    // Only the CRM-only contacts were created.
    expect(h.sf.control.records('Account')).toHaveLength(accountsBefore);
    expect(h.sf.control.records('Contact')).toHaveLength(contactsBefore + NEW);
    for (const [email, sfId] of overlap.contactByEmail) {
      const crmId = await crmIdOf('contacts', sfId);
      expect(crmId, email).toBeDefined();
      expect(h.sf.control.record('Contact', sfId).HubSpot_Id__c, email).toBe(crmId);
      // The CRM's values went out as an update of the existing record.
      expect(h.sf.control.record('Contact', sfId).FirstName).toBe('Crm');
    }
    for (const [companyId, accountId] of overlap.accountByCompany) {
      expect((await h.store.link('companies', companyId))?.sfId, companyId).toBe(accountId);
      expect(h.sf.control.record('Account', accountId).HubSpot_Id__c).toBe(companyId);
    }
    const decoys = h.sf.control.records('Account').filter((a) => String(a.Name).endsWith('decoy'));
    expect(decoys.length).toBeGreaterThan(0);
    for (const d of decoys) expect(d.HubSpot_Id__c ?? null).toBeNull();
    expect((await h.store.summary()).queueSize).toBe(0);
    // The ambiguous ones are the only errors.
    expect((await h.store.summary()).totalOpenErrors).toBe(AMBIGUOUS);
  });

  it('reports each ambiguous match as a Duplicates error naming every candidate, and writes nothing for it', async () => {
    await h.engine.runOnce();
    const errors = (await h.store.listErrors({ category: 'duplicates' })).items;
    expect(errors).toHaveLength(AMBIGUOUS);
    for (const [email, ids] of overlap.ambiguousEmails) {
      const e = errors.find((x) => x.value === email);
      expect(e, email).toMatchObject({ code: 'MATCH_AMBIGUOUS', subType: 'ambiguous-match', field: 'Email' });
      expect(e?.message).toContain(`2 Salesforce contacts share ${email}`);
      for (const id of ids) {
        expect(e?.message).toContain(id);
        expect(h.sf.control.record('Contact', id).HubSpot_Id__c ?? null).toBeNull();
      }
      expect((await h.store.link('contacts', e?.crmId as string))?.sfId ?? null).toBeNull();
    }
    expect(h.sf.control.records('Contact').filter((c) => String(c.Email).startsWith('twice.'))).toHaveLength(
      2 * AMBIGUOUS,
    );
  });

  it('matches companies by host and by name in one query per 200 records, counted by the org', async () => {
    const salesforce = createSalesforceAdapter({
      instanceUrl: h.instanceUrl,
      accessToken: h.sf.issueSession().accessToken,
      meter: createApiMeter(h.store, () => h.clock.now),
    });
    const companies = DEFAULT_MAPPINGS.find((m) => m.crmType === 'companies') as ObjectMapping;
    const records = (await crmRecords(h, 'companies', ['name', 'domain'])).map((r) => ({
      crmId: r.id,
      props: r.properties,
    }));
    expect(records).toHaveLength(COMPANIES + BY_NAME);
    const before = h.sf.stats().queries;
    const stats = { queries: 0 };
    const found = await matchInSalesforce(
      { salesforce, store: h.store, retry: { retries: 0, minTimeoutMs: 1 } },
      companies,
      records,
      stats,
    );
    const spent = h.sf.stats().queries - before;
    // Host and name used to be two queries (the name for those the host missed): now one carries both.
    expect(spent).toBe(Math.ceil(records.length / 200));
    expect(stats.queries).toBe(spent);
    for (const [companyId, accountId] of overlap.accountByCompany)
      expect(found.get(companyId), companyId).toMatchObject({ kind: 'one', sfId: accountId });
    const byName = [...found.values()].filter((o) => o.key.kind === 'name');
    expect(byName).toHaveLength(BY_NAME);
  });

  it('spends at most one matching query per 200 unlinked records in a whole first sync', async () => {
    const before = h.sf.stats().queries;
    const preview = await h.engine.preview();
    const contacts = CONTACTS + AMBIGUOUS + NEW;
    const companies = COMPANIES + BY_NAME;
    expect(h.sf.stats().queries - before).toBe(Math.ceil(contacts / 200) + Math.ceil(companies / 200));
    expect(preview.estimatedCalls).toBeGreaterThan(0);
  });

  it('links a record once: a second run neither matches nor writes again', async () => {
    await h.engine.runOnce();
    const before = h.sf.stats().requests;
    const run = await h.engine.runOnce();
    expect(run.processed).toBe(0);
    expect(h.sf.stats().requests).toBe(before);
  });

  it('keeps a match whose write failed and sends it again as an update, never as a create', async () => {
    // Every record write of the first push meets a row lock: the links are stored, nothing is written.
    h.sf.control.injectFaults({ count: 100_000, kind: 'lock' });
    await h.engine.runOnce();
    const pending = testDatabase(h.store)
      .prepare(`SELECT COUNT(*) AS n FROM links WHERE stamp_pending = 1`)
      .get() as {
      n: number;
    };
    expect(pending.n).toBe(overlap.contactByEmail.size + overlap.accountByCompany.size);
    h.sf.control.clearFaults();
    const contactsBefore = h.sf.control.records('Contact').length;
    for (let i = 0; i < 5 && (await h.store.summary()).queueSize > 0; i++) {
      h.clock.advance(60_000);
      await h.engine.runOnce();
    }
    expect((await h.store.summary()).queueSize).toBe(0);
    // Only the CRM-only contacts were created, and only now; every match carries its CRM id.
    expect(h.sf.control.records('Contact')).toHaveLength(contactsBefore + NEW);
    for (const [email, sfId] of overlap.contactByEmail)
      expect(h.sf.control.record('Contact', sfId).HubSpot_Id__c, email).toBe(await crmIdOf('contacts', sfId));
  });

  it('matches a record made later in the CRM with the Salesforce record of the same email', async () => {
    await h.engine.runOnce();
    const existing = h.sf.control.insertRecordDirect('Contact', {
      LastName: 'Later',
      Email: 'Later@Shared.Example',
    });
    h.clock.advance(60_000);
    const crmId = h.hs.control.createRecord('contacts', { lastname: 'Later', email: 'later@shared.example' });
    await h.engine.runOnce();
    expect((await h.store.link('contacts', crmId))?.sfId).toBe(existing.Id);
    expect(
      h.sf.control.records('Contact').filter((c) => String(c.Email).toLowerCase() === 'later@shared.example'),
    ).toHaveLength(1);
  });
});

describe('initial matching of records made in Salesforce', () => {
  const POLL = 5 * 60_000;
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ seed: false });
    h.sf.control.setRuleActive('Account', 'Website_Must_Be_Https', false);
    // The sync has run before: the CRM's records are known up to now, Salesforce changes after now are new.
    const now = new Date(h.clock.now).toISOString();
    for (const type of ['contacts', 'companies', 'deals'])
      await h.store.setCursor(`crm:${type}`, { updatedAt: now, id: '999999999' });
    for (const object of ['Account', 'Contact', 'Opportunity'])
      await h.store.setCursor(`sf:${object}`, { stamp: new Date(h.clock.now - 1000).toISOString(), id: '' });
  });
  afterEach(() => h.close());

  async function pollAndSettle() {
    h.clock.advance(POLL);
    await h.engine.runOnce();
    h.clock.advance(1000);
    await h.engine.runOnce();
  }

  it('links a Salesforce contact to the CRM contact with the same email instead of creating one', async () => {
    const crmId = h.hs.control.createRecord('contacts', { lastname: 'Known', email: 'known@both.example' });
    const made = h.sf.control.insertRecordDirect('Contact', {
      FirstName: 'Sf',
      LastName: 'Known',
      Email: 'Known@Both.Example',
    });
    await pollAndSettle();
    expect(await h.store.link('contacts', crmId)).toMatchObject({ sfId: made.Id, stampPending: false });
    expect(h.sf.control.record('Contact', made.Id).HubSpot_Id__c).toBe(crmId);
    const sameEmail = await searchCrm(h, 'contacts', 'email', 'known@both.example');
    expect(sameEmail.map((r) => r.id)).toEqual([crmId]);
    expect(sameEmail[0].properties).toMatchObject({ firstname: 'Sf', salesforce_id: made.Id });
  });

  it('reports an Account whose domain several CRM companies share, and creates no company for it', async () => {
    const twins = [1, 2].map((n) =>
      h.hs.control.createRecord('companies', { name: `Twin ${n}`, domain: 'twin.example' }),
    );
    const single = h.hs.control.createRecord('companies', { name: 'Single', domain: 'single.example' });
    const ambiguous = h.sf.control.insertRecordDirect('Account', {
      Name: 'Twin',
      Website: 'https://www.twin.example/',
    });
    const one = h.sf.control.insertRecordDirect('Account', {
      Name: 'Single Inc',
      Website: 'http://single.example',
    });
    await pollAndSettle();

    expect((await h.store.link('companies', single))?.sfId).toBe(one.Id);
    expect(h.sf.control.record('Account', one.Id).HubSpot_Id__c).toBe(single);
    const errors = (await h.store.listErrors({ category: 'duplicates' })).items;
    const error = errors.find((e) => e.sfId === ambiguous.Id);
    expect(error).toMatchObject({ code: 'MATCH_AMBIGUOUS', sfId: ambiguous.Id, crmId: `sf:${ambiguous.Id}` });
    expect(error?.message).toContain('2 CRM companies share twin.example');
    for (const id of twins) expect(error?.message).toContain(id);
    // The other way, each CRM twin matches that one Account and is not written either.
    for (const id of twins)
      expect(errors.find((e) => e.crmId === id)?.message).toContain(
        `2 CRM companies share twin.example with Salesforce Account ${ambiguous.Id}`,
      );
    expect(await h.store.linkBySfId(ambiguous.Id)).toBeNull();
    expect((await searchCrm(h, 'companies', 'domain', 'twin.example')).map((r) => r.id).sort()).toEqual(
      [...twins].sort(),
    );
    expect(h.sf.control.record('Account', ambiguous.Id).HubSpot_Id__c ?? null).toBeNull();
  });
});

/** CRM records whose property equals the value, through the portal's own search API. */
async function searchCrm(h: Harness, type: string, property: string, value: string) {
  const res = await fetch(`${h.hubspotUrl}/crm/v3/objects/${type}/search`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.hs.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      filterGroups: [{ filters: [{ propertyName: property, operator: 'EQ', value }] }],
      properties: ['firstname', 'name', 'salesforce_id'],
    }),
  });
  return ((await res.json()) as { results: { id: string; properties: Record<string, string> }[] }).results;
}
