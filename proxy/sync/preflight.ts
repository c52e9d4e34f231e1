/**
 * @module Preflight: what Salesforce's cached describe already says will fail, found without an API call.
 * Only what describe cannot know (validation rules, flows, triggers, duplicate rules, unique values)
 * is left to Salesforce to reject.
 */
import type { DescribeField, DescribeResult } from '../salesforce/adapter';
import { crmToSf, isConvertible } from './convert-value';
import type { ObjectMapping } from './default-mapping';

export type PreflightKind =
  | 'picklist-value'
  | 'field-not-writable'
  | 'field-missing'
  | 'type-mismatch'
  | 'too-long'
  | 'invalid-email'
  | 'out-of-range'
  | 'required-missing'
  | 'invalid-value';

export interface PreflightIssue {
  kind: PreflightKind;
  sfObject: string;
  /** The Salesforce field and the CRM property involved. */
  field: string;
  property: string;
  value: string | null;
  /** Extra facts for the message: the max length, the allowed values, the field type. */
  detail?: Record<string, unknown>;
}

export interface PreflightResult {
  /** The Salesforce record body (mapped fields only; references added by the engine). */
  body: Record<string, unknown>;
  issues: PreflightIssue[];
}

// Deliberately loose: Salesforce's own check is stricter, this only catches the clearly broken.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const writable = (f: DescribeField, creating: boolean) => (creating ? f.createable : f.updateable) !== false;

function numberFits(n: number, f: DescribeField): boolean {
  if (f.type === 'int') return Math.abs(n) < 10 ** (f.digits || 9);
  if (f.precision) return Math.abs(n) < 10 ** (f.precision - (f.scale ?? 0));
  return true;
}

/** Checks one CRM record against the mapping and the object's describe. */
export function preflight(
  mapping: ObjectMapping,
  describe: DescribeResult,
  props: Record<string, string | null>,
  creating: boolean,
): PreflightResult {
  const fields = new Map(describe.fields.map((f) => [f.name, f]));
  const body: Record<string, unknown> = {};
  const issues: PreflightIssue[] = [];
  const issue = (
    kind: PreflightKind,
    field: string,
    property: string,
    value: string | null,
    detail?: Record<string, unknown>,
  ) => issues.push({ kind, sfObject: mapping.sfObject, field, property, value, detail });

  for (const m of mapping.fields) {
    if (m.direction === 'sf-to-crm') continue;
    const raw = props[m.crm] ?? null;
    const f = fields.get(m.sf);
    const empty = raw === null || raw === '';
    // A broken mapping only matters for records that carry a value for it.
    if (!f) {
      if (!empty) issue('field-missing', m.sf, m.crm, raw);
      continue;
    }
    if (!isConvertible(f.type)) {
      if (!empty) issue('type-mismatch', m.sf, m.crm, raw, { sfType: f.type });
      continue;
    }
    if (empty) {
      const required = f.nillable === false && f.type !== 'boolean' && (!creating || !f.defaultedOnCreate);
      if (required && writable(f, creating)) issue('required-missing', m.sf, m.crm, null);
      // A blank CRM value never clears Salesforce's under "Prefer Salesforce unless blank".
      else if (writable(f, creating) && !creating && m.direction !== 'prefer-sf') body[m.sf] = null;
      continue;
    }
    if (!writable(f, creating)) {
      issue('field-not-writable', m.sf, m.crm, raw, { operation: creating ? 'create' : 'update' });
      continue;
    }
    const converted = crmToSf(raw, f);
    if (!converted.ok) {
      issue('invalid-value', m.sf, m.crm, raw, { reason: converted.reason, sfType: f.type });
      continue;
    }
    const v = converted.value;
    if (f.type === 'picklist' && f.restrictedPicklist) {
      const allowed = (f.picklistValues ?? []).filter((p) => p.active).map((p) => p.value);
      if (!allowed.includes(String(v))) {
        issue('picklist-value', m.sf, m.crm, raw, { allowed });
        continue;
      }
    }
    if (typeof v === 'string' && f.length && v.length > f.length) {
      issue('too-long', m.sf, m.crm, raw, { maxLength: f.length, length: v.length });
      continue;
    }
    if (f.type === 'email' && !EMAIL.test(String(v))) {
      issue('invalid-email', m.sf, m.crm, raw);
      continue;
    }
    if (typeof v === 'number' && !numberFits(v, f)) {
      issue('out-of-range', m.sf, m.crm, raw, { precision: f.precision, scale: f.scale });
      continue;
    }
    body[m.sf] = v;
  }
  return { body, issues };
}
