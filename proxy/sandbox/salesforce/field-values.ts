/** @module Checks one written value against its field's type, length, format, range and picklist, as Salesforce does on save. */
import type { FieldDef } from './org-definition';
import type { SaveError } from './sf-format';

export type Coerced = { ok: true; value: unknown } | { ok: false; error: SaveError };

const TEXT_TYPES = new Set(['string', 'textarea', 'email', 'phone', 'url', 'picklist']);
const NUMBER_TYPES = new Set(['int', 'double', 'currency', 'percent']);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const fail = (field: FieldDef, statusCode: string, message: string): Coerced => ({
  ok: false,
  error: { statusCode, message, fields: [field.name] },
});
const wrongType = (field: FieldDef, value: unknown) =>
  fail(
    field,
    'INVALID_TYPE_ON_FIELD_IN_RECORD',
    `${field.label}: value not of required type: ${String(value)}`,
  );

/** The stored form of `value` for `field`, or the error Salesforce reports for it. References are checked elsewhere. */
export function coerceFieldValue(field: FieldDef, value: unknown): Coerced {
  // Salesforce stores an empty string as null.
  if (value === null || value === undefined || value === '') {
    return { ok: true, value: field.type === 'boolean' ? false : null };
  }
  if (TEXT_TYPES.has(field.type)) return coerceText(field, value);
  if (NUMBER_TYPES.has(field.type)) return coerceNumber(field, value);
  if (field.type === 'boolean') {
    if (value === true || value === 'true') return { ok: true, value: true };
    if (value === false || value === 'false') return { ok: true, value: false };
    return wrongType(field, value);
  }
  if (field.type === 'date') {
    const text = String(value);
    const valid = /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`));
    return valid ? { ok: true, value: text } : wrongType(field, value);
  }
  if (field.type === 'datetime') {
    const ms =
      typeof value === 'string' ? Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : Number.NaN;
    if (Number.isNaN(ms)) return wrongType(field, value);
    return { ok: true, value: new Date(ms).toISOString().replace('Z', '+0000') };
  }
  return { ok: true, value };
}

function coerceText(field: FieldDef, value: unknown): Coerced {
  if (typeof value === 'object') return wrongType(field, JSON.stringify(value));
  const text = String(value);
  if (field.length !== undefined && text.length > field.length) {
    return fail(
      field,
      'STRING_TOO_LONG',
      `${field.label}: data value too large: ${text} (max length=${field.length})`,
    );
  }
  if (field.type === 'email' && !EMAIL.test(text)) {
    return fail(field, 'INVALID_EMAIL_ADDRESS', `${field.label}: invalid email address: ${text}`);
  }
  // Restricted picklists compare exactly (unconfirmed whether case matters; we choose case-sensitive).
  if (field.picklist?.restricted && !field.picklist.values.includes(text)) {
    return fail(
      field,
      'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      `${field.label}: bad value for restricted picklist field: ${text}`,
    );
  }
  return { ok: true, value: text };
}

function coerceNumber(field: FieldDef, value: unknown): Coerced {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isFinite(n) || (field.type === 'int' && !Number.isInteger(n))) return wrongType(field, value);
  const scale = field.scale ?? 0;
  const integerDigits = (field.precision ?? 18) - scale;
  const rounded = Number(n.toFixed(scale));
  if (Math.abs(Math.trunc(rounded)) >= 10 ** integerDigits) {
    // The reference marks this message "unconfirmed"; we use the wording seen in Salesforce's UI.
    return fail(
      field,
      'NUMBER_OUTSIDE_VALID_RANGE',
      `${field.label}: value outside of valid range on numeric field: ${String(value)}`,
    );
  }
  return { ok: true, value: rounded };
}
