/**
 * @module Initial matching, CRM → Salesforce: before a CRM record without a link is created in
 * Salesforce, find the record Salesforce already has (contacts by email, accounts by website host then
 * exact name) in batched SOQL — at most 200 keys a query, each query one metered call.
 */
import type { SalesforceAdapter } from '../salesforce/adapter';
import { Soql, soql, soqlContains, soqlName } from '../salesforce/soql';
import type { Store } from '../store';
import { callWithRetry, type RetryOptions } from './call-policy';
import type { ObjectMapping } from './default-mapping';
import { type CandidateCache, type MatchKey, matchKeys, normalizeKey } from './initial-match-keys';

/** Salesforce's cap on keys per query here; also what "≤ ⌈N/200⌉ matching calls" is counted against. */
export const MATCH_KEYS_PER_QUERY = 200;
/**
 * A query goes in the URL (GET …/query?q=): Salesforce refuses request URIs over 16,384 bytes, so a
 * batch is cut before its encoded SOQL passes this (the rest of the URL is the instance and the path).
 */
// 14,000: the embedded org sits behind the proxy's own limit of 16 KB for URI plus headers (a bearer
// token, Sforce-Call-Options): 15,500 left too little and a long batch met a 431 in the bench.
const MAX_ENCODED_SOQL = 14_000;

export type MatchOutcome =
  /** Exactly one Salesforce record has the value and no other CRM record of the batch claims it. */
  | { kind: 'one'; sfId: string; key: MatchKey; value: string }
  /** Several Salesforce records (or several CRM records) share the value: nothing is linked or written. */
  | { kind: 'many'; sfIds: string[]; crmIds: string[]; key: MatchKey; value: string };

export interface MatchDeps {
  salesforce: SalesforceAdapter;
  store: Store;
  retry: RetryOptions;
  /**
   * The Salesforce side's keys read so far this run (the engine gives each run a new one): an object
   * read whole through Bulk API 2.0 once is not read again for the run's next batches.
   */
  candidates?: CandidateCache;
}

export interface MatchStats {
  /** SOQL calls made (a page past the first counts as one more). */
  queries: number;
  /** Records not looked up again: nothing in Salesforce had their values at their last lookup. */
  remembered?: number;
}

/** Splits items into query-sized chunks: ≤200 each and short enough for the URL. */
export function chunkKeys<T>(items: T[], render: (chunk: T[]) => string): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  for (const v of items) {
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

/** Above this many CRM records of one object, matching reads through one Bulk API 2.0 query (≈ 3 calls vs ⌈N/200⌉). */
export const BULK_MATCH_MIN = 1000;

/** One CRM record's normalized values, one per key of the mapping (null: the record has none). */
interface Keyed {
  crmId: string;
  values: (string | null)[];
}

/** One condition per key, ORed, so a single query carries every key kind of a batch of records. */
function soqlFor(m: ObjectMapping, keys: MatchKey[], batch: Keyed[]): Soql {
  const parts: Soql[] = [];
  keys.forEach((key, k) => {
    const values = [...new Set(batch.flatMap((r) => (r.values[k] ? [r.values[k]] : [])))];
    if (!values.length) return;
    const field = soqlName(key.sf);
    if (key.kind === 'domain') for (const v of values) parts.push(soql`${field} LIKE ${soqlContains(v)}`);
    else
      parts.push(
        soql`${field} IN (${join(
          values.map((v) => soql`${v}`),
          ', ',
        )})`,
      );
  });
  const selected = join([soqlName('Id'), ...keys.map((k) => soqlName(k.sf))], ', ');
  // A record that already carries a CRM id belongs to another CRM record: it is not a candidate.
  return soql`SELECT ${selected} FROM ${soqlName(m.sfObject)} WHERE (${join(parts, ' OR ')}) AND ${soqlName(m.externalId)} = null`;
}

/** Parts already made safe, side by side. */
function join(parts: Soql[], separator: ', ' | ' OR '): Soql {
  return new Soql(parts.map((p) => p.text).join(separator));
}

/**
 * Looks up the Salesforce twins of unlinked CRM records; returns an outcome per CRM id that matched
 * (absent: nothing matched, the record is created). Reads only. Every key kind (a company's website
 * host and its name) goes in the same query, so N records cost ⌈N/200⌉ queries; the keys are then
 * tried in order: a record with candidates by host is not matched by name.
 */
export async function matchInSalesforce(
  deps: MatchDeps,
  m: ObjectMapping,
  records: { crmId: string; props: Record<string, string | null> }[],
  stats: MatchStats = { queries: 0 },
): Promise<Map<string, MatchOutcome>> {
  const out = new Map<string, MatchOutcome>();
  const keys = matchKeys(m);
  const keyed: Keyed[] = records
    .map((r) => ({ crmId: r.crmId, values: keys.map((key) => normalizeKey(key.kind, r.props[key.crm])) }))
    .filter((r) => r.values.some(Boolean));
  if (!keyed.length) return out;
  // Per key, the Salesforce ids found for each normalized value.
  const candidates = keys.map(() => new Map<string, string[]>());
  const wanted = keys.map((_, k) => new Set(keyed.map((r) => r.values[k])));
  // Many records: one Bulk API 2.0 query reads every candidate of the object (create, a status check or
  // two, its result pages) instead of one SOQL call per 200 records, once per run: the run's later
  // batches look their values up in what it read.
  const cacheKey = `${m.sfObject}:${keys.map((k) => k.sf).join(',')}`;
  let index = deps.candidates?.get(cacheKey);
  if (!index && keyed.length > BULK_MATCH_MIN) {
    index = await readCandidateIndex(deps, m, keys);
    deps.candidates?.set(cacheKey, index);
    stats.queries += 3;
  }
  if (index) {
    // A Salesforce record linked since the read (matched by an earlier batch) is no candidate.
    const linked = new Map<string, boolean>();
    for (const [k, byValue] of index.entries()) {
      for (const value of wanted[k]) {
        if (!value) continue;
        const ids: string[] = [];
        for (const id of byValue.get(value) ?? []) {
          if (!linked.has(id)) linked.set(id, Boolean(await deps.store.linkBySfId(id)));
          if (!linked.get(id)) ids.push(id);
        }
        if (ids.length) candidates[k].set(value, ids);
      }
    }
  }
  const batches = index ? [] : chunkKeys(keyed, (c) => soqlFor(m, keys, c).text);
  for (const batch of batches) {
    const rows = await readMatchCandidates(deps, m, soqlFor(m, keys, batch).text);
    // One call per page of 2,000 rows (the adapter follows nextRecordsUrl).
    stats.queries += Math.max(1, Math.ceil(rows.length / 2000));
    const inBatch = keys.map((_, k) => new Set(batch.map((r) => r.values[k])));
    for (const row of rows) {
      const id = String(row.Id);
      if (await deps.store.linkBySfId(id)) continue;
      keys.forEach((key, k) => {
        const v = normalizeKey(key.kind, row[key.sf]);
        // LIKE finds "acme.example" inside "notacme.example": only the same host counts.
        if (!v || !inBatch[k].has(v)) return;
        const ids = candidates[k].get(v) ?? [];
        if (!ids.includes(id)) candidates[k].set(v, [...ids, id]);
      });
    }
  }
  const claimed = new Set<string>();
  keys.forEach((key, k) => {
    const byValue = new Map<string, string[]>();
    for (const r of keyed) {
      const v = r.values[k];
      if (v && !out.has(r.crmId)) byValue.set(v, [...(byValue.get(v) ?? []), r.crmId]);
    }
    for (const [value, crmIds] of byValue) {
      // A Salesforce record the key before has linked is not a candidate for another CRM record.
      const sfIds = (candidates[k].get(value) ?? []).filter((id) => !claimed.has(id));
      if (!sfIds.length) continue;
      for (const crmId of crmIds) {
        if (sfIds.length === 1 && crmIds.length === 1) {
          out.set(crmId, { kind: 'one', sfId: sfIds[0], key, value });
          claimed.add(sfIds[0]);
        } else out.set(crmId, { kind: 'many', sfIds, crmIds, key, value });
      }
    }
  });
  return out;
}

/**
 * The one Salesforce read of matching: the candidates a query names. Kept behind this function so the
 * way of reading changes in one place.
 */
export async function readMatchCandidates(
  deps: MatchDeps,
  m: ObjectMapping,
  q: string,
): Promise<Record<string, unknown>[]> {
  return callWithRetry(() => deps.salesforce.query(q), m.sfObject, deps.retry);
}

/**
 * Every Salesforce record of the object that could be a candidate, read by one Bulk API 2.0 query and
 * indexed as it streams in (per key: normalized value → ids; the rows themselves are not kept).
 */
async function readCandidateIndex(
  deps: MatchDeps,
  m: ObjectMapping,
  keys: MatchKey[],
): Promise<Map<string, string[]>[]> {
  return callWithRetry(
    async () => {
      // Built afresh on each attempt: a retried query does not add its rows twice.
      const index = keys.map(() => new Map<string, string[]>());
      await deps.salesforce.bulkQueryEach(bulkSoqlFor(m, keys).text, (row) => {
        keys.forEach((key, k) => {
          const v = normalizeKey(key.kind, row[key.sf]);
          if (!v) return;
          const ids = index[k].get(v);
          if (ids) ids.push(row.Id);
          else index[k].set(v, [row.Id]);
        });
      });
      return index;
    },
    m.sfObject,
    deps.retry,
  );
}
/** Every record of the object that could be a candidate: one Bulk API 2.0 query for a large first sync. */
function bulkSoqlFor(m: ObjectMapping, keys: MatchKey[]): Soql {
  const selected = join([soqlName('Id'), ...keys.map((k) => soqlName(k.sf))], ', ');
  const anyKey = join(
    keys.map((k) => soql`${soqlName(k.sf)} != null`),
    ' OR ',
  );
  return soql`SELECT ${selected} FROM ${soqlName(m.sfObject)} WHERE (${anyKey}) AND ${soqlName(m.externalId)} = null`;
}
