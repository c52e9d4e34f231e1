/**
 * @module How a write of N records for one object is sent, the cheapest way that keeps per-record
 * results: Bulk API 2.0 above the threshold (a handful of calls whatever N), else Composite bundles
 * of up to 5 sObject Collections (1,000 records a call), else one collection (≤ 200).
 */
import type { Connection } from 'jsforce';
import { normalizeItem } from './normalize-error';

/** Salesforce advises Bulk API 2.0 above about 2,000 records. */
export const DEFAULT_BULK_THRESHOLD = 2000;
export const COLLECTION_SIZE = 200;
/** Composite allows at most 5 query or sObject Collections subrequests. */
export const COLLECTIONS_PER_COMPOSITE = 5;

export type WriteStrategy = 'bulk' | 'composite' | 'collection';

/** 'auto' picks by size; 'collections' is the path before Composite and Bulk (bench comparison). */
export type StrategyMode = 'auto' | 'collections';

export function chooseWriteStrategy(
  count: number,
  bulkThreshold: number,
  mode: StrategyMode = 'auto',
): WriteStrategy {
  if (mode === 'collections' || count <= COLLECTION_SIZE) return 'collection';
  return count > bulkThreshold ? 'bulk' : 'composite';
}

export type RawResult = Record<string, unknown>;

type SubResult = { body: unknown; httpStatusCode: number; referenceId: string };

/** A GET subrequest's answer inside a Composite call. */
export interface ReadAnswer {
  status: number;
  body: unknown;
}

/**
 * Sends up to 1,000 records as one Composite call of ≤5 collection upserts (or updates by Id when
 * `externalIdField` is null), allOrNone false throughout; returns the collections' raw per-record results
 * in input order. A subrequest that fails as a whole gives each of its records that subrequest's error.
 */
export async function compositeCollections(
  conn: Connection,
  call: <T>(fn: () => Promise<T>) => Promise<T>,
  version: string,
  object: string,
  externalIdField: string | null,
  records: Record<string, unknown>[],
): Promise<RawResult[]> {
  return (await compositeWrite(conn, call, version, object, externalIdField, records, [])).results;
}

/**
 * The same Composite call, with GET subrequests (`reads`, relative paths such as `query?q=…`) after the
 * writes: a poll riding on a write costs no call of its own. Queries among `reads` count toward the
 * 5 query-or-collection subrequests Salesforce allows; the caller leaves room for the writes.
 */
export async function compositeWrite(
  conn: Connection,
  call: <T>(fn: () => Promise<T>) => Promise<T>,
  version: string,
  object: string,
  externalIdField: string | null,
  records: Record<string, unknown>[],
  reads: string[],
): Promise<{ results: RawResult[]; reads: ReadAnswer[] }> {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < records.length; i += COLLECTION_SIZE)
    chunks.push(records.slice(i, i + COLLECTION_SIZE));
  if (chunks.length > COLLECTIONS_PER_COMPOSITE) {
    throw new RangeError(
      `A Composite call carries at most ${COLLECTIONS_PER_COMPOSITE * COLLECTION_SIZE} records`,
    );
  }
  const base = `/services/data/v${version}/composite/sobjects`;
  const compositeRequest = [
    ...chunks.map((chunk, i) => ({
      method: 'PATCH',
      url: externalIdField ? `${base}/${object}/${externalIdField}` : base,
      referenceId: `chunk${i}`,
      body: { allOrNone: false, records: chunk.map((r) => ({ attributes: { type: object }, ...r })) },
    })),
    ...reads.map((path, i) => ({
      method: 'GET',
      url: `/services/data/v${version}/${path}`,
      referenceId: `read${i}`,
    })),
  ];
  const answer = await call(
    async () =>
      (await conn.request({
        method: 'POST',
        url: `/services/data/v${version}/composite`,
        body: JSON.stringify({ allOrNone: false, compositeRequest }),
        headers: { 'content-type': 'application/json' },
      })) as { compositeResponse: SubResult[] },
  );
  const results = chunks.flatMap((chunk, i) => {
    const sub = answer.compositeResponse[i];
    if (sub && sub.httpStatusCode < 300 && Array.isArray(sub.body)) return sub.body as RawResult[];
    const errors = Array.isArray(sub?.body) ? (sub.body as Record<string, unknown>[]) : [];
    const error = errors[0]
      ? normalizeItem(errors[0])
      : { code: 'UNKNOWN', message: 'No result', fields: [] };
    return chunk.map(() => ({
      success: false,
      errors: [{ statusCode: error.code, message: error.message, fields: error.fields }],
    }));
  });
  return {
    results,
    reads: reads.map((_, i) => {
      const sub = answer.compositeResponse[chunks.length + i];
      return sub ? { status: sub.httpStatusCode, body: sub.body } : { status: 0, body: null };
    }),
  };
}
