import { describe, expect, it } from 'vitest';
import type { DescribeResult } from '../salesforce/adapter';
import { DEFAULT_MAPPINGS, mappingFor } from './default-mapping';
import { validateMappings } from './validate-mappings';

const account: DescribeResult = {
  name: 'Account',
  fields: [
    { name: 'HubSpot_Id__c', type: 'string', externalId: true, createable: true, updateable: true },
    { name: 'Name', type: 'string', createable: true, updateable: true },
    { name: 'Website', type: 'url', createable: true, updateable: true },
    { name: 'Industry', type: 'picklist', createable: true, updateable: true },
    { name: 'Phone', type: 'phone', createable: true, updateable: true },
    { name: 'BillingCity', type: 'string', createable: true, updateable: true },
    { name: 'NumberOfEmployees', type: 'reference', createable: true, updateable: true },
    { name: 'AnnualRevenue', type: 'currency', createable: false, updateable: false },
    { name: 'Description', type: 'textarea', createable: true, updateable: true },
  ],
};
const prop = (name: string, type: string) => ({ name, label: name, type, fieldType: 'text' });
const companyProps = [
  prop('name', 'string'),
  prop('domain', 'string'),
  prop('industry', 'enumeration'),
  prop('phone', 'string'),
  prop('city', 'string'),
  prop('numberofemployees', 'number'),
  prop('annualrevenue', 'number'),
  prop('customer_tier', 'enumeration'),
];

describe('validateMappings', () => {
  it('reports each broken company mapping with what to change', () => {
    const problems = validateMappings(
      [mappingFor(DEFAULT_MAPPINGS, 'companies')],
      new Map([['Account', account]]),
      new Map([['companies', companyProps]]),
    );
    expect(problems.map((p) => [p.property, p.problem])).toEqual([
      ['numberofemployees', 'type-mismatch'],
      ['annualrevenue', 'not-writable'],
      ['description', 'property-missing'],
      ['customer_tier', 'field-missing'],
    ]);
    expect(problems[0].message).toMatch(/reference mapping/);
  });

  it('reports a missing external id field', () => {
    const bare = { ...account, fields: account.fields.filter((f) => f.name !== 'HubSpot_Id__c') };
    const problems = validateMappings(
      [mappingFor(DEFAULT_MAPPINGS, 'companies')],
      new Map([['Account', bare]]),
      new Map(),
    );
    expect(problems[0]).toMatchObject({ problem: 'external-id-missing', field: 'HubSpot_Id__c' });
  });
});
