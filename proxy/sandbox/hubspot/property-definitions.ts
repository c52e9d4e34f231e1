/** @module The portal's property definitions per object type, shaped like GET /crm/v3/properties/{type}. */
import type { CrmObjectType, CrmPropertyDefinition } from '../../crm/types';

export type PortalProperty = CrmPropertyDefinition & { groupName: string; description: string };

type Option = { label: string; value: string; hidden?: boolean };

const options = (values: string[]): Option[] => values.map((v) => ({ label: v, value: v }));

function prop(
  name: string,
  label: string,
  type: string,
  fieldType: string,
  extra: Partial<PortalProperty> = {},
): PortalProperty {
  return { name, label, type, fieldType, groupName: 'information', description: '', ...extra };
}

// HubSpot maintains these on every object; integrations may read but never write them.
const readOnly = { modificationMetadata: { readOnlyValue: true } };
const system = (modifiedName: string): PortalProperty[] => [
  prop('hs_object_id', 'Record ID', 'number', 'number', readOnly),
  prop('createdate', 'Create Date', 'datetime', 'date', readOnly),
  prop(modifiedName, 'Last Modified Date', 'datetime', 'date', readOnly),
  ...(modifiedName === 'hs_lastmodifieddate'
    ? []
    : [prop('hs_lastmodifieddate', 'Object last modified date/time', 'datetime', 'date', readOnly)]),
];

// `salesforce_id` is unique so that batch upsert can use it as idProperty.
const salesforceId = prop('salesforce_id', 'Salesforce ID', 'string', 'text', { hasUniqueValue: true });

/** Industries HubSpot offers; "Biotech" is deliberately absent from the demo Salesforce org. */
export const INDUSTRIES = [
  'Agriculture',
  'Banking',
  'Biotech',
  'Communications',
  'Consulting',
  'Education',
  'Energy',
  'Finance',
  'Healthcare',
  'Insurance',
  'Manufacturing',
  'Media',
  'Retail',
  'Technology',
  'Transportation',
];

/** Lead sources; "Podcast" is deliberately absent from the demo Salesforce org. */
export const LEAD_SOURCES = [
  'Web',
  'Phone Inquiry',
  'Partner Referral',
  'Trade Show',
  'Advertisement',
  'Podcast',
];

export const DEAL_STAGES = [
  'Prospecting',
  'Qualification',
  'Needs Analysis',
  'Value Proposition',
  'Proposal/Price Quote',
  'Negotiation/Review',
  'Closed Won',
  'Closed Lost',
];

/** Fresh definitions (callers may add options, so each portal gets its own copy). */
export function defaultPropertyDefinitions(): Record<CrmObjectType, PortalProperty[]> {
  return {
    contacts: [
      ...system('lastmodifieddate'),
      prop('firstname', 'First Name', 'string', 'text'),
      prop('lastname', 'Last Name', 'string', 'text'),
      prop('email', 'Email', 'string', 'text', { hasUniqueValue: true }),
      prop('phone', 'Phone Number', 'string', 'phonenumber'),
      prop('mobilephone', 'Mobile Phone Number', 'string', 'phonenumber'),
      prop('jobtitle', 'Job Title', 'string', 'text'),
      prop('company', 'Company Name', 'string', 'text'),
      prop('leadsource', 'Lead Source', 'enumeration', 'select', { options: options(LEAD_SOURCES) }),
      prop('salary', 'Salary', 'number', 'number'),
      salesforceId,
    ],
    companies: [
      ...system('hs_lastmodifieddate'),
      prop('name', 'Company name', 'string', 'text'),
      prop('domain', 'Company Domain Name', 'string', 'text'),
      prop('industry', 'Industry', 'enumeration', 'select', { options: options(INDUSTRIES) }),
      prop('phone', 'Phone Number', 'string', 'phonenumber'),
      prop('city', 'City', 'string', 'text'),
      prop('numberofemployees', 'Number of Employees', 'number', 'number'),
      prop('annualrevenue', 'Annual Revenue', 'number', 'number'),
      prop('description', 'Description', 'string', 'textarea'),
      prop('customer_tier', 'Customer Tier', 'enumeration', 'radio', {
        options: options(['Gold', 'Silver', 'Bronze']),
      }),
      salesforceId,
    ],
    deals: [
      ...system('hs_lastmodifieddate'),
      prop('dealname', 'Deal Name', 'string', 'text'),
      prop('amount', 'Amount', 'number', 'number'),
      prop('closedate', 'Close Date', 'datetime', 'date'),
      prop('dealstage', 'Deal Stage', 'enumeration', 'radio', { options: options(DEAL_STAGES) }),
      prop('pipeline', 'Pipeline', 'enumeration', 'select', { options: options(['default']) }),
      salesforceId,
    ],
  };
}

/** Properties GET/list/search return when the caller names none, as HubSpot does. */
export const DEFAULT_RETURNED: Record<CrmObjectType, string[]> = {
  contacts: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
  companies: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
  deals: [
    'amount',
    'closedate',
    'createdate',
    'dealname',
    'dealstage',
    'hs_lastmodifieddate',
    'hs_object_id',
    'pipeline',
  ],
};
