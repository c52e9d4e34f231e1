/** @module The demo org's pre-existing data (DEMO.md): users, ~20 Accounts, ~40 Contacts, three of them duplicates of CRM contacts (linked to former CRM ids), and Leads an earlier sync left. */
import { INTEGRATION_USER_ID } from './demo-org';
import { insertDirect } from './direct-writes';
import { DEMO_LEADS, DUPLICATE_LEAD } from './lead-demo';
import type { OrgState } from './org-state';

const ACCOUNTS: Array<[name: string, industry: string, city: string]> = [
  ['Northwind Traders', 'Retail', 'Seattle'],
  ['Contoso Ltd', 'Technology', 'Redmond'],
  ['Fabrikam Inc', 'Manufacturing', 'Denver'],
  ['Adventure Works', 'Retail', 'Bothell'],
  ['Litware Systems', 'Technology', 'Austin'],
  ['Tailspin Toys', 'Retail', 'Portland'],
  ['Wingtip Partners', 'Consulting', 'Boston'],
  ['Woodgrove Bank', 'Banking', 'New York'],
  ['Proseware Health', 'Healthcare', 'Chicago'],
  ['Lucerne Publishing', 'Media', 'Lucerne'],
  ['Blue Yonder Airlines', 'Transportation', 'Dallas'],
  ['Coho Vineyard', 'Agriculture', 'Napa'],
  ['Alpine Ski House', 'Other', 'Aspen'],
  ['Trey Research', 'Engineering', 'San Diego'],
  ['Humongous Insurance', 'Insurance', 'Hartford'],
  ['Graphic Design Institute', 'Education', 'Providence'],
  ['Margie Travel', 'Transportation', 'Miami'],
  ['Southridge Video', 'Media', 'Los Angeles'],
  ['Relecloud Energy', 'Energy', 'Houston'],
  ['Fourth Coffee', 'Retail', 'Seattle'],
];

const FIRST = ['Maria', 'Li', 'Sam', 'Ava', 'Noah', 'Emma', 'Liam', 'Olivia', 'Lucas', 'Mia', 'Ethan', 'Zoe'];
const LAST = [
  'Garcia',
  'Wei',
  'Okafor',
  'Novak',
  'Silva',
  'Kowalski',
  'Tanaka',
  'Haddad',
  'Larsen',
  'Moreau',
  'Ibrahim',
  'Costa',
];
const TITLES = ['CEO', 'CFO', 'VP Sales', 'Operations Manager', 'IT Director', 'Buyer'];

/** Emails that the CRM sandbox's contacts also use: syncing those contacts hits the Email duplicate rule. */
export const DUPLICATE_EMAILS = [
  'maria.garcia@northwind.example',
  'li.wei@contoso.example',
  'sam.okafor@fabrikam.example',
];

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

export function seedDemoOrg(state: OrgState, now: number): void {
  const user = (id: string, first: string, last: string, username: string) =>
    insertDirect(
      state,
      now,
      'User',
      { FirstName: first, LastName: last, Username: username, Email: username },
      { id },
    );
  user(INTEGRATION_USER_ID, 'Integration', 'User', 'integration@sync-health.sandbox');
  const admin = user('0055j00000AdmnUAAR', 'Dana', 'Admin', 'dana.admin@sync-health.sandbox');

  const accounts = ACCOUNTS.map(([name, industry, city], i) =>
    insertDirect(state, now, 'Account', {
      Name: name,
      Industry: industry,
      BillingCity: city,
      Website: `https://www.${slug(name)}.example`,
      Phone: `+1 555 01${String(i).padStart(2, '0')}`,
      NumberOfEmployees: 50 + i * 37,
    }),
  );
  // Owned by another user and private: referencing it fails with INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY.
  insertDirect(state, now, 'Account', { Name: 'Confidential Holdings', OwnerId: admin.Id }, { hidden: true });

  DUPLICATE_EMAILS.forEach((email, i) => {
    const [first, last] = email.split('@')[0].split('.');
    insertDirect(state, now, 'Contact', {
      FirstName: first[0].toUpperCase() + first.slice(1),
      LastName: last[0].toUpperCase() + last.slice(1),
      Email: email,
      Title: TITLES[i],
      AccountId: accounts[i].Id,
      // Tied to a CRM record that no longer exists (an earlier sync): the sync's matching leaves a record
      // that belongs to another CRM id alone, so creating the CRM contact meets the duplicate rule.
      HubSpot_Id__c: String(90_000_001 + i),
    });
  });
  for (let i = 0; i < 37; i++) {
    const account = accounts[i % accounts.length];
    const first = FIRST[(i + 3) % FIRST.length];
    const last = LAST[(i * 5 + 1) % LAST.length];
    insertDirect(state, now, 'Contact', {
      FirstName: first,
      LastName: last,
      // A domain of the org's own, so no other seeded contact collides with a CRM contact by accident.
      Email: `${slug(first)}.${slug(last)}${i}@sf-${slug(account.Name as string)}.example`,
      Title: TITLES[i % TITLES.length],
      Phone: `+1 555 02${String(i).padStart(2, '0')}`,
      LeadSource: i % 3 === 0 ? 'Web' : 'Trade Show',
      AccountId: account.Id,
    });
  }
  insertDirect(state, now, 'Lead', {
    FirstName: 'Priya',
    LastName: 'Nair',
    Company: 'Nair Analytics',
    Email: 'priya@nair.example',
  });
  // Leads a former sync created from CRM contacts (lead-demo.ts): each CRM contact changed since, and
  // Salesforce refuses the change on the Lead, one category each.
  for (const l of DEMO_LEADS) insertDirect(state, now, 'Lead', l.lead, { id: l.leadId });
  insertDirect(state, now, 'Lead', DUPLICATE_LEAD);
  insertDirect(state, now, 'Opportunity', {
    Name: 'Northwind Renewal',
    Amount: 48000,
    CloseDate: '2027-03-31',
    StageName: 'Qualification',
    AccountId: accounts[0].Id,
  });
}
