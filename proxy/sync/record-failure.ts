/** @module Turning a Salesforce rejection or a preflight issue into a classified store error. */

import { readDuplicateResult } from '../salesforce/duplicate-result';
import type { SalesforceErrorItem } from '../salesforce/normalize-error';
import type { CrmType, ErrorCategory, ErrorInput } from '../store';
import { classifyError, preflightError } from './classify';
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

/** Classifies one Salesforce error item for a record; `input` is null when the failure is transient. */
export function classifySalesforce(
  ref: RecordRef,
  item: SalesforceErrorItem,
  status?: number | null,
): Classified {
  const c = classifyError({
    source: 'salesforce',
    code: item.code,
    message: item.message,
    fields: item.fields,
    object: ref.sfObject,
    statusCode: status ?? undefined,
  });
  if (c.transient || !c.category)
    return { transient: c.transient, input: c.transient ? null : otherError(ref, item) };
  // A unique field names the record holding the value; a single-record call's duplicate rule, its matches.
  const match = readDuplicateResult(item.duplicateResult);
  return {
    transient: false,
    input: {
      category: c.category as ErrorCategory,
      crmType: ref.crmType,
      crmId: ref.crmId,
      sfObject: ref.sfObject,
      sfId: ref.sfId ?? null,
      recordName: ref.name ?? null,
      code: c.code,
      subType: c.subType ?? null,
      field: c.field ?? item.fields[0] ?? null,
      value: c.value ?? null,
      rule: c.rule ?? null,
      rootCauseKey: c.rootCauseKey ?? `other:${c.code}`,
      message: item.message,
      summary: c.summary ?? null,
      raw: item,
      duplicateOf: c.duplicateRecordId ?? match?.matchIds[0] ?? null,
    },
  };
}

/** A failure nobody understood, or a transient one whose retries ran out: kept raw as "other". */
export function otherError(ref: RecordRef, item: SalesforceErrorItem): ErrorInput {
  return {
    category: 'other',
    crmType: ref.crmType,
    crmId: ref.crmId,
    sfObject: ref.sfObject,
    sfId: ref.sfId ?? null,
    recordName: ref.name ?? null,
    code: item.code,
    rootCauseKey: `other:${item.code}`,
    message: item.message,
    raw: item,
  };
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
  const c = classifySalesforce(ref, { code: e.code, message: e.message, fields: e.fields });
  const input = c.input ?? otherError(ref, { code: e.code, message: e.message, fields: e.fields });
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
  const what = blocking.name
    ? `"${blocking.name}" (${blocking.type} ${blocking.id})`
    : `${blocking.type} ${blocking.id}`;
  return {
    category: 'associations',
    crmType: ref.crmType,
    crmId: ref.crmId,
    sfObject: ref.sfObject,
    sfId: ref.sfId ?? null,
    recordName: ref.name ?? null,
    code: 'ASSOCIATED_RECORD_NOT_SYNCED',
    subType: 'parent-not-synced',
    rootCauseKey: `association:${blocking.type}:${blocking.id}`,
    message: `Not synced: its associated company ${what} is not in Salesforce yet. Fix that company's errors; this record is retried when it syncs.`,
    blocking,
  };
}
