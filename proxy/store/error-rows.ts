/** @module Mapping error rows from SQL to ErrorRow, and the filter → WHERE clause used by every list. */
import { isSubType, type RootCauseKey, type SubType } from '../../shared/taxonomy';
import type { ErrorCategory, ErrorRow } from './types';

export interface ErrorFilter {
  category?: ErrorCategory;
  status?: 'open' | 'resolved';
  /** A CRM object type (contacts) or a Salesforce object (Contact). */
  object?: string;
  /** Free text: record name, message, CRM id or Salesforce id. */
  q?: string;
  /** A root-cause key from groups(). */
  group?: string;
  ids?: string[];
}

export const ERROR_COLUMNS = `id, status, category, crm_type, crm_id, sf_object, sf_id, record_name, code, sub_type,
  field, value, rule, root_cause_key, message, summary, blocking_type, blocking_id, blocking_name, first_seen,
  last_seen, occurrences, resolved_at, retries, duplicate_of`;

export interface SqlErrorRow {
  id: number;
  status: 'open' | 'resolved';
  category: ErrorCategory;
  crm_type: ErrorRow['crmType'];
  crm_id: string;
  sf_object: string;
  sf_id: string | null;
  record_name: string | null;
  code: string;
  sub_type: SubType;
  field: string | null;
  value: string | null;
  rule: string | null;
  root_cause_key: RootCauseKey;
  message: string;
  summary: string | null;
  blocking_type: ErrorRow['crmType'] | null;
  blocking_id: string | null;
  blocking_name: string | null;
  first_seen: number;
  last_seen: number;
  occurrences: number;
  resolved_at: number | null;
  retries: number;
  duplicate_of: string | null;
}

export function toErrorRow(r: SqlErrorRow): ErrorRow {
  return {
    id: String(r.id),
    status: r.status,
    category: r.category,
    crmType: r.crm_type,
    crmId: r.crm_id,
    sfObject: r.sf_object,
    sfId: r.sf_id,
    recordName: r.record_name,
    code: r.code,
    // The DB edge: a sub-type no longer in the taxonomy reads as "other" rather than breaking the title.
    subType: isSubType(r.sub_type) ? r.sub_type : 'other',
    field: r.field,
    value: r.value,
    rule: r.rule,
    rootCauseKey: r.root_cause_key,
    message: r.message,
    summary: r.summary,
    blockingType: r.blocking_type,
    blockingId: r.blocking_id,
    blockingName: r.blocking_name,
    duplicateOf: r.duplicate_of,
    // One row is one record's error; groups() counts records per cause.
    affectedRecords: 1,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    occurrences: r.occurrences,
    resolvedAt: r.resolved_at,
    retries: r.retries,
  };
}

/** Builds the WHERE clause and its parameters; status defaults to open. */
export function whereOf(filter: ErrorFilter): { sql: string; params: unknown[] } {
  const parts = ['status = ?'];
  const params: unknown[] = [filter.status ?? 'open'];
  if (filter.category) {
    parts.push('category = ?');
    params.push(filter.category);
  }
  if (filter.object) {
    parts.push('(crm_type = ? OR sf_object = ?)');
    params.push(filter.object, filter.object);
  }
  if (filter.group) {
    parts.push('root_cause_key = ?');
    params.push(filter.group);
  }
  if (filter.ids) {
    parts.push(`id IN (${filter.ids.map(() => '?').join(',') || 'NULL'})`);
    params.push(...filter.ids.map(Number));
  }
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(
      `(record_name LIKE ? ESCAPE '\\' OR message LIKE ? ESCAPE '\\' OR crm_id = ? OR sf_id = ? OR value LIKE ? ESCAPE '\\')`,
    );
    params.push(like, like, filter.q, filter.q, like);
  }
  return { sql: parts.join(' AND '), params };
}

/** Opaque page cursor: the last row's (last_seen, id). */
export const encodeCursor = (lastSeen: number, id: number) =>
  Buffer.from(`${lastSeen}:${id}`).toString('base64url');

export function decodeCursor(cursor: string): { lastSeen: number; id: number } {
  const [a, b] = Buffer.from(cursor, 'base64url').toString().split(':');
  const lastSeen = Number(a);
  const id = Number(b);
  if (!Number.isFinite(lastSeen) || !Number.isInteger(id)) {
    throw new Error(`Invalid cursor "${cursor}": pass back the nextCursor of the previous page`);
  }
  return { lastSeen, id };
}
