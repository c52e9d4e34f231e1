/** @module The error taxonomy: categories and sub-types with admin-facing texts, and root-cause keys. */

export const CATEGORIES = [
  'associations',
  'custom-code',
  'duplicates',
  'permissions',
  'picklists',
  'property-mappings',
  'property-values',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Card label and one-sentence description of each category, for admins. */
export const CATEGORY_INFO: Readonly<Record<Category, { label: string; description: string }>> = {
  associations: {
    label: 'Associations',
    description:
      'A record is held back because a record it is associated with is not synced yet, or an association limit is hit.',
  },
  'custom-code': {
    label: 'Custom code',
    description: 'Salesforce automation (a validation rule, a flow or an Apex trigger) rejected the write.',
  },
  duplicates: {
    label: 'Duplicates',
    description: 'The record could not be created because a duplicate record or value already exists.',
  },
  permissions: {
    label: 'Permissions',
    description: 'The connected Salesforce user may not read or write the field, object or record.',
  },
  picklists: {
    label: 'Picklists',
    description: 'A value is not allowed by the picklist on the other side, or the picklist is full.',
  },
  'property-mappings': {
    label: 'Property mappings',
    description:
      'The mapping between a CRM property and a Salesforce field is broken: a type mismatch, a missing field, or a reference that needs a mapping.',
  },
  'property-values': {
    label: 'Property values',
    description:
      'The record carries a value the other side rejects: a bad email, too long, out of range, or a required value missing.',
  },
  other: {
    label: 'Other',
    description: 'Anything else; the raw error is kept so nothing is lost.',
  },
};

/** Every sub-type, with its category and title. */
export const SUB_TYPES = {
  'blocking-record-not-synced': { category: 'associations', title: 'Associated record not synced yet' },
  'association-limit': { category: 'associations', title: 'Association limit reached' },
  'invalid-reference': { category: 'associations', title: 'Referenced record does not exist' },
  'validation-rule': { category: 'custom-code', title: 'Validation rule' },
  flow: { category: 'custom-code', title: 'Flow or process failed' },
  'apex-trigger': { category: 'custom-code', title: 'Apex trigger error' },
  'duplicate-rule': { category: 'duplicates', title: 'Blocked by a duplicate rule' },
  'duplicate-value': { category: 'duplicates', title: 'Unique value already used' },
  'ambiguous-match': { category: 'duplicates', title: 'Several existing records match' },
  'field-read-only': { category: 'permissions', title: 'Field is read-only for the sync user' },
  'field-hidden': { category: 'permissions', title: 'Field is hidden from the sync user' },
  'object-permission': { category: 'permissions', title: 'No access to the object' },
  'record-access': { category: 'permissions', title: 'No access to the record' },
  'missing-scopes': { category: 'permissions', title: 'HubSpot app is missing a scope' },
  'picklist-value-missing': { category: 'picklists', title: 'Value not in the picklist' },
  'picklist-full': { category: 'picklists', title: 'Picklist is full' },
  'mapping-field-missing': {
    category: 'property-mappings',
    title: 'Mapped field or property does not exist',
  },
  'mapping-type-mismatch': { category: 'property-mappings', title: 'Incompatible property and field types' },
  'mapping-reference-needs-mapping': {
    category: 'property-mappings',
    title: 'Reference field needs an association mapping',
  },
  'value-too-long': { category: 'property-values', title: 'Value too long' },
  'invalid-email': { category: 'property-values', title: 'Invalid email address' },
  'number-out-of-range': { category: 'property-values', title: 'Number out of range' },
  'required-missing': { category: 'property-values', title: 'Required value missing' },
  'invalid-value': { category: 'property-values', title: 'Value of the wrong format' },
  'record-deleted': { category: 'other', title: 'Record is deleted in Salesforce' },
  'record-locked': { category: 'other', title: 'Record is locked' },
  'inactive-owner': { category: 'other', title: 'Owner is an inactive user' },
  other: { category: 'other', title: 'Unrecognised error' },
} as const satisfies Record<string, { category: Category; title: string }>;
export type SubType = keyof typeof SUB_TYPES;

export function isCategory(value: string): value is Category {
  return (CATEGORIES as readonly string[]).includes(value);
}

export function isSubType(value: string): value is SubType {
  return Object.hasOwn(SUB_TYPES, value);
}

/** Facts about one error that resolution steps and summaries are filled from. */
export type ErrorDetails = {
  object?: string;
  field?: string;
  value?: string;
  rule?: string;
  crmObject?: string;
  crmProperty?: string;
  blockingRecordName?: string;
  blockingRecordId?: string;
  duplicateRecordId?: string;
  maxLength?: number;
  message?: string;
};

/**
 * A root-cause key groups errors one fix resolves: `kind:subject[:detail]`. The subject is
 * `Object.Field`, `Object` or a CRM `objectType`; the detail (a value, a rule name) comes last so that
 * it may itself contain colons. Examples: `picklist:Account.Industry:Biotech`,
 * `validation:Account:Website_Must_Be_Https`, `blocking:companies:123`, `duplicate:Contact.Email`.
 */
export function rootCauseKey(kind: string, subject: string, detail?: string): string {
  return detail === undefined ? `${kind}:${subject}` : `${kind}:${subject}:${detail}`;
}

/** Splits a root-cause key back into its parts. */
export function parseRootCauseKey(key: string): { kind: string; subject: string; detail?: string } {
  const first = key.indexOf(':');
  if (first < 0) return { kind: key, subject: '' };
  const second = key.indexOf(':', first + 1);
  if (second < 0) return { kind: key.slice(0, first), subject: key.slice(first + 1) };
  return { kind: key.slice(0, first), subject: key.slice(first + 1, second), detail: key.slice(second + 1) };
}

/** The field part of `Object.Field`, or the subject itself. */
function fieldOf(subject: string): string {
  const dot = subject.indexOf('.');
  return dot < 0 ? subject : subject.slice(dot + 1);
}

const LABELS: Readonly<Record<string, (s: string, d: string, f: string) => string>> = {
  picklist: (_s, d, f) => `value '${d}' is not in ${f}`,
  'picklist-full': (s) => `the picklist ${s} is full`,
  validation: (s, d) => `validation rule ${d} on ${s}`,
  flow: (s, d) => `flow "${d}" on ${s}`,
  apex: (s, d) => `Apex trigger ${d} on ${s}`,
  blocking: (s, d) => `associated ${s} record ${d} is not synced`,
  'association-limit': (s) => `association limit reached on ${s}`,
  'invalid-reference': (s) => `${s} points at a record that does not exist`,
  'duplicate-rule': (s, d) => `duplicate rule on ${s} ("${d}")`,
  duplicate: (s) => `duplicate values in ${s}`,
  match: (s, d) => `several records share ${s} "${d}"`,
  'field-readonly': (s) => `${s} is read-only for the sync user`,
  'field-hidden': (s) => `${s} is hidden from the sync user`,
  'object-permission': (s) => `no access to ${s}`,
  'record-access': (s) => `no access to some ${s} records`,
  scopes: (s) => `the HubSpot app lacks scope ${s}`,
  'mapping-missing': (s) => `${s} does not exist`,
  'mapping-type': (s) => `${s} has a type the mapping cannot write`,
  'mapping-reference': (s) => `${s} needs an association mapping`,
  'too-long': (s) => `values too long for ${s}`,
  'invalid-email': (s) => `invalid email addresses in ${s}`,
  'out-of-range': (s) => `numbers out of range for ${s}`,
  required: (s) => `${s} is required but empty`,
  'invalid-value': (s) => `values of the wrong format for ${s}`,
  deleted: (s) => `${s} records deleted in Salesforce`,
  locked: (s) => `${s} records locked (approval process)`,
  'inactive-owner': (s) => `${s} records owned by an inactive user`,
  other: (s) => `error ${s}`,
};

/**
 * What a root cause is, in a phrase.
 * @example rootCauseLabel('picklist:Account.Industry:Biotech') === "value 'Biotech' is not in Industry"
 */
export function rootCauseLabel(key: string): string {
  const { kind, subject, detail } = parseRootCauseKey(key);
  const label = LABELS[kind];
  return label ? label(subject, detail ?? '', fieldOf(subject)) : key;
}

/**
 * A root-cause group with its size.
 * @example describeRootCause('picklist:Account.Industry:Biotech', 212) === "value 'Biotech' is not in Industry: 212 errors"
 */
export function describeRootCause(key: string, count: number): string {
  return `${rootCauseLabel(key)}: ${count} ${count === 1 ? 'error' : 'errors'}`;
}

export { resolutionSteps } from './taxonomy-steps';
