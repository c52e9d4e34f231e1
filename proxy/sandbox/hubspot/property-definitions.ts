/** @module The portal's property definitions per object type, shaped like GET /crm/v3/properties/{type}. */
import type { CrmObjectType, CrmPropertyDefinition } from '../../crm/types';

export type PortalProperty = CrmPropertyDefinition & { groupName: string; description: string };

type Option = { label: string; value: string; hidden?: boolean };

const options = (values: string[]): Option[] => values.map((v) => ({ label: v, value: v }));
/** Options whose internal value differs from the label, as HubSpot's own properties have them. */
const labelled = (pairs: [value: string, label: string][]): Option[] =>
  pairs.map(([value, label]) => ({ label, value }));
const yesNo: Option[] = labelled([
  ['true', 'Yes'],
  ['false', 'No'],
]);

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
  // The ids a merge folded into this record, separated by ";" (HubSpot: hs_merged_object_ids).
  prop('hs_merged_object_ids', 'Merged record IDs', 'string', 'text', readOnly),
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

const LIFECYCLE_STAGES = labelled([
  ['subscriber', 'Subscriber'],
  ['lead', 'Lead'],
  ['marketingqualifiedlead', 'Marketing Qualified Lead'],
  ['salesqualifiedlead', 'Sales Qualified Lead'],
  ['opportunity', 'Opportunity'],
  ['customer', 'Customer'],
  ['evangelist', 'Evangelist'],
  ['other', 'Other'],
]);
const LEAD_STATUSES = labelled([
  ['NEW', 'New'],
  ['OPEN', 'Open'],
  ['IN_PROGRESS', 'In Progress'],
  ['OPEN_DEAL', 'Open Deal'],
  ['UNQUALIFIED', 'Unqualified'],
  ['ATTEMPTED_TO_CONTACT', 'Attempted to Contact'],
  ['CONNECTED', 'Connected'],
  ['BAD_TIMING', 'Bad Timing'],
]);
const address = (): PortalProperty[] => [
  prop('address', 'Street Address', 'string', 'text'),
  prop('state', 'State/Region', 'string', 'text'),
  prop('zip', 'Postal Code', 'string', 'text'),
  prop('country', 'Country/Region', 'string', 'text'),
];

/**
 * HubSpot's default properties the demo does not map (names, labels, types and field types as
 * GET /crm/v3/properties/{type} answers them), so an admin can map them in the sandbox too.
 */
function defaultProperties(type: CrmObjectType): PortalProperty[] {
  if (type === 'contacts')
    return [
      prop('salutation', 'Salutation', 'string', 'text'),
      ...address(),
      prop('city', 'City', 'string', 'text'),
      prop('website', 'Website URL', 'string', 'text'),
      prop('fax', 'Fax Number', 'string', 'text'),
      prop('work_email', 'Work email', 'string', 'text'),
      prop('date_of_birth', 'Date of birth', 'string', 'text'),
      prop('message', 'Message', 'string', 'textarea'),
      prop('lifecyclestage', 'Lifecycle Stage', 'enumeration', 'radio', { options: LIFECYCLE_STAGES }),
      prop('hs_lead_status', 'Lead Status', 'enumeration', 'radio', { options: LEAD_STATUSES }),
      prop('closedate', 'Close Date', 'datetime', 'date'),
      prop('hs_email_optout', 'Unsubscribed from all email', 'bool', 'booleancheckbox', {
        options: yesNo,
        ...readOnly,
      }),
      prop('notes_last_updated', 'Last Activity Date', 'datetime', 'date', readOnly),
    ];
  if (type === 'companies')
    return [
      ...address(),
      prop('address2', 'Street Address 2', 'string', 'text'),
      prop('website', 'Website URL', 'string', 'text'),
      prop('type', 'Type', 'enumeration', 'select', {
        options: labelled([
          ['PROSPECT', 'Prospect'],
          ['PARTNER', 'Partner'],
          ['RESELLER', 'Reseller'],
          ['VENDOR', 'Vendor'],
          ['OTHER', 'Other'],
        ]),
      }),
      prop('lifecyclestage', 'Lifecycle Stage', 'enumeration', 'radio', { options: LIFECYCLE_STAGES }),
      prop('hs_lead_status', 'Lead Status', 'enumeration', 'radio', { options: LEAD_STATUSES }),
      prop('founded_year', 'Year Founded', 'string', 'text'),
      prop('is_public', 'Is Public', 'bool', 'booleancheckbox', { options: yesNo }),
      prop('about_us', 'About Us', 'string', 'textarea'),
      prop('linkedin_company_page', 'LinkedIn Company Page', 'string', 'text'),
      prop('twitterhandle', 'Twitter Handle', 'string', 'text'),
      prop('total_money_raised', 'Total Money Raised', 'string', 'text'),
      prop('notes_last_updated', 'Last Activity Date', 'datetime', 'date', readOnly),
    ];
  return [
    prop('description', 'Deal Description', 'string', 'textarea'),
    prop('dealtype', 'Deal Type', 'enumeration', 'radio', {
      options: labelled([
        ['newbusiness', 'New Business'],
        ['existingbusiness', 'Existing Business'],
      ]),
    }),
    prop('hs_priority', 'Priority', 'enumeration', 'select', {
      options: labelled([
        ['low', 'Low'],
        ['medium', 'Medium'],
        ['high', 'High'],
      ]),
    }),
    prop('hs_next_step', 'Next step', 'string', 'textarea'),
    prop('closed_lost_reason', 'Closed Lost Reason', 'string', 'textarea'),
    prop('closed_won_reason', 'Closed Won Reason', 'string', 'textarea'),
    prop('hs_forecast_probability', 'Forecast probability', 'number', 'number'),
    // Calculated by HubSpot: readable, never written by an integration.
    prop('hs_forecast_amount', 'Forecast amount', 'number', 'number', readOnly),
    prop('hs_deal_stage_probability', 'Deal probability', 'number', 'number', readOnly),
    prop('hs_is_closed', 'Is Deal Closed?', 'bool', 'booleancheckbox', { options: yesNo, ...readOnly }),
    prop('notes_last_updated', 'Last Activity Date', 'datetime', 'date', readOnly),
  ];
}

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
      ...defaultProperties('contacts'),
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
      ...defaultProperties('companies'),
      salesforceId,
    ],
    deals: [
      ...system('hs_lastmodifieddate'),
      prop('dealname', 'Deal Name', 'string', 'text'),
      prop('amount', 'Amount', 'number', 'number'),
      prop('closedate', 'Close Date', 'datetime', 'date'),
      prop('dealstage', 'Deal Stage', 'enumeration', 'radio', { options: options(DEAL_STAGES) }),
      prop('pipeline', 'Pipeline', 'enumeration', 'select', { options: options(['default']) }),
      ...defaultProperties('deals'),
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
