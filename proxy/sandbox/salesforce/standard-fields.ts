/**
 * @module The standard fields of Account, Contact and Opportunity that the demo does not map, as a real
 * org's describe lists them (Salesforce's Object Reference: names, labels, types, lengths, picklist
 * values, nillable and defaults), so an admin can map any standard field in the sandbox too. The fields
 * the demo maps (and its planted problems) stay in demo-org.ts; compound fields (BillingAddress,
 * MailingAddress) are left out: describe lists their components, which are what an API write sets.
 */
import { type FieldDef, text, typed } from './org-definition';

/** Standard picklists accept values outside their list through the API unless an admin restricts them. */
const picklist = (name: string, label: string, values: string[]): FieldDef => ({
  name,
  label,
  type: 'picklist',
  length: 255,
  nillable: true,
  picklist: { values, restricted: false },
});
/** Checkboxes are never null: false unless set. */
const checkbox = (name: string, label: string): FieldDef => ({
  name,
  label,
  type: 'boolean',
  nillable: false,
  defaultValue: false,
});
const address = (prefix: string, label: string): FieldDef[] => [
  typed(`${prefix}Street`, `${label} Street`, 'textarea', { length: 255 }),
  text(`${prefix}State`, `${label} State/Province`, 80),
  text(`${prefix}PostalCode`, `${label} Zip/Postal Code`, 20),
  text(`${prefix}Country`, `${label} Country`, 80),
  typed(`${prefix}Latitude`, `${label} Latitude`, 'double', { precision: 18, scale: 15 }),
  typed(`${prefix}Longitude`, `${label} Longitude`, 'double', { precision: 18, scale: 15 }),
];
const SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'];

/** Account fields besides Name, Website, Industry, Phone, BillingCity, NumberOfEmployees, AnnualRevenue, Description. */
export const ACCOUNT_STANDARD_FIELDS: FieldDef[] = [
  text('AccountNumber', 'Account Number', 40),
  picklist('AccountSource', 'Account Source', SOURCES),
  ...address('Billing', 'Billing'),
  typed('ShippingStreet', 'Shipping Street', 'textarea', { length: 255 }),
  text('ShippingCity', 'Shipping City', 40),
  ...address('Shipping', 'Shipping').slice(1),
  typed('Fax', 'Account Fax', 'phone', { length: 40 }),
  typed('ParentId', 'Parent Account ID', 'reference', {
    referenceTo: ['Account'],
    relationshipName: 'Parent',
  }),
  picklist('Rating', 'Account Rating', ['Hot', 'Warm', 'Cold']),
  picklist('Ownership', 'Ownership', ['Public', 'Private', 'Subsidiary', 'Other']),
  text('Sic', 'SIC Code', 20),
  text('SicDesc', 'SIC Description', 80),
  text('Site', 'Account Site', 80),
  text('TickerSymbol', 'Ticker Symbol', 20),
  picklist('Type', 'Account Type', [
    'Prospect',
    'Customer - Direct',
    'Customer - Channel',
    'Channel Partner / Reseller',
    'Installation Partner',
    'Technology Partner',
    'Other',
  ]),
  text('YearStarted', 'Year Started', 4),
  typed('LastActivityDate', 'Last Activity', 'date', { system: true }),
];

/** Contact fields besides the name, Email, Phone, MobilePhone, Title, LeadSource and AccountId. */
export const CONTACT_STANDARD_FIELDS: FieldDef[] = [
  picklist('Salutation', 'Salutation', ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.', 'Mx.']),
  typed('MailingStreet', 'Mailing Street', 'textarea', { length: 255 }),
  text('MailingCity', 'Mailing City', 40),
  ...address('Mailing', 'Mailing').slice(1),
  typed('OtherStreet', 'Other Street', 'textarea', { length: 255 }),
  text('OtherCity', 'Other City', 40),
  text('OtherState', 'Other State/Province', 80),
  text('OtherPostalCode', 'Other Zip/Postal Code', 20),
  text('OtherCountry', 'Other Country', 80),
  typed('Fax', 'Business Fax', 'phone', { length: 40 }),
  typed('HomePhone', 'Home Phone', 'phone', { length: 40 }),
  typed('OtherPhone', 'Other Phone', 'phone', { length: 40 }),
  typed('AssistantPhone', 'Asst. Phone', 'phone', { length: 40 }),
  text('AssistantName', "Assistant's Name", 40),
  text('Department', 'Department', 80),
  typed('Birthdate', 'Birthdate', 'date'),
  typed('Description', 'Contact Description', 'textarea', { length: 32000 }),
  typed('ReportsToId', 'Reports To ID', 'reference', {
    referenceTo: ['Contact'],
    relationshipName: 'ReportsTo',
  }),
  checkbox('HasOptedOutOfEmail', 'Email Opt Out'),
  checkbox('HasOptedOutOfFax', 'Fax Opt Out'),
  checkbox('DoNotCall', 'Do Not Call'),
  typed('LastActivityDate', 'Last Activity', 'date', { system: true }),
];

/** Opportunity fields besides Name, Amount, CloseDate, StageName, Probability and AccountId. */
export const OPPORTUNITY_STANDARD_FIELDS: FieldDef[] = [
  typed('Description', 'Description', 'textarea', { length: 32000 }),
  picklist('Type', 'Opportunity Type', [
    'Existing Customer - Upgrade',
    'Existing Customer - Replacement',
    'Existing Customer - Downgrade',
    'New Customer',
  ]),
  text('NextStep', 'Next Step', 255),
  picklist('LeadSource', 'Lead Source', SOURCES),
  picklist('ForecastCategoryName', 'Forecast Category', [
    'Omitted',
    'Pipeline',
    'Best Case',
    'Commit',
    'Closed',
  ]),
  checkbox('IsPrivate', 'Private'),
  typed('TotalOpportunityQuantity', 'Quantity', 'double', { precision: 18, scale: 2 }),
  // Calculated by the platform (Amount × Probability; stage flags): read-only through the API.
  typed('ExpectedRevenue', 'Expected Amount', 'currency', { precision: 18, scale: 2, system: true }),
  { ...checkbox('IsClosed', 'Closed'), system: true },
  { ...checkbox('IsWon', 'Won'), system: true },
  typed('LastActivityDate', 'Last Activity', 'date', { system: true }),
];
