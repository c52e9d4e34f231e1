/**
 * @module Interim classifier with the signature of shared/classify-error.ts, used only until that module
 * lands (see classify.ts, the one import point). Delete this file when classify.ts re-exports shared.
 */

export interface ClassifyInput {
  source: 'salesforce' | 'hubspot';
  code: string;
  message: string;
  fields?: string[];
  object?: string;
  statusCode?: number;
}

export interface Classification {
  category: string | null;
  transient: boolean;
  subType: string;
  code: string;
  nestedCode?: string;
  field?: string;
  value?: string;
  rule?: string;
  rootCauseKey: string;
  summary: string;
}

const TRANSIENT = new Set([
  'UNABLE_TO_LOCK_ROW',
  'SERVER_UNAVAILABLE',
  'REQUEST_LIMIT_EXCEEDED',
  'INVALID_SESSION_ID',
  'QUERY_TIMEOUT',
  'UNKNOWN_EXCEPTION',
]);
const CATEGORY: Record<string, [string, string]> = {
  INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: ['picklists', 'restricted-picklist'],
  DUPLICATES_DETECTED: ['duplicates', 'duplicate-rule'],
  DUPLICATE_VALUE: ['duplicates', 'unique-value'],
  FIELD_CUSTOM_VALIDATION_EXCEPTION: ['custom-code', 'validation-rule'],
  CANNOT_EXECUTE_FLOW_TRIGGER: ['custom-code', 'flow'],
  CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY: ['custom-code', 'apex-trigger'],
  INVALID_FIELD_FOR_INSERT_UPDATE: ['permissions', 'field-read-only'],
  INSUFFICIENT_ACCESS_OR_READONLY: ['permissions', 'record-access'],
  INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY: ['permissions', 'cross-reference-access'],
  INVALID_FIELD: ['property-mappings', 'field-missing'],
  STRING_TOO_LONG: ['property-values', 'too-long'],
  INVALID_EMAIL_ADDRESS: ['property-values', 'invalid-email'],
  NUMBER_OUTSIDE_VALID_RANGE: ['property-values', 'out-of-range'],
  REQUIRED_FIELD_MISSING: ['property-values', 'required-missing'],
  INVALID_TYPE_ON_FIELD_IN_RECORD: ['property-values', 'invalid-value'],
  INVALID_CROSS_REFERENCE_KEY: ['associations', 'invalid-reference'],
};

export function classifyError(e: ClassifyInput): Classification {
  const nested = /first error: ([A-Z_]+)/.exec(e.message)?.[1];
  const field = e.fields?.[0];
  const obj = e.object ?? '';
  if (TRANSIENT.has(e.code) || TRANSIENT.has(nested ?? '') || (e.statusCode ?? 0) >= 500) {
    return {
      category: null,
      transient: true,
      subType: 'transient',
      code: e.code,
      nestedCode: nested,
      rootCauseKey: `transient:${e.code}`,
      summary: e.message,
    };
  }
  const [category, subType] = CATEGORY[e.code] ?? ['other', 'unknown'];
  const value =
    /restricted picklist field: (.*)$/.exec(e.message)?.[1] ??
    /duplicates value on record with id: (\w+)/.exec(e.message)?.[1];
  const rule = /"([^"]+)" process|^(\w+): execution/.exec(e.message)?.slice(1).find(Boolean);
  const cause =
    category === 'custom-code'
      ? (rule ?? e.message)
      : category === 'duplicates'
        ? (field ?? e.message)
        : (value ?? '');
  return {
    category,
    transient: false,
    subType,
    code: e.code,
    nestedCode: nested,
    field,
    value,
    rule,
    rootCauseKey: `${e.code}:${obj}.${field ?? ''}:${cause}`,
    summary: e.message,
  };
}

/** The Salesforce-style error a preflight finding stands for. */
export function preflightError(
  kind: string,
  d: Record<string, unknown>,
): { code: string; message: string; fields: string[] } {
  const f = String(d.field);
  const v = d.value === null ? '' : String(d.value);
  const codes: Record<string, [string, string]> = {
    'picklist-value': [
      'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      `${f}: bad value for restricted picklist field: ${v}`,
    ],
    'field-not-writable': [
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      `Unable to create/update fields: ${f}. Please check the security settings of this field.`,
    ],
    'field-missing': ['INVALID_FIELD', `No such column '${f}' on sobject of type ${d.object}`],
    'type-mismatch': [
      'INVALID_FIELD',
      `${f} is a ${d.sfType} field: the mapping from ${d.property} cannot write it`,
    ],
    'too-long': [
      'STRING_TOO_LONG',
      `${f}: data value too large: ${v.slice(0, 40)} (max length=${d.maxLength})`,
    ],
    'invalid-email': ['INVALID_EMAIL_ADDRESS', `${f}: invalid email address: ${v}`],
    'out-of-range': [
      'NUMBER_OUTSIDE_VALID_RANGE',
      `${f}: value outside of valid range on numeric field: ${v}`,
    ],
    'required-missing': ['REQUIRED_FIELD_MISSING', `Required fields are missing: [${f}]`],
    'invalid-value': ['INVALID_TYPE_ON_FIELD_IN_RECORD', `${f}: value not of required type: ${v}`],
  };
  const [code, message] = codes[kind] ?? ['UNKNOWN', `${f}: ${kind}`];
  return { code, message, fields: [f] };
}
