import { describe, expect, it } from 'vitest';
import { defaultPropertyDefinitions } from '../hubspot/property-definitions';
import { demoOrgDefinition } from './demo-org';
import { describeObject } from './describe';

const describeOf = (name: string) => {
  const org = demoOrgDefinition();
  return describeObject(org, org.objects[name], '', 'v62.0');
};
const field = (object: string, name: string) => {
  const f = describeOf(object).fields.find((x) => x.name === name);
  if (!f) throw new Error(`${object}.${name} is not in the describe`);
  return f;
};

describe("the embedded org's standard fields", () => {
  it('lists Account, Contact and Opportunity standard fields the demo does not map', () => {
    const names = (o: string) => describeOf(o).fields.map((f) => f.name);
    expect(names('Account')).toEqual(
      expect.arrayContaining([
        'AccountNumber',
        'BillingStreet',
        'BillingPostalCode',
        'ShippingCity',
        'Type',
        'Rating',
        'ParentId',
      ]),
    );
    expect(names('Contact')).toEqual(
      expect.arrayContaining([
        'Salutation',
        'MailingCity',
        'Department',
        'Birthdate',
        'HasOptedOutOfEmail',
        'ReportsToId',
      ]),
    );
    expect(names('Opportunity')).toEqual(
      expect.arrayContaining([
        'Type',
        'NextStep',
        'LeadSource',
        'ForecastCategoryName',
        'IsPrivate',
        'ExpectedRevenue',
      ]),
    );
  });

  it('describes each with its type, length and permissions as Salesforce does', () => {
    expect(field('Contact', 'Department')).toMatchObject({
      type: 'string',
      length: 80,
      nillable: true,
      createable: true,
    });
    expect(field('Contact', 'Birthdate')).toMatchObject({ type: 'date', length: 0, soapType: 'xsd:date' });
    expect(field('Contact', 'MailingStreet')).toMatchObject({ type: 'textarea', length: 255 });
    expect(field('Contact', 'HasOptedOutOfEmail')).toMatchObject({
      type: 'boolean',
      nillable: false,
      defaultedOnCreate: true,
      defaultValue: false,
    });
    expect(field('Account', 'ParentId')).toMatchObject({
      type: 'reference',
      referenceTo: ['Account'],
      relationshipName: 'Parent',
    });
    expect(field('Opportunity', 'TotalOpportunityQuantity')).toMatchObject({
      type: 'double',
      precision: 18,
      scale: 2,
    });
    // Calculated by the platform: readable, never written through the API.
    expect(field('Opportunity', 'ExpectedRevenue')).toMatchObject({ createable: false, updateable: false });
  });

  it('offers the standard picklist values, unrestricted', () => {
    const type = field('Account', 'Type');
    expect(type.restrictedPicklist).toBe(false);
    expect(type.picklistValues.map((v) => v.value)).toEqual([
      'Prospect',
      'Customer - Direct',
      'Customer - Channel',
      'Channel Partner / Reseller',
      'Installation Partner',
      'Technology Partner',
      'Other',
    ]);
    expect(field('Contact', 'Salutation').picklistValues.map((v) => v.value)).toContain('Dr.');
  });

  it('names every field once per object', () => {
    for (const o of ['Account', 'Contact', 'Opportunity']) {
      const names = describeOf(o).fields.map((f) => f.name);
      expect(new Set(names).size).toBe(names.length);
    }
  });
});

describe("the portal's default properties", () => {
  it('carries HubSpot default properties with their types, field types and options', () => {
    const defs = defaultPropertyDefinitions();
    const find = (t: 'contacts' | 'companies' | 'deals', n: string) => defs[t].find((p) => p.name === n);
    expect(find('contacts', 'lifecyclestage')).toMatchObject({ type: 'enumeration', fieldType: 'radio' });
    expect(find('contacts', 'lifecyclestage')?.options?.[2]).toEqual({
      label: 'Marketing Qualified Lead',
      value: 'marketingqualifiedlead',
    });
    expect(find('contacts', 'city')).toMatchObject({ label: 'City', type: 'string', fieldType: 'text' });
    expect(find('companies', 'is_public')).toMatchObject({ type: 'bool', fieldType: 'booleancheckbox' });
    expect(find('deals', 'hs_forecast_amount')?.modificationMetadata).toEqual({ readOnlyValue: true });
    for (const t of ['contacts', 'companies', 'deals'] as const) {
      const names = defs[t].map((p) => p.name);
      expect(new Set(names).size).toBe(names.length);
    }
  });
});
