/**
 * @module Turning a Salesforce rejection, a preflight issue, a held-back association or a CRM refusal into a
 * classified store error. Category, sub-type and root cause always come from shared/classify-error.
 */

import { readDuplicateResult } from '../salesforce/duplicate-result';
import type { SalesforceErrorItem } from '../salesforce/normalize-error';
import type { CrmType, ErrorInput } from '../store';
import { classifyError, classifyRecorded, preflightError, type RecordedClassification } from './classify';
import type { PreflightIssue } from './preflight';

export interface RecordRef {
  crmType: CrmType;
  crmId: string;
  sfObject: string;
  sfId?: string | null;
  name?: string | null;
}

export interface Classified {
  transient: boolean;
  input: ErrorInput | null;
}

const SINGULAR: Readonly<Record<CrmType, string>> = {
  contacts: 'contact',
  companies: 'company',
  deals: 'deal',
};

/** The store error for a classified failure of one record. */
function recorded(
  ref: RecordRef,
  c: RecordedClassification,
  failure: { message: string; fields?: string[] },
  raw: unknown,
): ErrorInput {
  return {
    category: c.category,
    subType: c.subType,
    rootCauseKey: c.rootCauseKey,
    crmType: ref.crmType,
    crmId: ref.crmId,
    sfObject: ref.sfObject,
    sfId: ref.sfId ?? null,
    recordName: ref.name ?? null,
    code: c.code,
    field: c.field ?? failure.fields?.[0] ?? null,
    value: c.value ?? null,
    rule: c.rule ?? null,
    message: failure.message,
    summary: c.summary,
    raw,
    duplicateOf: c.duplicateRecordId ?? null,
  };
}

const salesforceInput = (ref: RecordRef, item: SalesforceErrorItem, status?: number | null) => ({
  source: 'salesforce' as const,
  code: item.code,
  message: item.message,
  fields: item.fields,
  object: ref.sfObject,
  statusCode: status ?? undefined,
});

/** Classifies one Salesforce error item for a record; `input` is null when the failure is transient. */
export function classifySalesforce(
  ref: RecordRef,
  item: SalesforceErrorItem,
  status?: number | null,
): Classified {
  const e = salesforceInput(ref, item, status);
  if (classifyError(e).transient) return { transient: true, input: null };
  const input = recorded(ref, classifyRecorded(e), item, item);
  // A unique field names the record holding the value; a single-record call's duplicate rule, its matches.
  input.duplicateOf ??= readDuplicateResult(item.duplicateResult)?.matchIds[0] ?? null;
  return { transient: false, input };
}

/** A failure recorded after all: a transient one whose retries ran out is a temporary failure (category other). */
export function otherError(ref: RecordRef, item: SalesforceErrorItem): ErrorInput {
  return recorded(ref, classifyRecorded(salesforceInput(ref, item)), item, item);
}

/** A preflight issue, worded as Salesforce would have rejected it, then classified the same way. */
export function classifyPreflight(ref: RecordRef, issue: PreflightIssue): ErrorInput {
  const e = preflightError(issue.kind, {
    object: issue.sfObject,
    field: issue.field,
    property: issue.property,
    value: issue.value,
    ...issue.detail,
  });
  const input = otherError(ref, { code: e.code, message: e.message, fields: e.fields });
  return {
    ...input,
    field: input.field ?? issue.field,
    value: input.value ?? issue.value,
    raw: { preflight: issue },
  };
}

/** A record held back because the record it is associated with is not in Salesforce yet. */
export function associationError(
  ref: RecordRef,
  blocking: { type: CrmType; id: string; name: string | null },
): ErrorInput {
  const e = preflightError('association-not-synced', {
    crmObject: blocking.type,
    blockingRecordId: blocking.id,
  });
  const c = classifyRecorded({ source: 'salesforce', ...e, object: ref.sfObject });
  const what = SINGULAR[blocking.type];
  const named = blocking.name ? `${what} "${blocking.name}"` : `${what} (HubSpot id ${blocking.id})`;
  return {
    ...recorded(ref, c, e, undefined),
    message: `Not synced: its ${named} is not in Salesforce yet. Fix that ${what}'s own error; this record is retried as soon as the ${what} syncs.`,
    summary: `Waiting for its ${named} to sync to Salesforce`,
    blocking,
  };
}

/** HubSpot refused a write coming from Salesforce (a create or an update of a CRM record). */
export function crmRefusal(
  ref: RecordRef,
  failure: { code: string; message: string; property?: string | null },
  message: string,
  raw: unknown,
): ErrorInput {
  const fields = failure.property ? [failure.property] : [];
  // The subject is the CRM object (`contacts.leadsource`): its groups never merge with the push's (`Contact.LeadSource`).
  const c = classifyRecorded({
    source: 'hubspot',
    code: failure.code,
    message: failure.message,
    fields,
    object: ref.crmType,
  });
  return { ...recorded(ref, c, { message, fields }, raw), field: failure.property ?? null };
}
