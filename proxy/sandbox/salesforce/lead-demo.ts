/**
 * @module The demo's Leads that an earlier sync left behind (DEMO.md, "Leads"): each is a Salesforce Lead
 * carrying its CRM contact's id in HubSpot_Id__c, and the CRM contact carries the Lead's id in
 * `salesforce_id`, as a portal that synced with "create as Leads" before holds them. Since then the CRM
 * contact changed in a way Salesforce refuses on the Lead, one category each, so the default demo
 * (new contacts created as Contacts) shows Lead errors too. Both seeds read this one list, so the ids agree.
 */
import { idChecksum } from '../../../shared/salesforce-id';

/** A Lead's 18-character id from the fixed 15-character body used in the demo seed. */
const leadId = (n: number) => {
  const id15 = `00Q5j00000Ld${String(n).padStart(3, '0')}`;
  return id15 + idChecksum(id15);
};

export interface DemoLead {
  /** Which category the CRM contact's change meets on the Lead. */
  category: 'custom-code' | 'picklists' | 'permissions' | 'property-values' | 'duplicates' | 'other';
  leadId: string;
  /** The CRM contact's id: the portal's contact ids are sequential, these come after its 300 others. */
  crmId: string;
  /** The Lead as the earlier sync left it (with the org's own Status and Rating). */
  lead: Record<string, string>;
  /** The CRM contact now: the Lead's values, with the change that Salesforce refuses. */
  contact: Record<string, string>;
}

const LONG_TITLE =
  'Head of Regional Procurement Programs, Supplier Diversity and Sustainable Sourcing Initiatives for North America, Europe and the Middle East';

/** The person behind each Lead, then what changed in the CRM. */
const PEOPLE: Array<{
  category: DemoLead['category'];
  first: string;
  last: string;
  company: string;
  title: string;
  /** Fields of the Lead only (Status, Rating), set in Salesforce. */
  lead?: Record<string, string>;
  change: Record<string, string>;
}> = [
  // Validation rule Lead_Company_Not_Placeholder.
  {
    category: 'custom-code',
    first: 'Hanna',
    last: 'Lindqvist',
    company: 'Lindqvist Bakery',
    title: 'Owner',
    change: { company: 'Unknown' },
  },
  // Flow Lead_Assignment refuses students.
  {
    category: 'custom-code',
    first: 'Mateo',
    last: 'Herrera',
    company: 'Herrera Freight',
    title: 'Dispatcher',
    change: { jobtitle: 'Graduate Student' },
  },
  // Lead.LeadSource is restricted: no "Podcast".
  {
    category: 'picklists',
    first: 'Yuki',
    last: 'Sato',
    company: 'Sato Ceramics',
    title: 'Buyer',
    change: { leadsource: 'Podcast' },
  },
  // Lead.MobilePhone is read-only for the integration user.
  {
    category: 'permissions',
    first: 'Oskar',
    last: 'Nowak',
    company: 'Nowak Builders',
    title: 'Site Manager',
    change: { mobilephone: '+1 555 020 0001' },
  },
  // Lead.Title holds 128 characters.
  {
    category: 'property-values',
    first: 'Amara',
    last: 'Eze',
    company: 'Eze Imports',
    title: 'Procurement Lead',
    change: { jobtitle: LONG_TITLE },
  },
  // The new email is another Lead's (DUPLICATE_LEAD below): Standard_Lead_Duplicate_Rule blocks it.
  {
    category: 'duplicates',
    first: 'Felix',
    last: 'Brandt',
    company: 'Brandt Optics',
    title: 'CTO',
    change: { email: 'f.brandt@brandtoptics.example' },
  },
  // Lead_Qualification_Approval locks a hot lead in "Working - Contacted".
  {
    category: 'other',
    first: 'Leila',
    last: 'Rahimi',
    company: 'Rahimi Textiles',
    title: 'COO',
    lead: { Status: 'Working - Contacted', Rating: 'Hot' },
    change: { phone: '+1 555 020 0002' },
  },
];

/** The first CRM contact id after the portal's 300 seeded contacts (its ids start at 51001). */
export const FIRST_DEMO_LEAD_CRM_ID = 51301;

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

export const DEMO_LEADS: DemoLead[] = PEOPLE.map((p, i) => {
  const crmId = String(FIRST_DEMO_LEAD_CRM_ID + i);
  const email = `${slug(p.first)}.${slug(p.last)}@${slug(p.company)}.example`;
  const phone = `+1 555 030 ${String(i + 1).padStart(4, '0')}`;
  return {
    category: p.category,
    leadId: leadId(i + 1),
    crmId,
    lead: {
      FirstName: p.first,
      LastName: p.last,
      Company: p.company,
      Title: p.title,
      Email: email,
      Phone: phone,
      LeadSource: 'Web',
      HubSpot_Id__c: crmId,
      ...p.lead,
    },
    contact: {
      firstname: p.first,
      lastname: p.last,
      company: p.company,
      jobtitle: p.title,
      email,
      phone,
      leadsource: 'Web',
      salesforce_id: leadId(i + 1),
      ...p.change,
    },
  };
});

/** The Lead already holding the email one demo contact changes to: the same person, entered twice. */
export const DUPLICATE_LEAD = {
  FirstName: 'Felix',
  LastName: 'Brandt',
  Company: 'Brandt Optics GmbH',
  Email: 'f.brandt@brandtoptics.example',
  LeadSource: 'Trade Show',
};
