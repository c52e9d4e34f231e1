/** @module Type conversion between HubSpot property values (strings) and Salesforce field types. */
import type { DescribeField } from '../salesforce/adapter';

export type Converted =
  | { ok: true; value: unknown }
  | { ok: false; reason: 'not-a-number' | 'not-a-date' | 'not-a-boolean' };

const TEXT_TYPES = new Set([
  'string',
  'textarea',
  'phone',
  'url',
  'email',
  'picklist',
  'multipicklist',
  'combobox',
  'id',
  'reference',
  'encryptedstring',
]);
const NUMBER_TYPES = new Set(['double', 'int', 'currency', 'percent', 'long']);

/** Salesforce types a CRM value can be written to (reference fields need a reference mapping). */
export const isConvertible = (sfType: string) =>
  (TEXT_TYPES.has(sfType) && sfType !== 'reference' && sfType !== 'id') ||
  NUMBER_TYPES.has(sfType) ||
  ['boolean', 'date', 'datetime'].includes(sfType);

/** HubSpot date properties arrive as epoch milliseconds or ISO strings. */
function toDate(v: string): Date | null {
  const d = /^\d+$/.test(v) ? new Date(Number(v)) : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A CRM value as the Salesforce field expects it; empty strings become null (clears the field). */
export function crmToSf(value: string | null | undefined, field: DescribeField): Converted {
  if (value === null || value === undefined || value === '') return { ok: true, value: null };
  if (NUMBER_TYPES.has(field.type)) {
    const n = Number(value);
    if (!Number.isFinite(n)) return { ok: false, reason: 'not-a-number' };
    return { ok: true, value: field.type === 'int' ? Math.trunc(n) : n };
  }
  if (field.type === 'boolean') {
    if (value !== 'true' && value !== 'false') return { ok: false, reason: 'not-a-boolean' };
    return { ok: true, value: value === 'true' };
  }
  if (field.type === 'date' || field.type === 'datetime') {
    const d = toDate(value);
    if (!d) return { ok: false, reason: 'not-a-date' };
    return { ok: true, value: field.type === 'date' ? d.toISOString().slice(0, 10) : d.toISOString() };
  }
  return { ok: true, value };
}

/** A Salesforce value as a HubSpot property string (null clears). */
export function sfToCrm(value: unknown, field: DescribeField): string | null {
  if (value === null || value === undefined) return null;
  if (field.type === 'date' && typeof value === 'string') return value.slice(0, 10);
  return String(value);
}
