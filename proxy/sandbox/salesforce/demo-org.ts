/** @module The demo org of proxy/sandbox/DEMO.md as data: its objects, the integration user's permissions and its rules. */

import { LEAD_RULES, leadObject } from './lead-definition';
import { withMergeFields } from './merge-records';
import {
  type FieldDef,
  type ObjectDef,
  type OrgDefinition,
  type OrgRule,
  text,
  typed,
} from './org-definition';
import {
  ACCOUNT_STANDARD_FIELDS,
  CONTACT_STANDARD_FIELDS,
  OPPORTUNITY_STANDARD_FIELDS,
} from './standard-fields';
import { systemFields } from './system-fields';

export const DEMO_ORG_ID = '00D5j00000DemoOEAQ';
export const INTEGRATION_USER_ID = '0055j00000IntgUAAR';

const picklist = (
  name: string,
  label: string,
  values: string[],
  extra: Partial<FieldDef> = {},
): FieldDef => ({
  name,
  label,
  type: 'picklist',
  length: 255,
  nillable: true,
  picklist: { values, restricted: true },
  ...extra,
});
const hubspotId = (): FieldDef => text('HubSpot_Id__c', 'HubSpot Id', 32, { unique: true, externalId: true });
const accountLookup = (): FieldDef =>
  typed('AccountId', 'Account ID', 'reference', { referenceTo: ['Account'], relationshipName: 'Account' });
const fullAccess = { read: true, create: true, edit: true, delete: true };

export const INDUSTRIES = [
  'Agriculture',
  'Apparel',
  'Banking',
  'Chemicals',
  'Communications',
  'Construction',
  'Consulting',
  'Education',
  'Electronics',
  'Energy',
  'Engineering',
  'Finance',
  'Healthcare',
  'Insurance',
  'Manufacturing',
  'Media',
  'Retail',
  'Technology',
  'Transportation',
  'Other',
];
const LEAD_SOURCES = [
  'Web',
  'Phone Inquiry',
  'Partner Referral',
  'Purchased List',
  'Other',
  'Advertisement',
  'Trade Show',
  'Word of mouth',
];
const STAGES = [
  'Prospecting',
  'Qualification',
  'Needs Analysis',
  'Value Proposition',
  'Proposal/Price Quote',
  'Negotiation/Review',
  'Closed Won',
  'Closed Lost',
];
const personName = (): FieldDef[] => [
  text('FirstName', 'First Name', 40),
  text('LastName', 'Last Name', 80, { nillable: false }),
  text('Name', 'Full Name', 121, { system: true, nameField: true }),
];

const objects: ObjectDef[] = [
  {
    name: 'Account',
    label: 'Account',
    labelPlural: 'Accounts',
    keyPrefix: '001',
    permission: fullAccess,
    fieldPermissions: {},
    fields: [
      ...systemFields(true),
      text('Name', 'Account Name', 255, { nillable: false, nameField: true }),
      typed('Website', 'Website', 'url', { length: 255 }),
      picklist('Industry', 'Industry', INDUSTRIES),
      typed('Phone', 'Account Phone', 'phone', { length: 40 }),
      text('BillingCity', 'Billing City', 40),
      typed('NumberOfEmployees', 'Employees', 'int', { precision: 8, scale: 0 }),
      typed('AnnualRevenue', 'Annual Revenue', 'currency', { precision: 18, scale: 2 }),
      typed('Description', 'Account Description', 'textarea', { length: 32000 }),
      ...ACCOUNT_STANDARD_FIELDS,
      hubspotId(),
    ],
  },
  {
    name: 'Contact',
    label: 'Contact',
    labelPlural: 'Contacts',
    keyPrefix: '003',
    permission: fullAccess,
    fieldPermissions: {
      MobilePhone: { readable: true, editable: false },
      Salary__c: { readable: false, editable: false },
    },
    fields: [
      ...systemFields(true),
      ...personName(),
      typed('Email', 'Email', 'email', { length: 80 }),
      typed('Phone', 'Business Phone', 'phone', { length: 40 }),
      typed('MobilePhone', 'Mobile Phone', 'phone', { length: 40 }),
      text('Title', 'Title', 128),
      picklist('LeadSource', 'Lead Source', LEAD_SOURCES),
      accountLookup(),
      typed('Salary__c', 'Salary', 'currency', { precision: 18, scale: 2 }),
      ...CONTACT_STANDARD_FIELDS,
      hubspotId(),
    ],
  },
  leadObject({ industries: INDUSTRIES, leadSources: LEAD_SOURCES }),
  {
    name: 'Opportunity',
    label: 'Opportunity',
    labelPlural: 'Opportunities',
    keyPrefix: '006',
    permission: fullAccess,
    fieldPermissions: {},
    fields: [
      ...systemFields(true),
      text('Name', 'Name', 120, { nillable: false, nameField: true }),
      typed('Amount', 'Amount', 'currency', { precision: 16, scale: 2 }),
      typed('CloseDate', 'Close Date', 'date', { nillable: false }),
      picklist('StageName', 'Stage', STAGES, { nillable: false }),
      typed('Probability', 'Probability (%)', 'percent', { precision: 3, scale: 0 }),
      accountLookup(),
      ...OPPORTUNITY_STANDARD_FIELDS,
      hubspotId(),
    ],
  },
  {
    name: 'User',
    label: 'User',
    labelPlural: 'Users',
    keyPrefix: '005',
    permission: { read: true, create: false, edit: false, delete: false },
    fieldPermissions: {},
    fields: [
      ...systemFields(false),
      ...personName(),
      text('Username', 'Username', 80, { nillable: false, unique: true }),
      typed('Email', 'Email', 'email', { length: 128, nillable: false }),
      typed('IsActive', 'Active', 'boolean', { nillable: false, defaultValue: true }),
    ],
  },
];

const rules: OrgRule[] = [
  ...LEAD_RULES,
  {
    kind: 'validation',
    name: 'Website_Must_Be_Https',
    object: 'Account',
    active: true,
    when: {
      and: [{ notBlank: 'Website' }, { not: { startsWith: 'Website', value: 'https://', ignoreCase: true } }],
    },
    message: 'Website must start with https://',
    errorField: 'Website',
  },
  {
    kind: 'validation',
    name: 'Amount_Must_Be_Positive',
    object: 'Opportunity',
    active: true,
    when: { lessThan: 'Amount', value: 0 },
    message: 'Amount must be a positive number',
  },
  {
    kind: 'duplicate',
    name: 'Standard_Contact_Duplicate_Rule',
    object: 'Contact',
    active: true,
    matchRule: 'Standard_Contact_Match_Rule_v1_1',
    matchFields: ['Email'],
    action: 'block',
    message: 'Use one of these records?',
  },
  {
    kind: 'flow',
    name: 'Contact_Onboarding',
    label: 'Contact Onboarding',
    object: 'Contact',
    active: true,
    when: { contains: 'Title', value: 'Intern', ignoreCase: true },
    detail:
      'This error occurred when the flow tried to create records: Interns are onboarded by HR, not through the integration.',
  },
  {
    kind: 'trigger',
    name: 'AccountTrigger',
    object: 'Account',
    active: true,
    events: ['insert', 'update'],
    when: { startsWith: 'Name', value: 'Test ' },
    firstError: { code: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Test accounts are not allowed' },
    line: 12,
  },
  {
    kind: 'approvalLock',
    name: 'Large_Deal_Approval',
    object: 'Opportunity',
    active: true,
    when: {
      and: [
        { equals: 'StageName', value: 'Negotiation/Review' },
        { greaterThan: 'Amount', value: 1_000_000 },
      ],
    },
  },
];

/** A fresh copy of the demo org (callers mutate it through control). */
export function demoOrgDefinition(): OrgDefinition {
  return structuredClone({
    orgId: DEMO_ORG_ID,
    orgName: 'Sync Health Demo Org',
    integrationUserId: INTEGRATION_USER_ID,
    objects: Object.fromEntries(withMergeFields(objects).map((o) => [o.name, o])),
    rules,
  });
}
