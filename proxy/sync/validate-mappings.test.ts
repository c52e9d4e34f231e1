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
    expect(problems[0].message).toMatch(/filled by an association mapping/);
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

describe("what the mappings check says, in an admin's words", () => {
  const contact: DescribeResult = {
    name: 'Contact',
    label: 'Contact',
    fields: [
      { name: 'HubSpot_Id__c', label: 'HubSpot Id', type: 'string', externalId: true },
      { name: 'MobilePhone', label: 'Mobile Phone', type: 'phone', createable: false, updateable: false },
      { name: 'Email', label: 'Email', type: 'email', createable: true, updateable: true },
    ],
  };
  const contactProps = [
    { name: 'mobilephone', label: 'Mobile phone number', type: 'string', fieldType: 'text' },
    { name: 'email', label: 'Email', type: 'string', fieldType: 'text' },
    { name: 'hs_birthday', label: 'Birthday', type: 'date', fieldType: 'date' },
  ];
  const mapping = (fields: { crm: string; sf: string }[]) => [
    {
      ...mappingFor(DEFAULT_MAPPINGS, 'contacts'),
      references: [],
      fields: fields.map((f) => ({ ...f, direction: 'crm-to-sf' as const })),
    },
  ];
  const messages = (fields: { crm: string; sf: string }[]) =>
    validateMappings(
      mapping(fields),
      new Map([['Contact', contact]]),
      new Map([['contacts', contactProps]]),
    ).map((p) => p.message);

  it('names a field the integration user cannot edit by its label, with the API name as the Setup hint in brackets', () => {
    expect(messages([{ crm: 'mobilephone', sf: 'MobilePhone' }])).toEqual([
      `The integration user cannot edit Contact's Mobile Phone field (MobilePhone): grant Edit on the field, or set the mapping's direction to "Always use Salesforce"`,
    ]);
  });

  it('names a missing field by the words of its API name, and the HubSpot property by its label', () => {
    expect(messages([{ crm: 'mobilephone', sf: 'Customer_Tier__c' }])).toEqual([
      `Contact's Customer Tier field (Customer_Tier__c) does not exist or is hidden from the integration user: create the field or give the integration user access to it, or remove its mapping from the HubSpot property "Mobile phone number"`,
    ]);
  });

  it('says what kind of value a property holds that the field cannot take, without type codes', () => {
    const [message] = messages([{ crm: 'hs_birthday', sf: 'Email' }]);
    expect(message).toBe(
      `The HubSpot property "Birthday" holds date values, which cannot be written to Contact's Email field: map the property to a field of a matching type`,
    );
  });

  it('names a missing HubSpot property by the object an admin knows', () => {
    expect(messages([{ crm: 'lifecyclestage', sf: 'Email' }])).toEqual([
      `HubSpot contact records have no property "lifecyclestage": create it in HubSpot, or remove its mapping to Contact's Email field`,
    ]);
  });

  it('never names a field as Object.Field', () => {
    const all = messages([
      { crm: 'mobilephone', sf: 'MobilePhone' },
      { crm: 'email', sf: 'Nope__c' },
      { crm: 'hs_birthday', sf: 'Email' },
    ]);
    expect(all).toHaveLength(3);
    for (const m of all) expect(m).not.toMatch(/\bContact\.\w/);
  });
});
