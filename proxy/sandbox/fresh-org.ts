/**
 * @module A "fresh" org and portal, as an admin's own would be on day one: none of the sync's fields
 * (no HubSpot_Id__c, no Customer_Tier__c, no salesforce_id property) and the same people and companies
 * already on both sides, unlinked — emails in different case, the same website domain, a few
 * ambiguous ones (two Salesforce contacts sharing an email).
 */
import type { CrmObjectType } from '../crm/types';
import { associateRecords } from './hubspot/associations-routes';
import type { PortalState, PortalStore } from './hubspot/portal-store';
import { defaultPropertyDefinitions, type PortalProperty } from './hubspot/property-definitions';
import { demoOrgDefinition, INTEGRATION_USER_ID } from './salesforce/demo-org';
import { insertDirect } from './salesforce/direct-writes';
import type { FieldDef, OrgDefinition } from './salesforce/org-definition';
import type { OrgState } from './salesforce/org-state';

/** Which org and portal a sandbox starts with. */
export type SandboxVariant = 'demo' | 'fresh' | 'fresh-with-fields';

export const FRESH_ORG_ID = '00D5j00000FrshOEAQ';
export const FRESH_ORG_NAME = 'Fresh Org (no sync fields)';

/** The fields the sync needs that a fresh org lacks, per object. */
export const SYNC_ONLY_FIELDS: Record<string, string[]> = {
  Account: ['HubSpot_Id__c', 'Customer_Tier__c'],
  Contact: ['HubSpot_Id__c'],
  Lead: ['HubSpot_Id__c'],
  Opportunity: ['HubSpot_Id__c'],
};

/** The sync's fields as the setup creates them (proxy/setup): an external id, and the tier picklist. */
export function syncFieldDefinition(name: string): FieldDef {
  if (name === 'Customer_Tier__c') {
    return {
      name,
      label: 'Customer Tier',
      type: 'picklist',
      length: 255,
      nillable: true,
      picklist: { values: ['Gold', 'Silver', 'Bronze'], restricted: true },
    };
  }
  return {
    name,
    label: 'HubSpot Id',
    type: 'string',
    length: 32,
    nillable: true,
    unique: true,
    externalId: true,
  };
}

/**
 * The demo org's objects without the sync's fields (unless `syncFields`), and only the rule a real org
 * ships with: the standard Contact duplicate rule on Email. The demo's planted rules are left out.
 */
export function freshOrgDefinition(options: { syncFields?: boolean } = {}): OrgDefinition {
  const org = demoOrgDefinition();
  org.orgId = FRESH_ORG_ID;
  org.orgName = FRESH_ORG_NAME;
  org.rules = org.rules.filter((r) => r.kind === 'duplicate');
  for (const object of Object.values(org.objects)) {
    object.fields = object.fields.filter((f) => !SYNC_ONLY_FIELDS[object.name]?.includes(f.name));
    // The demo's planted field-security problems are not part of a fresh org.
    object.fieldPermissions = {};
  }
  if (options.syncFields) {
    for (const [objectName, fields] of Object.entries(SYNC_ONLY_FIELDS)) {
      org.objects[objectName].fields.push(...fields.map(syncFieldDefinition));
    }
  }
  return org;
}

/** The portal's default properties without `salesforce_id` (unless `syncFields`). */
export function freshPortalProperties(
  options: { syncFields?: boolean } = {},
): Record<CrmObjectType, PortalProperty[]> {
  const defs = defaultPropertyDefinitions();
  if (options.syncFields) return defs;
  for (const type of Object.keys(defs) as CrmObjectType[]) {
    defs[type] = defs[type].filter((d) => d.name !== 'salesforce_id');
  }
  return defs;
}

/** How much overlapping data to plant (defaults: 12 companies and 30 contacts on both sides). */
export interface OverlapOptions {
  companies?: number;
  contacts?: number;
}

/** What a correct initial match finds in the planted data. */
export interface OverlapExpectation {
  companies: {
    /** Pairs with the same website host (Salesforce `https://www.<d>` vs HubSpot `<d>`). */
    byDomain: number;
    /** Pairs where the Salesforce account has no website, matched by exact name. */
    byName: number;
    crmOnly: number;
    salesforceOnly: number;
  };
  contacts: {
    /** Pairs with the same email, in different case on each side. */
    byEmail: number;
    /** One CRM contact each, whose email two Salesforce contacts share. */
    ambiguous: Array<{ email: string; salesforceCount: number }>;
    crmOnly: number;
    salesforceOnly: number;
  };
}

const STEMS = ['Harbor', 'Summit', 'Meridian', 'Cobalt', 'Juniper', 'Beacon', 'Granite', 'Orchid'];
const KINDS = ['Analytics', 'Freight', 'Dental', 'Robotics', 'Foods', 'Studios'];
const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Radia', 'Niklaus'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Perlman'];
const CRM_ONLY_COMPANIES = 2;
const SF_ONLY_COMPANIES = 2;
const BY_NAME_COMPANIES = 2;
const CRM_ONLY_CONTACTS = 3;
const SF_ONLY_CONTACTS = 3;
export const AMBIGUOUS_EMAILS = ['pat.jordan@shared-inbox.example', 'sales@shared-inbox.example'];

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

function companyName(i: number): string {
  const round = STEMS.length * KINDS.length;
  const base = `${STEMS[i % STEMS.length]} ${KINDS[Math.floor(i / STEMS.length) % KINDS.length]}`;
  return i >= round ? `${base} ${Math.floor(i / round) + 1}` : base;
}

function person(j: number, domain: string) {
  const first = FIRST[j % FIRST.length];
  const last = LAST[Math.floor(j / FIRST.length) % LAST.length];
  return { first, last, email: `${slug(first)}.${slug(last)}${j}@${domain}` };
}

/** Same casing rule everywhere: Salesforce keeps the email as a person typed it. */
const mixedCase = (email: string) =>
  email.replace(/(^|[.@])([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());

function plan(options: OverlapOptions) {
  const nCompanies = Math.max(BY_NAME_COMPANIES + 1, options.companies ?? 12);
  const nContacts = Math.max(1, options.contacts ?? 30);
  const companies = Array.from({ length: nCompanies }, (_, i) => {
    const name = companyName(i);
    return { name, domain: `${slug(name)}.example`, byName: i >= nCompanies - BY_NAME_COMPANIES };
  });
  const contacts = Array.from({ length: nContacts }, (_, j) => {
    const company = j % nCompanies;
    return { ...person(j, companies[company].domain), company };
  });
  return { companies, contacts };
}

export function overlapExpectation(options: OverlapOptions = {}): OverlapExpectation {
  const { companies, contacts } = plan(options);
  const byName = companies.filter((c) => c.byName).length;
  return {
    companies: {
      byDomain: companies.length - byName,
      byName,
      crmOnly: CRM_ONLY_COMPANIES,
      salesforceOnly: SF_ONLY_COMPANIES,
    },
    contacts: {
      byEmail: contacts.length,
      ambiguous: AMBIGUOUS_EMAILS.map((email) => ({ email, salesforceCount: 2 })),
      crmOnly: CRM_ONLY_CONTACTS,
      salesforceOnly: SF_ONLY_CONTACTS,
    },
  };
}

/** The integration user and an admin: every org has its users before any data. */
export function seedFreshUsers(state: OrgState, now: number): void {
  const user = (id: string, first: string, last: string, username: string) =>
    insertDirect(
      state,
      now,
      'User',
      { FirstName: first, LastName: last, Username: username, Email: username },
      { id },
    );
  user(INTEGRATION_USER_ID, 'Integration', 'User', 'integration@sync-health.sandbox');
  user('0055j00000AdmnUAAR', 'Dana', 'Admin', 'dana.admin@sync-health.sandbox');
}

/** The Salesforce half of the overlap: Accounts with websites (or none), Contacts with mixed-case emails. */
export function seedOverlappingSalesforce(state: OrgState, now: number, options: OverlapOptions = {}): void {
  const { companies, contacts } = plan(options);
  const accountIds = companies.map(
    (c) =>
      insertDirect(state, now, 'Account', {
        Name: c.name,
        ...(c.byName ? {} : { Website: `https://www.${c.domain}` }),
        Industry: 'Technology',
      }).Id,
  );
  for (let k = 0; k < SF_ONLY_COMPANIES; k++) {
    insertDirect(state, now, 'Account', {
      Name: `Salesforce Only ${k + 1} Holdings`,
      Website: `https://sf-only-${k + 1}.example`,
    });
  }
  for (const p of contacts) {
    insertDirect(state, now, 'Contact', {
      FirstName: p.first,
      LastName: p.last,
      Email: mixedCase(p.email),
      AccountId: accountIds[p.company],
    });
  }
  for (const email of AMBIGUOUS_EMAILS) {
    for (const last of ['Jordan', 'Jordan-Lee']) {
      insertDirect(state, now, 'Contact', {
        FirstName: 'Pat',
        LastName: last,
        Email: email,
        AccountId: accountIds[0],
      });
    }
  }
  for (let k = 0; k < SF_ONLY_CONTACTS; k++) {
    insertDirect(state, now, 'Contact', {
      FirstName: 'Sam',
      LastName: `Salesforce${k + 1}`,
      Email: `sam.salesforce${k + 1}@sf-only.example`,
      AccountId: accountIds[k % accountIds.length],
    });
  }
}

/** What the portal half needs: its store (HubSpot's write rules) and its state (associations). */
export interface PortalSeedTarget {
  store: PortalStore;
  state: () => PortalState;
  associationLimit: number;
}

/** The HubSpot half: companies by bare domain, contacts with lower-case emails, associated. */
export function seedOverlappingPortal(portal: PortalSeedTarget, options: OverlapOptions = {}): void {
  const { companies, contacts } = plan(options);
  const create = (type: CrmObjectType, properties: Record<string, string>) =>
    portal.store.write(type, [{ properties }])[0].id;
  const companyIds = companies.map((c) =>
    create('companies', { name: c.name, domain: c.domain, industry: 'Technology' }),
  );
  for (let k = 0; k < CRM_ONLY_COMPANIES; k++) {
    create('companies', { name: `HubSpot Only ${k + 1} Co`, domain: `hs-only-${k + 1}.example` });
  }
  const associate = (contactId: string, company: number) =>
    associateRecords(
      portal.state(),
      portal.associationLimit,
      'contacts',
      contactId,
      'companies',
      companyIds[company],
    );
  for (const p of contacts) {
    associate(create('contacts', { firstname: p.first, lastname: p.last, email: p.email }), p.company);
  }
  for (const email of AMBIGUOUS_EMAILS) {
    associate(create('contacts', { firstname: 'Pat', lastname: 'Jordan', email }), 0);
  }
  for (let k = 0; k < CRM_ONLY_CONTACTS; k++) {
    create('contacts', {
      firstname: 'Hana',
      lastname: `Hubspot${k + 1}`,
      email: `hana.hubspot${k + 1}@hs-only.example`,
    });
  }
}

/**
 * Plants the same people and companies on both sides, unlinked, and says what a correct match finds.
 * @example
 * const expected = seedOverlappingData({ salesforce: orgState, portal, now: Date.now() });
 * // expected.contacts.byEmail pairs share an email; expected.contacts.ambiguous lists the shared ones
 */
export function seedOverlappingData(
  target: { salesforce?: OrgState; portal?: PortalSeedTarget; now: number },
  options: OverlapOptions = {},
): OverlapExpectation {
  if (target.salesforce) seedOverlappingSalesforce(target.salesforce, target.now, options);
  if (target.portal) seedOverlappingPortal(target.portal, options);
  return overlapExpectation(options);
}
