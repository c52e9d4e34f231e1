/** @module The demo portal: deterministic companies, contacts and deals carrying the problems DEMO.md plants. */
import { DEMO_LEADS } from '../salesforce/lead-demo';
import { associateRecords } from './associations-routes';
import { setMembers } from './list-membership';
import type { PortalDeps } from './portal-store';
import { DEAL_STAGES, INDUSTRIES, LEAD_SOURCES } from './property-definitions';

/** mulberry32: a tiny seeded PRNG, so every fresh portal holds the same records. */
function seededRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
  };
}

const STEMS = [
  'Northwind',
  'Contoso',
  'Fabrikam',
  'Tailspin',
  'Wingtip',
  'Litware',
  'Adatum',
  'Proseware',
  'Lucerne',
  'Woodgrove',
  'Alpine',
  'Coho',
  'Humongous',
  'Margie',
  'Trey',
  'Fourth',
  'Blue Yonder',
  'Graphic',
  'Wide World',
  'Relecloud',
];
const SUFFIXES = ['Traders', 'Labs', 'Systems', 'Partners', 'Group'];
const CITIES = ['Boston', 'Denver', 'Austin', 'Seattle', 'Chicago', 'Atlanta', 'Portland', 'Phoenix'];
const FIRST = [
  'Ana',
  'Ben',
  'Chloe',
  'David',
  'Elena',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kofi',
  'Lena',
  'Marco',
  'Nadia',
  'Omar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sven',
  'Tara',
];
const LAST = [
  'Adams',
  'Berg',
  'Costa',
  'Dubois',
  'Evans',
  'Fischer',
  'Gomez',
  'Hansen',
  'Ito',
  'Jensen',
  'Kowalski',
  'Lopez',
  'Meyer',
  'Novak',
  'Olsen',
  'Patel',
  'Rossi',
  'Silva',
  'Tanaka',
  'Weber',
];
// No title may contain "Intern": that word is a planted flow failure.
const TITLES = [
  'Account Executive',
  'VP Sales',
  'Marketing Manager',
  'CFO',
  'Operations Lead',
  'Engineer',
  'Buyer',
  'CEO',
];
const CLEAN_INDUSTRIES = INDUSTRIES.filter((i) => i !== 'Biotech');
const CLEAN_SOURCES = LEAD_SOURCES.filter((s) => s !== 'Podcast');
const LONG_TITLE = `Senior Regional Director of Strategic Enterprise Partnerships, Channel Alliances and Customer Success Operations for EMEA and APAC`;

/** Emails that also belong to Contacts pre-seeded in the demo Salesforce org (duplicate rule). */
export const DUPLICATE_EMAILS = [
  'maria.garcia@northwind.example',
  'li.wei@contoso.example',
  'sam.okafor@fabrikam.example',
];

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '');

/** Writes ~100 companies, ~300 contacts and 40 deals with associations through the portal's own rules. */
export function seedDemoPortal(deps: PortalDeps): void {
  const { store } = deps;
  const rnd = seededRandom(4815162);
  const associate = (from: 'contacts' | 'deals', fromId: string, toId: string) =>
    associateRecords(deps.state(), deps.associationLimit, from, fromId, 'companies', toId);
  const create = (type: 'contacts' | 'companies' | 'deals', properties: Record<string, string>) =>
    store.write(type, [{ properties }])[0].id;

  // Companies 0..99; the planted ones sit at fixed positions so their contacts are known.
  const biotech = new Set([7, 23, 41, 66]);
  const tiered = new Set([12, 55, 90]);
  const insecure = new Set([18, 47, 83]);
  const companies: { id: string; name: string; clean: boolean }[] = [];
  for (let i = 0; i < 100; i++) {
    const name = i === 99 ? 'Test Account Sandbox Demo' : `${STEMS[i % 20]} ${SUFFIXES[Math.floor(i / 20)]}`;
    const domain = `${slug(name)}.example`;
    const properties: Record<string, string> = {
      name,
      domain: `${insecure.has(i) ? 'http' : 'https'}://${i < 20 ? `${slug(STEMS[i])}.example` : domain}`,
      industry: biotech.has(i) ? 'Biotech' : rnd.pick(CLEAN_INDUSTRIES),
      phone: `+1 555 ${String(rnd.int(100, 999))} ${String(rnd.int(1000, 9999))}`,
      city: rnd.pick(CITIES),
      numberofemployees: String(rnd.int(5, 5000)),
      annualrevenue: String(rnd.int(1, 500) * 100_000),
      description: `${name} is a demo customer of the sandbox portal.`,
    };
    if (tiered.has(i)) properties.customer_tier = rnd.pick(['Gold', 'Silver', 'Bronze']);
    const clean = !biotech.has(i) && !tiered.has(i) && !insecure.has(i) && i !== 99;
    companies.push({ id: create('companies', properties), name, clean });
  }
  const cleanCompanies = companies.filter((c) => c.clean);

  // Contacts: three per company (the Biotech ones' contacts are clean but held back by their company).
  const used = new Set<string>();
  const plantedAt = new Map<number, Record<string, string | undefined>>([
    [4, { mobilephone: '+1 555 010 0001' }],
    [9, { mobilephone: '+1 555 010 0002' }],
    [31, { mobilephone: '+1 555 010 0003' }],
    [101, { mobilephone: '+1 555 010 0004' }],
    [13, { leadsource: 'Podcast' }],
    [52, { leadsource: 'Podcast' }],
    [77, { leadsource: 'Podcast' }],
    [140, { leadsource: 'Podcast' }],
    [205, { leadsource: 'Podcast' }],
    [60, { jobtitle: LONG_TITLE }],
    [161, { jobtitle: `${LONG_TITLE} and LATAM` }],
    [88, { lastname: undefined }],
    [190, { lastname: undefined }],
    [95, { jobtitle: 'Sales Intern' }],
    [170, { jobtitle: 'Marketing Intern' }],
    [230, { jobtitle: 'Intern, Engineering' }],
  ]);
  const contactIds: string[] = [];
  for (let n = 0; n < 300; n++) {
    const planted = plantedAt.get(n);
    // The duplicates: same person, same email as a Contact already in Salesforce, at the matching company.
    const dupIndex = [3, 6, 12].indexOf(n);
    const dup = dupIndex === -1 ? undefined : DUPLICATE_EMAILS[dupIndex];
    const company = dup
      ? companies[dupIndex]
      : planted
        ? cleanCompanies[n % cleanCompanies.length]
        : companies[Math.floor(n / 3)];
    let first = rnd.pick(FIRST);
    let last = rnd.pick(LAST);
    let email = `${first}.${last}@${slug(STEMS[companies.indexOf(company) % 20])}.example`.toLowerCase();
    if (dup) {
      email = dup;
      [first, last] = dup
        .split('@')[0]
        .split('.')
        .map((s) => s[0].toUpperCase() + s.slice(1));
    }
    for (let k = 2; used.has(email); k++) email = email.replace(/(\d*)@/, `${k}@`);
    used.add(email);
    const properties: Record<string, string> = {
      firstname: first,
      lastname: last,
      email,
      phone: `+1 555 ${String(rnd.int(100, 999))} ${String(rnd.int(1000, 9999))}`,
      jobtitle: rnd.pick(TITLES),
      leadsource: rnd.pick(CLEAN_SOURCES),
    };
    for (const [key, value] of Object.entries(planted ?? {})) {
      if (value === undefined) delete properties[key];
      else properties[key] = value;
    }
    const id = create('contacts', properties);
    associate('contacts', id, company.id);
    contactIds.push(id);
  }
  seedInclusionList(deps, contactIds.slice(0, 150));

  // Deals on clean companies; amounts stay under 1,000,000 except the one planted approval lock.
  for (let d = 0; d < 40; d++) {
    const company = cleanCompanies[(d * 7) % cleanCompanies.length];
    const negative = d === 5 || d === 17 || d === 29;
    const locked = d === 33;
    const properties = {
      dealname: `${company.name} — ${rnd.pick(['Renewal', 'Expansion', 'New Business', 'Pilot'])} ${d + 1}`,
      amount: String(locked ? 1_500_000 : negative ? -rnd.int(1, 50) * 1000 : rnd.int(5, 900) * 1000),
      dealstage: locked ? 'Negotiation/Review' : rnd.pick(DEAL_STAGES),
      pipeline: 'default',
      closedate: new Date(Date.UTC(2026, rnd.int(0, 11), rnd.int(1, 28))).toISOString(),
    };
    associate('deals', create('deals', properties), company.id);
  }
  seedLeadContacts(create);
}

/**
 * The contacts a former sync linked to Salesforce Leads (lead-demo.ts): they carry the Lead's id in
 * `salesforce_id`, and their ids must be the ones the org's Leads carry in HubSpot_Id__c.
 */
function seedLeadContacts(create: (type: 'contacts', properties: Record<string, string>) => string): void {
  for (const l of DEMO_LEADS) {
    const id = create('contacts', l.contact);
    if (id !== l.crmId)
      throw new Error(
        `The demo portal gave the Lead contact id ${id}, not ${l.crmId}: keep lead-demo.ts in step`,
      );
  }
}

/** The name of the demo's static list, for trying the inclusion list (Settings → Contact rules). */
export const DEMO_LIST_NAME = 'Sync to Salesforce';

/** One static list of contacts (the first half of them), as an admin would build for an inclusion list. */
function seedInclusionList(deps: PortalDeps, members: string[]): void {
  const state = deps.state();
  const at = deps.now();
  const listId = String(state.nextListId++);
  state.lists[listId] = {
    listId,
    name: DEMO_LIST_NAME,
    objectTypeId: '0-1',
    processingType: 'MANUAL',
    listVersion: 1,
    createdAt: at,
    updatedAt: at,
    members: [],
  };
  setMembers(state.lists[listId], members, at);
}
