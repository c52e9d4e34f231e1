import { describe, expect, it } from 'vitest';
import type { DescribeResult } from '../salesforce/adapter';
import { DEFAULT_MAPPINGS, mappingFor } from './default-mapping';
import { preflight } from './preflight';

// A describe shaped like the demo org's Contact and Account (DEMO.md), as Salesforce returns it.
const contact: DescribeResult = {
  name: 'Contact',
  fields: [
    { name: 'FirstName', type: 'string', length: 40, nillable: true, createable: true, updateable: true },
    { name: 'LastName', type: 'string', length: 80, nillable: false, createable: true, updateable: true },
    { name: 'Email', type: 'email', length: 80, nillable: true, createable: true, updateable: true },
    { name: 'Phone', type: 'phone', length: 40, nillable: true, createable: true, updateable: true },
    { name: 'MobilePhone', type: 'phone', length: 40, nillable: true, createable: false, updateable: false },
    { name: 'Title', type: 'string', length: 128, nillable: true, createable: true, updateable: true },
    {
      name: 'LeadSource',
      type: 'picklist',
      nillable: true,
      createable: true,
      updateable: true,
      restrictedPicklist: true,
      picklistValues: [
        { value: 'Web', active: true },
        { value: 'Other', active: true },
      ],
    },
  ],
};
const account: DescribeResult = {
  name: 'Account',
  fields: [
    { name: 'Name', type: 'string', length: 255, nillable: false, createable: true, updateable: true },
    { name: 'NumberOfEmployees', type: 'int', digits: 8, nillable: true, createable: true, updateable: true },
    {
      name: 'AnnualRevenue',
      type: 'currency',
      precision: 18,
      scale: 2,
      nillable: true,
      createable: true,
      updateable: true,
    },
  ],
};
const contacts = mappingFor(DEFAULT_MAPPINGS, 'contacts');
const companies = mappingFor(DEFAULT_MAPPINGS, 'companies');

describe('preflight', () => {
  it('builds the Salesforce body of a clean contact with converted values and no issues', () => {
    const r = preflight(
      contacts,
      contact,
      { firstname: 'Ada', lastname: 'Byron', email: 'ada@x.example', leadsource: 'Web' },
      true,
    );
    expect(r.issues).toEqual([]);
    expect(r.body).toEqual({
      FirstName: 'Ada',
      LastName: 'Byron',
      Email: 'ada@x.example',
      LeadSource: 'Web',
    });
  });

  it.each([
    [{ lastname: 'A', leadsource: 'Podcast' }, 'picklist-value', 'LeadSource'],
    [{ lastname: 'A', mobilephone: '+1 555' }, 'field-not-writable', 'MobilePhone'],
    [{ lastname: 'A', jobtitle: 'x'.repeat(129) }, 'too-long', 'Title'],
    [{ lastname: 'A', email: 'not-an-email' }, 'invalid-email', 'Email'],
    [{ lastname: '' }, 'required-missing', 'LastName'],
  ])('reports %o as %s on %s', (props, kind, field) => {
    const r = preflight(contacts, contact, props, true);
    expect(r.issues).toMatchObject([{ kind, field, sfObject: 'Contact' }]);
  });

  it('flags a mapped field missing from describe only on records that carry a value', () => {
    expect(preflight(companies, account, { name: 'Acme', customer_tier: 'Gold' }, true).issues).toMatchObject(
      [{ kind: 'field-missing', field: 'Customer_Tier__c', property: 'customer_tier', value: 'Gold' }],
    );
    expect(preflight(companies, account, { name: 'Acme', customer_tier: null }, true).issues).toEqual([]);
  });

  it('rejects numbers that are not numbers or that exceed the field precision', () => {
    const r = preflight(
      companies,
      account,
      { name: 'A', numberofemployees: 'many', annualrevenue: '1e20' },
      true,
    );
    expect(r.issues.map((i) => [i.kind, i.field])).toEqual([
      ['invalid-value', 'NumberOfEmployees'],
      ['out-of-range', 'AnnualRevenue'],
    ]);
  });
});
