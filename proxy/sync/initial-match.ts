/**
 * @module Initial matching, CRM → Salesforce: before a CRM record without a link is created in
 * Salesforce, find the record Salesforce already has (contacts by email, accounts by website host then
 * exact name) in batched SOQL — at most 200 keys a query, each query one metered call.
 */
import type { SalesforceAdapter } from '../salesforce/adapter';
import type { Store } from '../store';
import { callWithRetry, type RetryOptions } from './call-policy';
import type { ObjectMapping } from './default-mapping';
import { likeAnywhere, type MatchKey, matchKeys, normalizeKey, soqlLiteral } from './initial-match-keys';

/** Salesforce's cap on keys per query here; also what "≤ ⌈N/200⌉ matching calls" is counted against. */
export const MATCH_KEYS_PER_QUERY = 200;
/**
 * A query goes in the URL (GET …/query?q=): Salesforce refuses URIs over 16,384 bytes, so a batch of
 * long values is cut before that.
 */
const MAX_ENCODED_SOQL = 12_000;

export type MatchOutcome =
  /** Exactly one Salesforce record has the value and no other CRM record of the batch claims it. */
  | { kind: 'one'; sfId: string; key: MatchKey; value: string }
  /** Several Salesforce records (or several CRM records) share the value: nothing is linked or written. */
  | { kind: 'many'; sfIds: string[]; crmIds: string[]; key: MatchKey; value: string };

export interface MatchDeps {
  salesforce: SalesforceAdapter;
  store: Store;
  retry: RetryOptions;
}

export interface MatchStats {
  /** SOQL calls made (a page past the first counts as one more). */
  queries: number;
}

/** Splits values into query-sized chunks: ≤200 each and short enough for the URL. */
export function chunkKeys(values: string[], render: (chunk: string[]) => string): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  for (const v of values) {
    const next = [...current, v];
    if (
      current.length &&
      (next.length > MATCH_KEYS_PER_QUERY || encodeURIComponent(render(next)).length > MAX_ENCODED_SOQL)
    ) {
      chunks.push(current);
      current = [v];
    } else current = next;
  }
  if (current.length) chunks.push(current);
  return chunks;
}

/** Above this many values of one key, matching reads through one Bulk API 2.0 query (≈ 3 calls vs ⌈N/200⌉). */
export const BULK_MATCH_MIN = 1000;

function soqlFor(m: ObjectMapping, key: MatchKey, values: string[]): string {
  const where =
    key.kind === 'domain'
      ? `(${values.map((v) => `${key.sf} LIKE ${likeAnywhere(v)}`).join(' OR ')})`
      : `${key.sf} IN (${values.map(soqlLiteral).join(', ')})`;
  // A record that already carries a CRM id belongs to another CRM record: it is not a candidate.
  return `SELECT Id, ${key.sf} FROM ${m.sfObject} WHERE ${where} AND ${m.externalId} = null`;
}

/**
 * Looks up the Salesforce twins of unlinked CRM records; returns an outcome per CRM id that matched
 * (absent: nothing matched, the record is created). Reads only.
 */
export async function matchInSalesforce(
  deps: MatchDeps,
  m: ObjectMapping,
  records: { crmId: string; props: Record<string, string | null> }[],
  stats: MatchStats = { queries: 0 },
): Promise<Map<string, MatchOutcome>> {
  const out = new Map<string, MatchOutcome>();
  for (const key of matchKeys(m)) {
    const byValue = new Map<string, string[]>();
    for (const r of records) {
      if (out.has(r.crmId)) continue;
      const v = normalizeKey(key.kind, r.props[key.crm]);
      if (v) byValue.set(v, [...(byValue.get(v) ?? []), r.crmId]);
    }
    if (!byValue.size) continue;
    const candidates = new Map<string, string[]>();
    // Many values: one Bulk API 2.0 query reads every candidate (a handful of calls) instead of one
    // SOQL call per 200 values; the same filter as below is applied to its rows.
    const chunks =
      byValue.size > BULK_MATCH_MIN
        ? [{ values: [...byValue.keys()], bulk: true }]
        : chunkKeys([...byValue.keys()], (c) => soqlFor(m, key, c)).map((values) => ({
            values,
            bulk: false,
          }));
    for (const { values: chunk, bulk } of chunks) {
      const soql = bulk
        ? `SELECT Id, ${key.sf} FROM ${m.sfObject} WHERE ${key.sf} != null AND ${m.externalId} = null`
        : soqlFor(m, key, chunk);
      const rows: Record<string, unknown>[] = await callWithRetry(
        () => (bulk ? deps.salesforce.bulkQuery(soql) : deps.salesforce.query(soql)),
        m.sfObject,
        deps.retry,
      );
      // One call per page of 2,000 rows (the adapter follows nextRecordsUrl); a bulk query: create, poll, results.
      stats.queries += bulk ? 3 : Math.max(1, Math.ceil(rows.length / 2000));
      const wanted = new Set(chunk);
      for (const row of rows) {
        const v = normalizeKey(key.kind, row[key.sf]);
        const id = String(row.Id);
        // LIKE finds "acme.example" inside "notacme.example": only the same host counts.
        if (!v || !wanted.has(v) || deps.store.linkBySfId(id)) continue;
        candidates.set(v, [...(candidates.get(v) ?? []), id]);
      }
    }
    for (const [value, sfIds] of candidates) {
      const crmIds = byValue.get(value) ?? [];
      for (const crmId of crmIds)
        out.set(
          crmId,
          sfIds.length === 1 && crmIds.length === 1
            ? { kind: 'one', sfId: sfIds[0], key, value }
            : { kind: 'many', sfIds, crmIds, key, value },
        );
    }
  }
  return out;
}
