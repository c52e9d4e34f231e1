/**
 * @module The errors the sync engine records for problems found before an API call is spent (preflight)
 * or by its own association checks. Built here and read back by classifyError, so both sides agree.
 */

/** Codes of the engine's own findings; Salesforce never sends these. */
export const PREFLIGHT_CODES = {
  'picklist-value': 'PREFLIGHT_PICKLIST',
  'picklist-full': 'PREFLIGHT_PICKLIST_FULL',
  'field-not-writable': 'PREFLIGHT_FIELD_NOT_WRITABLE',
  'field-missing': 'PREFLIGHT_FIELD_MISSING',
  'type-mismatch': 'PREFLIGHT_TYPE_MISMATCH',
  'too-long': 'PREFLIGHT_TOO_LONG',
  'invalid-email': 'PREFLIGHT_INVALID_EMAIL',
  'out-of-range': 'PREFLIGHT_OUT_OF_RANGE',
  'required-missing': 'PREFLIGHT_REQUIRED',
  'invalid-value': 'PREFLIGHT_INVALID_VALUE',
  'association-not-synced': 'ASSOCIATION_NOT_SYNCED',
  'association-limit': 'ASSOCIATION_LIMIT',
  'reference-needs-mapping': 'REFERENCE_NEEDS_MAPPING',
} as const;
export type PreflightKind = keyof typeof PREFLIGHT_CODES;
export type PreflightCode = (typeof PREFLIGHT_CODES)[PreflightKind];

/** Facts a finding is worded from; the engine may pass extra keys (they are ignored). */
export type PreflightDetails = {
  object?: string;
  field?: string;
  property?: string;
  value?: string | null;
  maxLength?: unknown;
  crmObject?: string;
  blockingRecordId?: string;
  [extra: string]: unknown;
};

// The value, when there is one, always ends the message inside double quotes, so that it reads back
// intact whatever characters it holds.
const TEXT: Readonly<Record<PreflightKind, (d: PreflightDetails) => string>> = {
  'picklist-value': () => 'value is not in the restricted picklist',
  'picklist-full': () => 'the picklist is full',
  'field-not-writable': () => 'field is not writable by the integration user',
  'field-missing': () => 'field does not exist or is hidden from the integration user',
  'type-mismatch': (d) => `mapped from property ${d.property ?? '?'} of an incompatible type`,
  'too-long': (d) => `value too long (max length=${Number(d.maxLength)})`,
  'invalid-email': () => 'invalid email address',
  'out-of-range': () => 'number outside the valid range',
  'required-missing': () => 'required value missing',
  'invalid-value': () => 'value of the wrong format',
  'association-not-synced': (d) =>
    `associated ${d.crmObject ?? 'record'} ${d.blockingRecordId ?? '?'} is not synced yet`,
  'association-limit': () => 'association limit reached',
  'reference-needs-mapping': (d) => `reference field cannot take a value from property ${d.property ?? '?'}`,
};

/**
 * A preflight finding worded like a Salesforce error item.
 * @example preflightError('picklist-value', { object: 'Account', field: 'Industry', value: 'Biotech' })
 *   // { code: 'PREFLIGHT_PICKLIST', message: 'Account.Industry: value is not in the restricted picklist: "Biotech"', fields: ['Industry'] }
 */
export function preflightError(
  kind: PreflightKind,
  d: PreflightDetails,
): { code: PreflightCode; message: string; fields: string[] } {
  const code = PREFLIGHT_CODES[kind];
  if (!code)
    throw new Error(`Unknown preflight kind "${kind}". Options: ${Object.keys(PREFLIGHT_CODES).join(', ')}`);
  const subject = [d.object, d.field].filter(Boolean).join('.');
  const value = d.value === undefined || d.value === null ? '' : `: "${d.value}"`;
  return {
    code,
    message: `${subject ? `${subject}: ` : ''}${TEXT[kind](d)}${value}`,
    fields: d.field ? [d.field] : [],
  };
}

/** The facts classifyError needs back from a preflight message. */
export function readPreflightMessage(message: string): {
  value?: string;
  maxLength?: number;
  crmObject?: string;
  blockingRecordId?: string;
} {
  const value = /: "(.*)"$/s.exec(message)?.[1];
  const max = /\(max length=(\d+)\)/.exec(message)?.[1];
  const blocking = /associated (\S+) (\S+) is not synced yet/.exec(message);
  return {
    value,
    maxLength: max === undefined ? undefined : Number(max),
    crmObject: blocking?.[1],
    blockingRecordId: blocking?.[2],
  };
}
