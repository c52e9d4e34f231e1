import { afterEach, describe, expect, it } from 'vitest';
import { AMBIGUOUS_EMAILS, overlapExpectation } from '../../../proxy/sandbox/fresh-org';
import { type ServedPortal, servePortal } from '../hubspot/serve-portal';
import { type RunningSandbox, startSandbox } from '../salesforce-sandbox/start-sandbox';

let sf: RunningSandbox | undefined;
let hs: ServedPortal | undefined;
afterEach(async () => {
  await sf?.close();
  await hs?.close();
  sf = hs = undefined;
});

const expected = overlapExpectation();

async function crmRecords(portal: ServedPortal, type: string, properties: string) {
  const res = await portal.api(`/crm/v3/objects/${type}?limit=100&properties=${properties}`);
  const body = (await res.json()) as {
    results: Array<{ properties: Record<string, string> }>;
    paging?: unknown;
  };
  expect(body.paging).toBeUndefined();
  return body.results;
}

describe('the fresh-org sandbox', () => {
  it('describes Account and Contact without HubSpot_Id__c or Customer_Tier__c', async () => {
    sf = await startSandbox({ variant: 'fresh' });
    const { conn } = sf.connect();
    const account = await conn.sobject('Account').describe();
    const contact = await conn.sobject('Contact').describe();
    const names = [...account.fields, ...contact.fields].map((f) => f.name);
    expect(names).toContain('Email');
    expect(names).not.toContain('HubSpot_Id__c');
    expect(names).not.toContain('Customer_Tier__c');
  });

  it('holds the same companies and contacts as the fresh portal, with emails in another case', async () => {
    sf = await startSandbox({ variant: 'fresh' });
    hs = await servePortal({ variant: 'fresh' });
    const { conn } = sf.connect();
    const contacts = await conn.query<{ Email: string }>('SELECT Email FROM Contact');
    const accounts = await conn.query<{ Name: string; Website: string | null }>(
      'SELECT Name, Website FROM Account',
    );
    const crmContacts = await crmRecords(hs, 'contacts', 'email');
    const crmCompanies = await crmRecords(hs, 'companies', 'name,domain');

    const sfEmails = contacts.records.map((r) => r.Email);
    const crmEmails = new Set(crmContacts.map((r) => r.properties.email));
    const sameIgnoringCase = sfEmails.filter((e) => crmEmails.has(e.toLowerCase()));
    const differentCase = sameIgnoringCase.filter((e) => !crmEmails.has(e));
    expect(differentCase.length).toBe(expected.contacts.byEmail);
    for (const email of AMBIGUOUS_EMAILS) expect(sfEmails.filter((e) => e === email)).toHaveLength(2);

    const crmDomains = new Set(crmCompanies.map((c) => c.properties.domain));
    const byDomain = accounts.records.filter(
      (a) => a.Website && crmDomains.has(new URL(a.Website).host.replace(/^www\./, '')),
    );
    expect(byDomain).toHaveLength(expected.companies.byDomain);
    const crmNames = new Set(crmCompanies.map((c) => c.properties.name));
    expect(accounts.records.filter((a) => !a.Website && crmNames.has(a.Name))).toHaveLength(
      expected.companies.byName,
    );
  });

  it('has no salesforce_id property in the portal', async () => {
    hs = await servePortal({ variant: 'fresh' });
    const res = await hs.api('/crm/v3/properties/contacts/salesforce_id');
    expect(res.status).toBe(404);
  });

  it('keeps the sync fields when started as fresh-with-fields', async () => {
    sf = await startSandbox({ variant: 'fresh-with-fields' });
    hs = await servePortal({ variant: 'fresh-with-fields' });
    const { conn } = sf.connect();
    const account = await conn.sobject('Account').describe();
    expect(account.fields.map((f) => f.name)).toEqual(
      expect.arrayContaining(['HubSpot_Id__c', 'Customer_Tier__c']),
    );
    expect((await hs.api('/crm/v3/properties/contacts/salesforce_id')).status).toBe(200);
  });
});
