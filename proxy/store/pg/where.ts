/**
 * @module The error list's filter as a PostgreSQL WHERE clause: the same filters as SQLite's `whereOf`
 * (proxy/store/error-rows.ts), with its case rules: LIKE in SQLite ignores ASCII case, so search is ILIKE.
 */
import type { ErrorListFilter } from '../health-queries';

/** Adds the filter's conditions through `p` (which numbers the parameters); status defaults to open. */
export function whereOfPg(filter: ErrorListFilter, p: (v: unknown) => string): string {
  const parts = [`status = ${p(filter.status ?? 'open')}`];
  if (filter.category) parts.push(`category = ${p(filter.category)}`);
  if (filter.object) {
    const o = p(filter.object);
    parts.push(`(crm_type = ${o} OR sf_object = ${o})`);
  }
  if (filter.group) parts.push(`root_cause_key = ${p(filter.group)}`);
  if (filter.ids) {
    // SQLite compares a non-numeric id as text and finds nothing; a bigint cast would throw instead.
    const ids = filter.ids.filter((id) => /^\d{1,15}$/.test(id)).map(Number);
    parts.push(`id = ANY(${p(ids)}::bigint[])`);
  }
  if (filter.q) {
    const like = p(`%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const exact = p(filter.q);
    parts.push(
      `(record_name ILIKE ${like} OR message ILIKE ${like} OR crm_id = ${exact} OR sf_id = ${exact} OR value ILIKE ${like})`,
    );
  }
  if (filter.subType) parts.push(`sub_type = ${p(filter.subType)}`);
  return parts.join(' AND ');
}
