import { describe, expect, it } from 'vitest';
import { coerceFieldValue } from './field-values';
import type { FieldDef } from './org-definition';

const field = (extra: Partial<FieldDef>): FieldDef => ({
  name: 'F__c',
  label: 'F',
  type: 'string',
  nillable: true,
  ...extra,
});

describe('coerceFieldValue', () => {
  it('stores an empty string as null', () => {
    expect(coerceFieldValue(field({ length: 10 }), '')).toEqual({ ok: true, value: null });
  });

  it('accepts text exactly at the field length and refuses one character more', () => {
    expect(coerceFieldValue(field({ length: 3 }), 'abc').ok).toBe(true);
    expect(coerceFieldValue(field({ length: 3 }), 'abcd')).toMatchObject({
      ok: false,
      error: {
        statusCode: 'STRING_TOO_LONG',
        message: 'F: data value too large: abcd (max length=3)',
        fields: ['F__c'],
      },
    });
  });

  it('rounds to the scale and checks the integer digits against precision minus scale', () => {
    const money = field({ type: 'currency', precision: 5, scale: 2 });
    expect(coerceFieldValue(money, 999.994)).toEqual({ ok: true, value: 999.99 });
    expect(coerceFieldValue(money, 1000)).toMatchObject({
      ok: false,
      error: { statusCode: 'NUMBER_OUTSIDE_VALID_RANGE' },
    });
    expect(coerceFieldValue(money, -999.5)).toEqual({ ok: true, value: -999.5 });
  });

  it.each([
    [{ type: 'int' as const, precision: 8 }, 1.5],
    [{ type: 'double' as const }, 'abc'],
    [{ type: 'boolean' as const }, 'yes'],
    [{ type: 'date' as const }, '2026-02-30x'],
    [{ type: 'datetime' as const }, 'yesterday'],
  ])('refuses a value of the wrong type (%o, %s)', (extra, value) => {
    expect(coerceFieldValue(field(extra), value)).toMatchObject({
      ok: false,
      error: { statusCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD' },
    });
  });

  it('normalises a datetime to the form the API returns', () => {
    expect(coerceFieldValue(field({ type: 'datetime' }), '2026-01-02T03:04:05+0100')).toEqual({
      ok: true,
      value: '2026-01-02T02:04:05.000+0000',
    });
  });

  it('refuses a value missing from a restricted picklist but not from an open one', () => {
    const values = ['A', 'B'];
    expect(
      coerceFieldValue(field({ type: 'picklist', picklist: { values, restricted: false } }), 'C').ok,
    ).toBe(true);
    expect(
      coerceFieldValue(field({ type: 'picklist', picklist: { values, restricted: true } }), 'C'),
    ).toMatchObject({
      ok: false,
      error: {
        statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        message: 'F: bad value for restricted picklist field: C',
      },
    });
  });

  it('refuses an email without a domain', () => {
    expect(coerceFieldValue(field({ type: 'email', length: 80 }), 'ann@')).toMatchObject({
      ok: false,
      error: { statusCode: 'INVALID_EMAIL_ADDRESS', message: 'F: invalid email address: ann@' },
    });
  });
});
