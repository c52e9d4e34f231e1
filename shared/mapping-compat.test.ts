import { describe, expect, it } from 'vitest';
import { mappingSetSchema } from './api/mappings';
import { allowedDirections, compatibility, typesCompatible } from './mapping-compat';

const editable = { createable: true, updateable: true };

describe('mapping compatibility', () => {
  it.each([
    ['string', 'string'],
    ['string', 'textarea'],
    ['enumeration', 'picklist'],
    ['bool', 'boolean'],
    ['number', 'currency'],
    ['datetime', 'date'],
    ['phone_number', 'phone'],
  ])('lets a %s property fill a %s field', (prop, field) => {
    expect(typesCompatible({ type: prop }, { type: field, ...editable })).toEqual({ ok: true });
  });

  it('says in words why a text property cannot fill a date field', () => {
    expect(typesCompatible({ type: 'string' }, { type: 'date', ...editable })).toEqual({
      ok: false,
      why: 'A text property cannot fill a Date field (it takes date or date and time properties)',
    });
  });

  it('keeps lookups to association mappings', () => {
    const c = typesCompatible({ type: 'string' }, { type: 'reference', ...editable });
    expect(c.ok).toBe(false);
    expect(c.ok || c.why).toMatch(/fills them from associations/);
  });

  it('offers only "Always use Salesforce" for a field the integration user cannot edit', () => {
    expect(
      allowedDirections({ type: 'string' }, { type: 'string', createable: false, updateable: false }),
    ).toEqual(['sf-to-crm']);
  });

  it('offers only "HubSpot → Salesforce" for a property HubSpot calculates', () => {
    expect(allowedDirections({ type: 'number', readOnly: true }, { type: 'double', ...editable })).toEqual([
      'crm-to-sf',
    ]);
  });

  it('refuses a pair where both sides are read-only, saying so', () => {
    const c = compatibility(
      { type: 'number', readOnly: true },
      { type: 'double', createable: false, updateable: false },
    );
    expect(c).toEqual({ ok: false, why: expect.stringMatching(/Both are read-only/) });
  });
});

describe('the mapping model as data', () => {
  const pair = {
    crmType: 'contacts',
    sfObject: 'Contact',
    externalId: 'HubSpot_Id__c',
    nameFrom: ['email'],
    fields: [{ crm: 'city', sf: 'MailingCity', direction: 'prefer-sf' }],
    references: [],
  };

  it('takes a pair with each of the four directions, and the CRM id property defaults to salesforce_id', () => {
    for (const direction of ['two-way', 'crm-to-sf', 'sf-to-crm', 'prefer-sf']) {
      const parsed = mappingSetSchema.parse([{ ...pair, fields: [{ ...pair.fields[0], direction }] }]);
      expect(parsed[0]).toMatchObject({ crmIdProperty: 'salesforce_id', fields: [{ direction }] });
    }
  });

  it('refuses an unknown direction, listing the valid ones', () => {
    const r = mappingSetSchema.safeParse([
      { ...pair, fields: [{ ...pair.fields[0], direction: 'one-way' }] },
    ]);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toBe('must be one of: two-way, crm-to-sf, sf-to-crm, prefer-sf');
  });

  it('refuses a Salesforce name that is not an API name', () => {
    const r = mappingSetSchema.safeParse([{ ...pair, sfObject: 'Contact; DROP' }]);
    expect(r.error?.issues[0].path).toEqual([0, 'sfObject']);
  });
});
