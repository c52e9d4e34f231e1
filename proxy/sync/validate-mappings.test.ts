import { describe, expect, it } from 'vitest';
import type { DescribeField, DescribeResult } from '../salesforce/adapter';
import { DEFAULT_MAPPINGS, mappingFor } from './default-mapping';
import { type MappingProblem, validateMappings } from './validate-mappings';

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

  it.each<[string, DescribeField | undefined, MappingProblem['problem']]>([
    ['hidden', undefined, 'field-missing'],
    ['not a lookup to Account', { name: 'AccountId', type: 'string' }, 'type-mismatch'],
    [
      'read-only',
      {
        name: 'AccountId',
        type: 'reference',
        referenceTo: ['Account'],
        createable: false,
        updateable: false,
      },
      'not-writable',
    ],
  ])('reports a reference field that is %s', (_, accountId, problem) => {
    const contact: DescribeResult = {
      name: 'Contact',
      fields: [
        { name: 'HubSpot_Id__c', type: 'string', externalId: true },
        ...(accountId ? [accountId] : []),
        ...mappingFor(DEFAULT_MAPPINGS, 'contacts').fields.map((f) => ({ name: f.sf, type: 'string' })),
      ],
    };
    const problems = validateMappings(DEFAULT_MAPPINGS, new Map([['Contact', contact]]), new Map());
    expect(problems.filter((p) => p.crmType === 'contacts' && p.field === 'AccountId')).toEqual([
      expect.objectContaining({ problem, scope: 'field', property: '(association → companies)' }),
    ]);
  });
});
