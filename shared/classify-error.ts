/** @module Classifies a Salesforce, HubSpot or preflight error into the taxonomy, with its root cause. */
import { parseAutomationError } from './classify-error-automation';
import { PREFLIGHT_CODES, type PreflightKind, readPreflightMessage } from './preflight-error';
import {
  type Category,
  type RootCauseKey,
  type RootCauseKind,
  rootCauseKey,
  rootCauseLabel,
  SUB_TYPES,
  type SubType,
} from './taxonomy';

export { PREFLIGHT_CODES, preflightError } from './preflight-error';

export type ErrorInput = {
  source: 'salesforce' | 'hubspot';
  code: string;
  message: string;
  fields?: string[];
  object?: string;
  statusCode?: number;
};

/** `category` is null exactly when the error is transient (retry it, do not report it). */
export type Classification = {
  category: Category | null;
  transient: boolean;
  subType: SubType | null;
  code: string;
  nestedCode?: string;
  field?: string;
  value?: string;
  rule?: string;
  /** The record a duplicate or a unique value collides with. */
  duplicateRecordId?: string;
  maxLength?: number;
  /** Automation: the message its author wrote, taken out of Salesforce's wrapping (the full text stays in `message`). */
  detail?: string;
  rootCauseKey: RootCauseKey | null;
  summary: string;
};

const TRANSIENT_CODES = new Set([
  'UNABLE_TO_LOCK_ROW',
  'SERVER_UNAVAILABLE',
  'REQUEST_LIMIT_EXCEEDED',
  'INVALID_SESSION_ID',
  'QUERY_TIMEOUT',
  'UNKNOWN_EXCEPTION',
  // Collateral: the item itself was fine; another item of the same all-or-none call failed.
  'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  'PROCESSING_HALTED',
  'RATE_LIMITS',
  'EXPIRED_AUTHENTICATION',
  'ECONNRESET',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  // HubSpot: the connector's network failures and the portal's 5xx.
  'NETWORK_ERROR',
  'INTERNAL_ERROR',
]);

const SALESFORCE: Readonly<Record<string, SubType>> = {
  DUPLICATE_VALUE: 'duplicate-value',
  DUPLICATE_EXTERNAL_ID: 'duplicate-value',
  DUPLICATES_DETECTED: 'duplicate-rule',
  FIELD_CUSTOM_VALIDATION_EXCEPTION: 'validation-rule',
  CANNOT_EXECUTE_FLOW_TRIGGER: 'flow',
  CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY: 'apex-trigger',
  FIELD_INTEGRITY_EXCEPTION: 'invalid-value',
  INSUFFICIENT_ACCESS_OR_READONLY: 'record-access',
  INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY: 'record-access',
  INVALID_FIELD_FOR_INSERT_UPDATE: 'field-read-only',
  INVALID_FIELD: 'mapping-field-missing',
  INVALID_TYPE: 'mapping-field-missing',
  INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: 'picklist-value-missing',
  STRING_TOO_LONG: 'value-too-long',
  INVALID_EMAIL_ADDRESS: 'invalid-email',
  NUMBER_OUTSIDE_VALID_RANGE: 'number-out-of-range',
  REQUIRED_FIELD_MISSING: 'required-missing',
  INVALID_CROSS_REFERENCE_KEY: 'invalid-reference',
  ENTITY_IS_DELETED: 'record-deleted',
  MALFORMED_ID: 'invalid-value',
  INVALID_TYPE_ON_FIELD_IN_RECORD: 'invalid-value',
  ENTITY_IS_LOCKED: 'record-locked',
  INACTIVE_OWNER_OR_USER: 'inactive-owner',
};

const HUBSPOT: Readonly<Record<string, SubType>> = {
  INVALID_OPTION: 'picklist-value-missing',
  INVALID_EMAIL: 'invalid-email',
  PROPERTY_DOESNT_EXIST: 'mapping-field-missing',
  CONFLICT: 'duplicate-value',
  // The connector's name for HubSpot's 409 on a unique property (a contact's email).
  DUPLICATE_VALUE: 'duplicate-value',
  OBJECT_ALREADY_EXISTS: 'duplicate-value',
  MISSING_SCOPES: 'missing-scopes',
  INVALID_INTEGER: 'invalid-value',
  INVALID_LONG: 'invalid-value',
  INVALID_DECIMAL: 'invalid-value',
  INVALID_DATE: 'invalid-value',
  INVALID_DATETIME: 'invalid-value',
  INVALID_BOOLEAN: 'invalid-value',
  INVALID_TIMESTAMP: 'invalid-value',
  NUMBER_OUT_OF_RANGE: 'number-out-of-range',
  REQUIRED_PROPERTY: 'required-missing',
  TOO_MANY_ASSOCIATIONS: 'association-limit',
  // An association or update naming a record the portal no longer has (deleted or merged).
  OBJECT_NOT_FOUND: 'invalid-reference',
  READ_ONLY_VALUE: 'field-read-only',
  INVALID_VALUE: 'invalid-value',
};

const PREFLIGHT: Readonly<Record<string, SubType>> = {
  'picklist-value': 'picklist-value-missing',
  'picklist-full': 'picklist-full',
  'field-not-writable': 'field-read-only',
  'field-missing': 'mapping-field-missing',
  'type-mismatch': 'mapping-type-mismatch',
  'too-long': 'value-too-long',
  'invalid-email': 'invalid-email',
  'out-of-range': 'number-out-of-range',
  'required-missing': 'required-missing',
  'invalid-value': 'invalid-value',
  'association-not-synced': 'blocking-record-not-synced',
  'association-limit': 'association-limit',
  'reference-needs-mapping': 'mapping-reference-needs-mapping',
} satisfies Record<PreflightKind, SubType>;
const PREFLIGHT_BY_CODE = new Map(
  Object.entries(PREFLIGHT_CODES).map(([kind, code]) => [code, PREFLIGHT[kind]]),
);

/** Root-cause kind of each sub-type, and whether its subject is a field (`Object.Field`) or the object. */
const ROOT: Readonly<Record<SubType, [kind: RootCauseKind, by: 'field' | 'object']>> = {
  'blocking-record-not-synced': ['blocking', 'object'],
  'association-limit': ['association-limit', 'object'],
  'invalid-reference': ['invalid-reference', 'field'],
  'validation-rule': ['validation', 'object'],
  flow: ['flow', 'object'],
  'apex-trigger': ['apex', 'object'],
  'duplicate-rule': ['duplicate-rule', 'object'],
  'duplicate-value': ['duplicate', 'field'],
  'ambiguous-match': ['match', 'field'],
  'field-read-only': ['field-readonly', 'field'],
  'field-hidden': ['field-hidden', 'field'],
  'object-permission': ['object-permission', 'object'],
  'record-access': ['record-access', 'object'],
  'missing-scopes': ['scopes', 'object'],
  'picklist-value-missing': ['picklist', 'field'],
  'picklist-full': ['picklist-full', 'field'],
  'mapping-field-missing': ['mapping-missing', 'field'],
  'mapping-type-mismatch': ['mapping-type', 'field'],
  'mapping-reference-needs-mapping': ['mapping-reference', 'field'],
  'value-too-long': ['too-long', 'field'],
  'invalid-email': ['invalid-email', 'field'],
  'number-out-of-range': ['out-of-range', 'field'],
  'required-missing': ['required', 'field'],
  'invalid-value': ['invalid-value', 'field'],
  'record-deleted': ['deleted', 'object'],
  'record-locked': ['locked', 'object'],
  'inactive-owner': ['inactive-owner', 'object'],
  'temporary-failure': ['transient', 'object'],
  other: ['other', 'object'],
};

type Facts = Omit<Classification, 'category' | 'transient' | 'subType' | 'code' | 'rootCauseKey' | 'summary'>;

const first = (re: RegExp, s: string) => re.exec(s)?.[1];
const NESTED = /first error: ([A-Z_]+)/;

/** Field, value, rule and limits that Salesforce's message texts carry (see salesforce-api.md §2). */
function salesforceFacts(subType: SubType, e: ErrorInput): Facts {
  const m = e.message;
  const field = e.fields?.[0];
  switch (subType) {
    case 'picklist-value-missing':
      return { field, value: first(/bad value for restricted picklist field: (.*)$/s, m) };
    case 'value-too-long': {
      const max = first(/\(max length=(\d+)\)/, m);
      return {
        field,
        value: first(/data value too large: (.*) \(max length=/s, m),
        maxLength: max ? Number(max) : undefined,
      };
    }
    case 'invalid-email':
      return { field, value: first(/invalid email address: (.*)$/s, m) };
    case 'required-missing':
      return { field: field ?? first(/Required fields are missing: \[([^\],]+)/, m)?.trim() };
    case 'duplicate-value': {
      const dup = /duplicate value found: (\S+) duplicates value on record with id: (\w+)/.exec(m);
      return { field: field ?? dup?.[1], duplicateRecordId: dup?.[2] };
    }
    case 'field-read-only':
      return { field: field ?? first(/Unable to create\/update fields: ([^.,\s]+)/, m) };
    case 'mapping-field-missing':
      return { field: field ?? first(/No such column '([^']+)'/, m) ?? first(/sObject type '([^']+)'/, m) };
    case 'flow':
    case 'apex-trigger':
    case 'validation-rule': {
      const a = parseAutomationError(e.code, m);
      // A trigger's addError() also answers FIELD_CUSTOM_VALIDATION_EXCEPTION: no rule name either way.
      return { field, rule: a?.name, nestedCode: a?.nestedCode, detail: a?.message };
    }
    case 'duplicate-rule':
      return { field, rule: m.trim() || undefined };
    default:
      return { field };
  }
}

function hubspotFacts(subType: SubType, e: ErrorInput): Facts {
  const field = e.fields?.[0] ?? first(/"name":"([^"]+)"/, e.message);
  if (subType === 'picklist-value-missing')
    return { field, value: first(/(?:^|[":\s])([^":]+?) was not one of the allowed options/, e.message) };
  if (subType === 'invalid-email')
    return { field, value: first(/Email address (\S+) is invalid/, e.message) };
  return { field };
}

function subjectOf(by: 'field' | 'object', object: string, field?: string): string {
  if (by === 'object' || !field) return object;
  return object ? `${object}.${field}` : field;
}

function rootKeyOf(subType: SubType, e: ErrorInput, f: Facts, blocking?: [string, string]): RootCauseKey {
  const [kind, by] = ROOT[subType];
  const object = e.object ?? '';
  if (subType === 'other' || subType === 'temporary-failure') return rootCauseKey(kind, e.code);
  // Salesforce never names a validation rule: its message stands for it.
  if (subType === 'validation-rule') return rootCauseKey(kind, object, f.detail);
  if (subType === 'blocking-record-not-synced' && blocking)
    return rootCauseKey(kind, blocking[0], blocking[1]);
  if (subType === 'picklist-value-missing')
    return rootCauseKey(kind, subjectOf(by, object, f.field), f.value ?? '');
  if (by === 'object' && f.rule) return rootCauseKey(kind, object, f.rule);
  return rootCauseKey(kind, subjectOf(by, object, f.field));
}

function transient(e: ErrorInput, nestedCode?: string): Classification {
  return {
    category: null,
    transient: true,
    subType: null,
    code: e.code,
    nestedCode,
    rootCauseKey: null,
    summary: `Temporary failure (${nestedCode ?? e.code}); the sync retries it.`,
  };
}

function isTransient(e: ErrorInput, nestedCode?: string): boolean {
  if (TRANSIENT_CODES.has(e.code) || (nestedCode && TRANSIENT_CODES.has(nestedCode))) return true;
  if (/^ERROR_HTTP_5\d\d$/.test(e.code) || e.statusCode === 429) return true;
  if (e.statusCode !== undefined && e.statusCode >= 500) return true;
  return /unable to obtain exclusive access to this record/i.test(e.message);
}

/**
 * Which category and sub-type an error belongs to, with the field, value and rule it names and the key
 * of its root-cause group; transient errors get no category.
 * @example classifyError({ source: 'salesforce', code: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
 *   message: 'Industry: bad value for restricted picklist field: Biotech', fields: ['Industry'], object: 'Account' })
 *   // { category: 'picklists', subType: 'picklist-value-missing', value: 'Biotech', rootCauseKey: 'picklist:Account.Industry:Biotech', … }
 */
export function classifyError(e: ErrorInput): Classification {
  const nestedCode = first(NESTED, e.message);
  if (isTransient(e, nestedCode)) return transient(e, nestedCode);
  const preflight = PREFLIGHT_BY_CODE.get(e.code as never);
  let subType: SubType;
  let facts: Facts;
  let blocking: [string, string] | undefined;
  if (preflight) {
    const read = readPreflightMessage(e.message);
    subType = preflight;
    facts = { field: e.fields?.[0], value: read.value, maxLength: read.maxLength };
    if (read.crmObject && read.blockingRecordId) blocking = [read.crmObject, read.blockingRecordId];
  } else if (e.source === 'hubspot') {
    subType =
      HUBSPOT[e.code] ??
      (e.statusCode === 409 ? 'duplicate-value' : e.statusCode === 403 ? 'missing-scopes' : 'other');
    facts = hubspotFacts(subType, e);
  } else {
    subType = SALESFORCE[e.code] ?? 'other';
    facts = salesforceFacts(subType, e);
  }
  const key = rootKeyOf(subType, e, facts, blocking);
  const category = SUB_TYPES[subType].category;
  const label = rootCauseLabel(key);
  const summary =
    category === 'custom-code' || subType === 'other'
      ? (facts.detail ?? e.message)
      : label.charAt(0).toUpperCase() + label.slice(1);
  return { category, transient: false, subType, code: e.code, ...facts, rootCauseKey: key, summary };
}

/**
 * A transient failure whose retries ran out: it is shown after all, as a temporary failure in Other, grouped
 * by its code.
 * @example classifyExhausted({ source: 'salesforce', code: 'UNABLE_TO_LOCK_ROW', message: '…', object: 'Contact' })
 *   // { category: 'other', subType: 'temporary-failure', rootCauseKey: 'transient:UNABLE_TO_LOCK_ROW', … }
 */
export function classifyExhausted(e: ErrorInput): RecordedClassification {
  return {
    category: 'other',
    transient: false,
    subType: 'temporary-failure',
    code: e.code,
    nestedCode: first(NESTED, e.message),
    field: e.fields?.[0],
    rootCauseKey: rootCauseKey('transient', e.code),
    summary: e.message,
  };
}

/** A classification that is stored: it always has a category, a sub-type and a root cause. */
export type RecordedClassification = Classification & {
  category: Category;
  subType: SubType;
  rootCauseKey: RootCauseKey;
};

/**
 * How a failure that is recorded (not retried any more) is classified: as classifyError says, or as a temporary
 * failure when classifyError calls it transient.
 */
export function classifyRecorded(e: ErrorInput): RecordedClassification {
  const c = classifyError(e);
  if (c.category && c.subType && c.rootCauseKey)
    return { ...c, category: c.category, subType: c.subType, rootCauseKey: c.rootCauseKey };
  return classifyExhausted(e);
}
