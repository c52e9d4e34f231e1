/** @module The error taxonomy: categories and sub-types with admin-facing texts, and root-cause keys. */
import { objectWords } from './object-words';

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
  'field-read-only': { category: 'permissions', title: 'Field is read-only for the integration user' },
  'field-hidden': { category: 'permissions', title: 'Field is hidden from the integration user' },
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
  'temporary-failure': { category: 'other', title: 'Temporary failure that kept coming back' },
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
  /** The property's label in HubSpot ("Lead Status" for `hs_lead_status`), when the proxy has read it. */
  crmPropertyLabel?: string;
  blockingRecordName?: string;
  blockingRecordId?: string;
  duplicateRecordId?: string;
  maxLength?: number;
  message?: string;
  /** The Salesforce or HubSpot code, for the sub-types that quote it. */
  code?: string;
};

/** The field part of `Object.Field`, or the subject itself. */
function fieldOf(subject: string): string {
  const dot = subject.indexOf('.');
  return fieldWords(dot < 0 ? subject : subject.slice(dot + 1));
}

/**
 * A Salesforce field's API name as the words its label almost always has: "LeadSource" → "Lead Source",
 * "Customer_Tier__c" → "Customer Tier". The key carries only the API name (the classifier has no describe);
 * the error's own fields list keeps the API name for finding it in Setup.
 */
export function fieldWords(apiName: string): string {
  return (
    apiName
      .replace(/__c$/, '')
      .replace(/_/g, ' ')
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      // A brand keeps its spelling: "HubSpot_Id__c" → "HubSpot Id", not "Hub Spot Id".
      .replace(/\bHub Spot\b/g, 'HubSpot')
      .trim()
  );
}

const singular = (crmType: string) => {
  const words = objectWords(crmType, { hubspotOnly: true });
  return words === crmType ? `${crmType} record` : words.toLowerCase();
};

/** Each root-cause kind and how its group reads: (subject, detail, field of the subject). */
const ROOT_CAUSE_LABELS = {
  picklist: (_s: string, d: string, f: string) => `value '${d}' is not in ${f}`,
  'picklist-full': (s: string) => `the picklist ${s} is full`,
  validation: (s: string, d: string) => (d ? `validation rule on ${s}: "${d}"` : `validation rules on ${s}`),
  flow: (s: string, d: string) => (d ? `flow "${d}" on ${s}` : `flows on ${s}`),
  apex: (s: string, d: string) => (d ? `Apex trigger ${d} on ${s}` : `Apex triggers on ${s}`),
  blocking: (s: string, d: string) =>
    d.startsWith('sf:')
      ? `Salesforce record ${d.slice(3)} has no ${singular(s)} in HubSpot yet`
      : `the associated ${singular(s)} ${d} is not in Salesforce yet`,
  'association-limit': (s: string) => `association limit reached on ${s}`,
  'crm-association': (s: string) => `HubSpot refused associations (${s})`,
  'invalid-reference': (s: string) => `${s} points at a record that does not exist`,
  'duplicate-rule': (s: string, d: string) =>
    d ? `duplicate rule on ${s} ("${d}")` : `duplicate rule on ${s}`,
  duplicate: (s: string) => `duplicate values in ${s}`,
  match: (s: string, d: string) => `several records share ${s} "${d}"`,
  'field-readonly': (s: string) => `${s} is read-only for the integration user`,
  'field-hidden': (s: string) => `${s} is hidden from the integration user`,
  'object-permission': (s: string) => `no access to ${s}`,
  'record-access': (s: string) => `no access to some ${s} records`,
  scopes: (s: string) => `the HubSpot app lacks scope ${s}`,
  'mapping-missing': (s: string) => `${s} does not exist`,
  'mapping-type': (s: string) => `${s} has a type the mapping cannot write`,
  'mapping-reference': (s: string) => `${s} needs an association mapping`,
  'too-long': (s: string) => `values too long for ${s}`,
  'invalid-email': (s: string) => `invalid email addresses in ${s}`,
  'out-of-range': (s: string) => `numbers out of range for ${s}`,
  required: (s: string) => `${s} is required but empty`,
  'invalid-value': (s: string) => `values of the wrong format for ${s}`,
  deleted: (s: string) => `${s} records deleted in Salesforce`,
  locked: (s: string) => `${s} records locked (approval process)`,
  'inactive-owner': (s: string) => `${s} records owned by an inactive user`,
  transient: (s: string) => `temporary failures (${s}) that kept coming back`,
  other: (s: string) => `unrecognised error ${s}`,
} as const satisfies Record<string, (subject: string, detail: string, field: string) => string>;

/** What kind of cause a root-cause key names; each has a label. */
export type RootCauseKind = keyof typeof ROOT_CAUSE_LABELS;

/**
 * A root-cause key groups errors one fix resolves: `kind:subject[:detail]`. The subject is
 * `Object.Field`, `Object` or a CRM `objectType`; the detail (a value, a rule name) comes last so that
 * it may itself contain colons. Examples: `picklist:Account.Industry:Biotech`,
 * `validation:Account:Website must start with https://`, `blocking:companies:123`, `duplicate:Contact.Email`.
 */
export type RootCauseKey = `${RootCauseKind}:${string}`;

export function isRootCauseKind(value: string): value is RootCauseKind {
  return Object.hasOwn(ROOT_CAUSE_LABELS, value);
}

export function isRootCauseKey(value: string): value is RootCauseKey {
  const colon = value.indexOf(':');
  return colon > 0 && isRootCauseKind(value.slice(0, colon));
}

/**
 * The one way to build a root-cause key. A colon in the subject would move the detail, so it is replaced.
 * @example rootCauseKey('picklist', 'Account.Industry', 'Biotech') === 'picklist:Account.Industry:Biotech'
 */
export function rootCauseKey(kind: RootCauseKind, subject: string, detail?: string): RootCauseKey {
  const safe = subject.replaceAll(':', ' ');
  return detail === undefined ? `${kind}:${safe}` : `${kind}:${safe}:${detail}`;
}

/** Splits a root-cause key back into its parts. */
export function parseRootCauseKey(key: string): { kind: string; subject: string; detail?: string } {
  const first = key.indexOf(':');
  if (first < 0) return { kind: key, subject: '' };
  const second = key.indexOf(':', first + 1);
  if (second < 0) return { kind: key.slice(0, first), subject: key.slice(first + 1) };
  return { kind: key.slice(0, first), subject: key.slice(first + 1, second), detail: key.slice(second + 1) };
}

/**
 * What a root cause is, in a phrase.
 * @example rootCauseLabel('picklist:Account.Industry:Biotech') === "value 'Biotech' is not in Industry"
 */
export function rootCauseLabel(key: string): string {
  const { kind, subject, detail } = parseRootCauseKey(key);
  if (!isRootCauseKind(kind)) return key;
  const words = API_NAME_SUBJECTS.has(kind) || OBJECT_SUBJECTS.has(kind) ? subjectWords(subject) : subject;
  return ROOT_CAUSE_LABELS[kind](words, detail ?? '', fieldOf(subject));
}

/** Kinds whose subject is `Object.Field` or an object's API name (a scope or a code is left as it is). */
const API_NAME_SUBJECTS: ReadonlySet<RootCauseKind> = new Set<RootCauseKind>([
  'picklist-full',
  'invalid-reference',
  'duplicate',
  'match',
  'field-readonly',
  'field-hidden',
  'mapping-missing',
  'mapping-type',
  'mapping-reference',
  'too-long',
  'invalid-email',
  'out-of-range',
  'required',
]);

/** Kinds whose subject is a Salesforce object: named by the one naming rule ("Company (Account)"). */
const OBJECT_SUBJECTS: ReadonlySet<RootCauseKind> = new Set<RootCauseKind>([
  'validation',
  'flow',
  'apex',
  'duplicate-rule',
  'object-permission',
  'record-access',
  'deleted',
  'locked',
  'inactive-owner',
]);

/**
 * "Account.Customer_Tier__c" → "Customer Tier on Company (Account)"; an object alone by the one naming
 * rule (shared/object-words).
 */
function subjectWords(subject: string): string {
  const dot = subject.indexOf('.');
  return dot < 0
    ? objectWords(subject)
    : `${fieldWords(subject.slice(dot + 1))} on ${objectWords(subject.slice(0, dot))}`;
}

/**
 * A root-cause group with its size.
 * @example describeRootCause('picklist:Account.Industry:Biotech', 212) === "value 'Biotech' is not in Industry: 212 errors"
 */
export function describeRootCause(key: string, count: number): string {
  return `${rootCauseLabel(key)}: ${count} ${count === 1 ? 'error' : 'errors'}`;
}

export { resolutionSteps } from './taxonomy-steps';
