import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrmRecord } from '../../../proxy/crm/types';
import { DUPLICATE_EMAILS } from '../../../proxy/sandbox/hubspot/demo-seed';
import { createHubspotSandbox } from '../../../proxy/sandbox/hubspot/index';
import { type ServedPortal, servePortal } from './serve-portal';

type Props = Record<string, string | null>;

// The demo portal must plant exactly the problems proxy/sandbox/DEMO.md lists, on a handful of
// records each, and keep the rest clean. Read through the connector, as the sync will.
describe('HubSpot portal: demo seed', () => {
  let portal: ServedPortal;
  const data: Record<'contacts' | 'companies' | 'deals', CrmRecord[]> = {
    contacts: [],
    companies: [],
    deals: [],
  };
  const props = {
    companies: [
      'name',
      'domain',
      'industry',
      'phone',
      'city',
      'numberofemployees',
      'annualrevenue',
      'description',
      'customer_tier',
    ],
    contacts: ['firstname', 'lastname', 'email', 'phone', 'mobilephone', 'jobtitle', 'leadsource'],
    deals: ['dealname', 'amount', 'closedate', 'dealstage'],
  };
  beforeAll(async () => {
    portal = await servePortal();
    const crm = portal.connector();
    for (const type of ['contacts', 'companies', 'deals'] as const) {
      data[type] = (await crm.changedSince(type, null, props[type], 1000)).records;
    }
  });
  afterAll(() => portal.close());

  const count = (type: keyof typeof data, test: (p: Record<string, string | null>) => boolean) =>
    data[type].filter((r) => test(r.properties)).length;

  it("holds about 100 companies, 307 contacts (7 of them Salesforce Leads') and 40 deals", () => {
    expect([data.companies.length, data.contacts.length, data.deals.length]).toEqual([100, 307, 40]);
  });

  it("associates every contact but the Leads' and every deal with a company", async () => {
    const crm = portal.connector();
    const contactLinks = await crm.associations(
      'contacts',
      data.contacts.map((r) => r.id),
      'companies',
    );
    const dealLinks = await crm.associations(
      'deals',
      data.deals.map((r) => r.id),
      'companies',
    );
    expect(new Set(contactLinks.map((l) => l.fromId)).size).toBe(300);
    expect(new Set(dealLinks.map((l) => l.fromId)).size).toBe(40);
  });

  const plants: [string, keyof typeof data, (p: Props) => boolean, number][] = [
    ['companies with industry Biotech (picklists)', 'companies', (p) => p.industry === 'Biotech', 4],
    ['companies with customer_tier set (property mappings)', 'companies', (p) => p.customer_tier !== null, 3],
    [
      'companies whose domain is http:// (validation rule)',
      'companies',
      (p) => !!p.domain?.startsWith('http://'),
      3,
    ],
    ['companies named "Test …" (Apex trigger)', 'companies', (p) => !!p.name?.startsWith('Test '), 1],
    ['contacts with mobilephone (read-only field)', 'contacts', (p) => p.mobilephone !== null, 5],
    ['contacts with leadsource Podcast (picklists)', 'contacts', (p) => p.leadsource === 'Podcast', 6],
    [
      'contacts with an email already in Salesforce (duplicates)',
      'contacts',
      (p) => DUPLICATE_EMAILS.includes(p.email ?? ''),
      3,
    ],
    ['contacts with a job title over 128 characters', 'contacts', (p) => (p.jobtitle?.length ?? 0) > 128, 3],
    ['contacts without a last name', 'contacts', (p) => p.lastname === null, 2],
    [
      'contacts whose job title contains "Intern" (flow)',
      'contacts',
      (p) => !!p.jobtitle?.includes('Intern'),
      3,
    ],
    ['deals with a negative amount', 'deals', (p) => Number(p.amount) < 0, 3],
    [
      'deals in Negotiation/Review over 1,000,000 (approval lock)',
      'deals',
      (p) => p.dealstage === 'Negotiation/Review' && Number(p.amount) > 1_000_000,
      1,
    ],
  ];
  it.each(plants)('plants %s', (_what, type, test, expected) => {
    expect(count(type, test)).toBe(expected);
  });

  it('keeps most records clean', () => {
    const cleanCompany = (p: Record<string, string | null>) =>
      p.industry !== 'Biotech' &&
      p.customer_tier === null &&
      !!p.domain?.startsWith('https://') &&
      !p.name?.startsWith('Test ');
    expect(count('companies', cleanCompany)).toBe(89);
    const plantedContact = (p: Record<string, string | null>) =>
      p.mobilephone !== null ||
      p.leadsource === 'Podcast' ||
      DUPLICATE_EMAILS.includes(p.email ?? '') ||
      p.lastname === null ||
      (p.jobtitle?.length ?? 0) > 128 ||
      !!p.jobtitle?.includes('Intern');
    // 19 on Contacts, and 3 of the 7 Lead contacts (the Lead's other faults are its own rules).
    expect(count('contacts', plantedContact)).toBe(22);
  });

  it('is deterministic: two fresh portals hold the same records', () => {
    const snapshot = () => {
      const sandbox = createHubspotSandbox({ basePath: '/x', now: () => 0 });
      return sandbox.app.request('/crm/v3/objects/companies/search', {
        method: 'POST',
        headers: { authorization: `Bearer ${sandbox.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ limit: 200, properties: props.companies }),
      });
    };
    return Promise.all([snapshot(), snapshot()]).then(async ([a, b]) =>
      expect(await a.json()).toEqual(await b.json()),
    );
  });

  it.each([
    [
      'companies',
      [
        'name',
        'domain',
        'industry',
        'phone',
        'city',
        'numberofemployees',
        'annualrevenue',
        'description',
        'customer_tier',
        'salesforce_id',
      ],
    ],
    [
      'contacts',
      ['firstname', 'lastname', 'email', 'phone', 'mobilephone', 'jobtitle', 'leadsource', 'salesforce_id'],
    ],
    ['deals', ['dealname', 'amount', 'closedate', 'dealstage', 'salesforce_id']],
  ] as const)('defines every %s property the default mapping uses', async (type, names) => {
    const defined = await portal.connector().properties(type);
    for (const name of names)
      expect(
        defined.find((p) => p.name === name),
        name,
      ).toBeDefined();
    const enums = defined.filter((p) => p.type === 'enumeration');
    for (const e of enums) expect(e.options?.length, e.name).toBeGreaterThan(0);
    expect(defined.find((p) => p.name === 'salesforce_id')).toMatchObject({
      type: 'string',
      hasUniqueValue: true,
    });
  });
});
