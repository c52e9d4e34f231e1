/**
 * @module Lead as the Salesforce object reference lists it (standard fields, the conversion fields set
 * only by convertLead, MasterRecordId set only by a merge) and its rules, like the Contact ones.
 */
import { type FieldDef, type ObjectDef, type OrgRule, text, typed } from './org-definition';
import { systemFields } from './system-fields';

const picklist = (name: string, label: string, values: string[], extra: Partial<FieldDef> = {}) =>
  typed(name, label, 'picklist', { length: 255, picklist: { values, restricted: true }, ...extra });
/** Set by the platform (conversion, merge): readable, never createable or updateable. */
const reference = (name: string, label: string, to: string, relationshipName: string): FieldDef =>
  typed(name, label, 'reference', { referenceTo: [to], relationshipName, system: true });

/** The converted status of the demo's Lead Status values (LeadStatus.IsConverted = true). */
export const CONVERTED_LEAD_STATUS = 'Closed - Converted';

/** The Lead object of an org, given the Industry and Lead Source values of its Account and Contact. */
export function leadObject(picklists: { industries: string[]; leadSources: string[] }): ObjectDef {
  return {
    name: 'Lead',
    label: 'Lead',
    labelPlural: 'Leads',
    keyPrefix: '00Q',
    permission: { read: true, create: true, edit: true, delete: true },
    // As on Contact: the integration user's profile may read the mobile number but not write it.
    fieldPermissions: { MobilePhone: { readable: true, editable: false } },
    fields: [
      ...systemFields(true),
      picklist('Salutation', 'Salutation', ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.']),
      text('FirstName', 'First Name', 40),
      text('LastName', 'Last Name', 80, { nillable: false }),
      text('Name', 'Full Name', 121, { system: true, nameField: true }),
      text('Title', 'Title', 128),
      text('Company', 'Company', 255, { nillable: false }),
      typed('Street', 'Street', 'textarea', { length: 255 }),
      text('City', 'City', 40),
      text('State', 'State/Province', 80),
      text('PostalCode', 'Zip/Postal Code', 20),
      text('Country', 'Country', 80),
      typed('Phone', 'Phone', 'phone', { length: 40 }),
      typed('MobilePhone', 'Mobile Phone', 'phone', { length: 40 }),
      typed('Fax', 'Fax', 'phone', { length: 40 }),
      typed('Email', 'Email', 'email', { length: 80 }),
      typed('Website', 'Website', 'url', { length: 255 }),
      typed('Description', 'Description', 'textarea', { length: 32000 }),
      picklist('LeadSource', 'Lead Source', picklists.leadSources),
      picklist(
        'Status',
        'Lead Status',
        ['Open - Not Contacted', 'Working - Contacted', CONVERTED_LEAD_STATUS, 'Closed - Not Converted'],
        { nillable: false, defaultValue: 'Open - Not Contacted' },
      ),
      picklist('Industry', 'Industry', picklists.industries),
      picklist('Rating', 'Rating', ['Hot', 'Warm', 'Cold']),
      typed('AnnualRevenue', 'Annual Revenue', 'currency', { precision: 18, scale: 0 }),
      typed('NumberOfEmployees', 'Employees', 'int', { precision: 8, scale: 0 }),
      typed('HasOptedOutOfEmail', 'Email Opt Out', 'boolean', { nillable: false, defaultValue: false }),
      typed('DoNotCall', 'Do Not Call', 'boolean', { nillable: false, defaultValue: false }),
      typed('IsConverted', 'Converted', 'boolean', { nillable: false, system: true }),
      typed('ConvertedDate', 'Converted Date', 'date', { system: true }),
      reference('ConvertedAccountId', 'Converted Account ID', 'Account', 'ConvertedAccount'),
      reference('ConvertedContactId', 'Converted Contact ID', 'Contact', 'ConvertedContact'),
      reference('ConvertedOpportunityId', 'Converted Opportunity ID', 'Opportunity', 'ConvertedOpportunity'),
      reference('MasterRecordId', 'Master Record ID', 'Lead', 'MasterRecord'),
      // Not unique on purpose: an upsert on it can match several records (HTTP 300).
      text('Legacy_Id__c', 'Legacy Id', 40, { externalId: true }),
      text('HubSpot_Id__c', 'HubSpot Id', 32, { unique: true, externalId: true }),
    ],
  };
}

/** Lead's rules, shaped like the Contact ones so every category can also appear on a Lead. */
export const LEAD_RULES: OrgRule[] = [
  {
    kind: 'validation',
    name: 'Lead_Company_Not_Placeholder',
    object: 'Lead',
    active: true,
    when: {
      or: [
        { equals: 'Company', value: 'Unknown' },
        { equals: 'Company', value: 'N/A' },
      ],
    },
    message: 'Enter the Company the lead works for, not a placeholder',
    errorField: 'Company',
  },
  {
    kind: 'duplicate',
    name: 'Standard_Lead_Duplicate_Rule',
    object: 'Lead',
    active: true,
    matchRule: 'Standard_Lead_Match_Rule_v1_0',
    matchFields: ['Email'],
    action: 'block',
    message: 'Use one of these records?',
  },
  {
    kind: 'flow',
    name: 'Lead_Assignment',
    label: 'Lead Assignment',
    object: 'Lead',
    active: true,
    when: { contains: 'Title', value: 'Student', ignoreCase: true },
    detail: 'This error occurred when the flow tried to update records: Students are not assigned to sales.',
  },
  {
    // A hot lead being worked waits for a manager's approval: locked, as an approval process locks it.
    kind: 'approvalLock',
    name: 'Lead_Qualification_Approval',
    object: 'Lead',
    active: true,
    when: {
      and: [
        { equals: 'Status', value: 'Working - Contacted' },
        { equals: 'Rating', value: 'Hot' },
      ],
    },
  },
];
