/** @module The default mapping (proxy/sandbox/DEMO.md is its contract): object pairs, fields, directions. */
import type { MappingDirection, MappingSet } from '../../shared/api/mappings';
import type { CrmType } from '../store';

export type { MappingDirection };

/**
 * One object pair as data (the zod schema in shared/api/mappings.ts is its one definition): the CRM
 * object type and the Salesforce sObject, the external-id field and the CRM id property that link their
 * records, the fields with their directions and the references filled from associations. A new pair is
 * a new entry here (or in the saved set), not new engine code.
 */
export type ObjectMapping = MappingSet[number];
export type FieldMapping = ObjectMapping['fields'][number];
/** A Salesforce reference field filled from a CRM association, through the link table. */
export type ReferenceMapping = ObjectMapping['references'][number];

export const EXTERNAL_ID_FIELD = 'HubSpot_Id__c';
/** The CRM property that keeps the Salesforce id. */
export const SALESFORCE_ID_PROPERTY = 'salesforce_id';

/** Parents first: Accounts must exist before Contacts and Opportunities can point at them. */
export const DEFAULT_MAPPINGS: ObjectMapping[] = [
  {
    crmType: 'companies',
    sfObject: 'Account',
    externalId: EXTERNAL_ID_FIELD,
    crmIdProperty: SALESFORCE_ID_PROPERTY,
    nameFrom: ['name'],
    fields: [
      { crm: 'name', sf: 'Name', direction: 'two-way' },
      { crm: 'domain', sf: 'Website', direction: 'two-way' },
      { crm: 'industry', sf: 'Industry', direction: 'two-way' },
      { crm: 'phone', sf: 'Phone', direction: 'two-way' },
      { crm: 'city', sf: 'BillingCity', direction: 'two-way' },
      { crm: 'numberofemployees', sf: 'NumberOfEmployees', direction: 'two-way' },
      { crm: 'annualrevenue', sf: 'AnnualRevenue', direction: 'crm-to-sf' },
      { crm: 'description', sf: 'Description', direction: 'crm-to-sf' },
      { crm: 'customer_tier', sf: 'Customer_Tier__c', direction: 'crm-to-sf' },
    ],
    references: [],
  },
  {
    crmType: 'contacts',
    sfObject: 'Contact',
    externalId: EXTERNAL_ID_FIELD,
    crmIdProperty: SALESFORCE_ID_PROPERTY,
    nameFrom: ['firstname', 'lastname', 'email'],
    fields: [
      { crm: 'firstname', sf: 'FirstName', direction: 'two-way' },
      { crm: 'lastname', sf: 'LastName', direction: 'two-way' },
      { crm: 'email', sf: 'Email', direction: 'two-way' },
      { crm: 'phone', sf: 'Phone', direction: 'two-way' },
      { crm: 'mobilephone', sf: 'MobilePhone', direction: 'crm-to-sf' },
      { crm: 'jobtitle', sf: 'Title', direction: 'two-way' },
      { crm: 'leadsource', sf: 'LeadSource', direction: 'crm-to-sf' },
    ],
    references: [{ sf: 'AccountId', to: 'companies' }],
  },
  {
    crmType: 'deals',
    sfObject: 'Opportunity',
    externalId: EXTERNAL_ID_FIELD,
    crmIdProperty: SALESFORCE_ID_PROPERTY,
    nameFrom: ['dealname'],
    fields: [
      { crm: 'dealname', sf: 'Name', direction: 'two-way' },
      { crm: 'amount', sf: 'Amount', direction: 'two-way' },
      { crm: 'closedate', sf: 'CloseDate', direction: 'two-way' },
      { crm: 'dealstage', sf: 'StageName', direction: 'two-way' },
    ],
    references: [{ sf: 'AccountId', to: 'companies' }],
  },
];

export const mappingFor = (mappings: ObjectMapping[], crmType: CrmType): ObjectMapping => {
  const m = mappings.find((x) => x.crmType === crmType);
  if (!m)
    throw new Error(
      `No mapping for CRM object "${crmType}". Mapped: ${mappings.map((x) => x.crmType).join(', ')}`,
    );
  return m;
};

/** The reference that points at the parent company (Contact.AccountId, Opportunity.AccountId). */
export const companyReference = (m: ObjectMapping) => m.references.find((r) => r.to === 'companies');

/** A record's display name from its mapped name properties. */
export function recordName(m: ObjectMapping, props: Record<string, string | null>): string | null {
  const parts = m.nameFrom.map((p) => props[p]).filter((v): v is string => Boolean(v));
  if (m.crmType === 'contacts' && parts.length > 1 && props.email) {
    const full = [props.firstname, props.lastname].filter(Boolean).join(' ');
    return full || props.email;
  }
  return parts[0] ?? null;
}
