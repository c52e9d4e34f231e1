/**
 * @module The Salesforce adapter: the ONLY place jsforce is imported. Pinned API version, every HTTP
 * exchange metered, org usage read from Sforce-Limit-Info, errors normalised, rotated tokens persisted.
 */
import { Connection } from 'jsforce';
import Papa from 'papaparse';
import { type ApiMeter, withCallKind } from './api-meter';
import {
  BULK_QUERY_WORST_CALLS,
  type BulkHooks,
  type BulkJobLedger,
  bulkUpsert,
  type JobInfo,
  pollUntilFinished,
} from './bulk-jobs';
import { type DuplicateMatch, readDuplicateResult } from './duplicate-result';
import {
  normalizeItem,
  normalizeThrown,
  SalesforceApiError,
  type SalesforceErrorItem,
} from './normalize-error';
import { type ChangeStream, type ChangeStreamHandlers, openChangeStream } from './streaming';
import {
  COLLECTIONS_PER_COMPOSITE,
  chooseWriteStrategy,
  compositeCollections,
  compositeWrite,
  DEFAULT_BULK_THRESHOLD,
  type RawResult,
  type StrategyMode,
} from './write-strategy';

export const API_VERSION = '62.0';
/** The client name our calls carry (Sforce-Call-Options); change events of our own writes name it. */
export const SYNC_CLIENT_NAME = 'SyncHealth';
/** sObject Collections take at most 200 records a call; jsforce 3.10.16 does not chunk by itself. */
export const COLLECTION_MAX = 200;

export type UpsertResult =
  | { ok: true; id: string; created: boolean }
  | { ok: false; errors: SalesforceErrorItem[] };

/** What a single-record upsert that asks for duplicate details answered. */
export type DuplicateCheck =
  | { kind: 'duplicate'; match: DuplicateMatch }
  /** No rule stopped it this time: the record was written. */
  | { kind: 'saved'; id: string }
  | { kind: 'other'; errors: SalesforceErrorItem[] };

export interface DescribeField {
  name: string;
  label?: string;
  type: string;
  length?: number;
  precision?: number;
  scale?: number;
  digits?: number;
  nillable?: boolean;
  defaultedOnCreate?: boolean;
  createable?: boolean;
  updateable?: boolean;
  unique?: boolean;
  externalId?: boolean;
  restrictedPicklist?: boolean;
  picklistValues?: { value: string; active: boolean }[];
  referenceTo?: string[];
}

export interface DescribeResult {
  name: string;
  /** The object's label ("Contact", "Opportunity"), for messages an admin reads. */
  label?: string;
  createable?: boolean;
  updateable?: boolean;
  queryable?: boolean;
  fields: DescribeField[];
}

export interface SalesforceAdapter {
  readonly instanceUrl: string;
  describe(object: string): Promise<DescribeResult>;
  /** Upserts on an external id, 200 per call, allOrNone false; one result per input, in order. */
  upsert(
    object: string,
    externalIdField: string,
    records: Record<string, unknown>[],
  ): Promise<UpsertResult[]>;
  /** Updates records by Id (sObject Collections, 200 per call, allOrNone false); one result per input. */
  update(object: string, records: ({ Id: string } & Record<string, unknown>)[]): Promise<UpsertResult[]>;
  /** Deletes records by Id (sObject Collections DELETE, 200 per call, allOrNone false); one result per id. */
  destroy(object: string, ids: string[]): Promise<UpsertResult[]>;
  /**
   * How many queued records one write may carry: the push hands the adapter up to this many at once so
   * that it can pick Bulk API 2.0 or Composite (200 when only collections are used).
   */
  writeBatchSize(): number;
  /** Runs a SOQL query as one Bulk API 2.0 query job (create, polls, result pages); rows as text. */
  bulkQuery(soql: string): Promise<Record<string, string>[]>;
  /**
   * The same job, each row handed to `onRow` as its result page is parsed (no list of every row is
   * held): for reads of a whole object (initial matching's keys). Resolves to the number of rows.
   */
  bulkQueryEach(soql: string, onRow: (row: Record<string, string>) => void): Promise<number>;
  /** Runs a `SELECT COUNT() …` query (one call): the number of rows it matches (totalSize). */
  count(soql: string): Promise<number>;
  /** Runs a SOQL query and follows nextRecordsUrl (each page is one call). */
  query<T = Record<string, unknown>>(soql: string, options?: { includeDeleted?: boolean }): Promise<T[]>;
  /**
   * Reads every row of a query the cheapest way for its size: its first REST page (one call) says how
   * many rows match (totalSize); above `bulkAbove` one Bulk API 2.0 query job reads them all instead of
   * the following pages (rows made REST-like by `restRow`), else the pages follow. `first`: that first
   * page when it was already read (inside a poll's Composite call): it is not read again.
   */
  readAll(
    soql: string,
    bulkAbove: number,
    first?: QueryPage,
  ): Promise<{ rows: Record<string, unknown>[]; bulk: boolean }>;
  /** GET /limits (only when no Sforce-Limit-Info header was seen recently). */
  limits(): Promise<{ used: number; limit: number }>;
  /**
   * Up to 25 GET subrequests (at most 5 of them queries) in ONE call (`POST /composite`, allOrNone
   * false): each answer with its own status and body, in order. Relative URLs: `query?q=…`,
   * `sobjects/Contact/describe`.
   */
  compositeGet?(paths: string[]): Promise<{ status: number; body: unknown }[]>;
  /**
   * GET subrequests (as for `compositeGet`) that the next upsert or update of at most 200 records
   * carries in its own Composite call, after the write: a poll riding on a retry costs no extra call.
   * `answers()` is null until a write carried them; `cancel()` drops what no write took.
   */
  carry?(paths: string[]): CarriedReads;
  /** Change Data Capture over the Streaming API (CometD; no API call counted). Absent: the sync polls. */
  openChangeStream?(handlers: ChangeStreamHandlers): ChangeStream;
  /**
   * One record upserted alone, asking a duplicate rule for its details (collections do not carry them):
   * the existing records it matches and the fields whose values are the same. One call.
   */
  checkDuplicate(
    object: string,
    externalIdField: string,
    record: Record<string, unknown>,
  ): Promise<DuplicateCheck>;
}

/** One page of a REST query's answer (`GET query?q=`), as Salesforce returns it. */
export interface QueryPage {
  records: Record<string, unknown>[];
  done: boolean;
  totalSize: number;
  nextRecordsUrl?: string;
}

export interface CarriedReads {
  answers(): { status: number; body: unknown }[] | null;
  cancel(): void;
}

export interface SalesforceAdapterOptions {
  instanceUrl: string;
  accessToken: string;
  refreshToken?: string;
  oauth2?: { clientId: string; clientSecret?: string; loginUrl: string };
  meter: ApiMeter;
  onTokens?: (t: { accessToken: string; refreshToken?: string }) => void;
  /** A refresh other than OAuth's (e.g. running the Salesforce CLI again): resolves a fresh access token. */
  refreshAccessToken?: () => Promise<string>;
  /** Bulk API 2.0 for large writes: where job ids survive a restart, and above how many records. */
  bulk?: {
    ledger: BulkJobLedger;
    threshold: () => Promise<number>;
    hooks?: BulkHooks;
    now?: () => number;
    pollMs?: [number, number];
  };
  /** 'collections' sends every write as sObject Collections of 200 (the path before Composite and Bulk). */
  strategy?: StrategyMode;
}

/**
 * The most queued records one write takes at a time on the Bulk path: one ingest job's worth for
 * sync-sized rows (about 100 bytes a contact: ~50 MB of CSV, under the 100 MB a job's upload should
 * stay below; bulk-jobs.ts splits a larger upload into more jobs). A million contacts are 2 jobs, not 5;
 * a larger batch would hold more of the queue in memory at once for no fewer jobs.
 */
export const BULK_MAX_RECORDS = 500_000;

const toResult = (r: RawResult, fallbackId?: string): UpsertResult =>
  r.success
    ? { ok: true, id: String(r.id ?? fallbackId), created: Boolean(r.created) }
    : { ok: false, errors: ((r.errors as Record<string, unknown>[]) ?? []).map(normalizeItem) };

type HttpRequest = (
  req: { method: string; url: string },
  options?: unknown,
) => Promise<{
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
}>;

const LIMIT_INFO = /api-usage=(\d+)\/(\d+)/;

/** A Bulk API 2.0 row as a REST row: empty cells are nulls, "Account.Name" is a nested relationship. */
export function restRow(row: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, text] of Object.entries(row)) {
    const value = text === '' ? null : text;
    const dot = key.indexOf('.');
    if (dot < 0) out[key] = value;
    else {
      const rel = key.slice(0, dot);
      const held = (out[rel] as Record<string, unknown> | null | undefined) ?? {};
      out[rel] = { ...held, [key.slice(dot + 1)]: value };
    }
  }
  return out;
}

/** Wraps jsforce's internal transport (an underscore field; see adapter.test.ts) to see every exchange. */
export function meterTransport(conn: Connection, meter: ApiMeter, onStatus: (s: number) => void): void {
  const transport = (conn as unknown as { _transport: { httpRequest: HttpRequest } })._transport;
  if (typeof transport?.httpRequest !== 'function') {
    throw new Error(
      'jsforce moved Connection._transport.httpRequest: update the adapter before upgrading jsforce',
    );
  }
  const original = transport.httpRequest.bind(transport);
  transport.httpRequest = (req, options) => {
    // jsforce retries GETs on 5xx inside the transport, out of our sight: turn that off so every
    // exchange passes here (and is counted), and the engine's one retry policy decides.
    const pending = original(req, { ...(options as object), retry: { maxRetries: 0 } });
    pending.then(
      async (res) => {
        // Outside a transaction the store writes at once, so the call is logged before jsforce answers.
        const recorded = meter.record(
          `${req.method} ${new URL(req.url).pathname.split('/').slice(-2).join('/')}`,
        );
        onStatus(res.statusCode);
        const header = res.headers['sforce-limit-info'];
        const m = LIMIT_INFO.exec(Array.isArray(header) ? header.join(';') : (header ?? ''));
        await recorded;
        if (m) await meter.limitInfo(Number(m[1]), Number(m[2]));
      },
      // A dropped connection reached the server or not; Salesforce counts requests it received,
      // and so do we: a failed exchange is still recorded as one.
      () => meter.record(`${req.method} failed`),
    );
    return pending;
  };
}

/**
 * One jsforce connection as every part of the proxy opens it: pinned version, the same token refresh
 * (a rotated refresh token kept), every HTTP exchange metered, and `call()` that spends budget first
 * and normalises what jsforce throws. The adapter and the setup client both start from it.
 */
export function openMeteredConnection(opts: SalesforceAdapterOptions) {
  const conn = new Connection({
    instanceUrl: opts.instanceUrl,
    accessToken: opts.accessToken,
    refreshToken: opts.refreshToken,
    oauth2: opts.oauth2,
    version: API_VERSION,
    // Sforce-Call-Options: our writes' change events say client=SyncHealth, so the sync skips its echoes.
    callOptions: { client: SYNC_CLIENT_NAME },
    refreshFn: opts.refreshAccessToken
      ? (_conn, done) => {
          opts.refreshAccessToken?.().then(
            (token) => done(undefined, token, { access_token: token } as never),
            (err: Error) => done(err),
          );
        }
      : undefined,
  });
  let lastStatus: number | null = null;
  meterTransport(conn, opts.meter, (s) => {
    lastStatus = s;
  });
  conn.on('refresh', (accessToken: string, res: { refresh_token?: string }) => {
    // jsforce does not keep a rotated refresh token: keep it ourselves, or the next refresh fails.
    if (res?.refresh_token) conn.refreshToken = res.refresh_token;
    opts.onTokens?.({ accessToken, refreshToken: res?.refresh_token ?? conn.refreshToken ?? undefined });
  });

  const call = async <T>(fn: () => Promise<T>): Promise<T> => {
    await opts.meter.ensure(1);
    lastStatus = null;
    try {
      return await fn();
    } catch (err) {
      throw normalizeThrown(err, lastStatus);
    }
  };
  return { conn, call };
}

/**
 * @example
 * const sf = createSalesforceAdapter({ instanceUrl, accessToken, meter });
 * const results = await sf.upsert('Contact', 'HubSpot_Id__c', [{ HubSpot_Id__c: '101', LastName: 'Ng' }]);
 */
export function createSalesforceAdapter(opts: SalesforceAdapterOptions): SalesforceAdapter {
  const { conn, call } = openMeteredConnection(opts);
  const mode = opts.strategy ?? 'auto';
  const threshold = async () => (await opts.bulk?.threshold()) ?? DEFAULT_BULK_THRESHOLD;
  /** Up to 1,000 records a call: Composite bundles of 5 collections. */
  const viaComposite = async (
    object: string,
    externalIdField: string | null,
    records: Record<string, unknown>[],
  ) => {
    const results: UpsertResult[] = [];
    const bundle = COLLECTION_MAX * COLLECTIONS_PER_COMPOSITE;
    for (let i = 0; i < records.length; i += bundle) {
      const chunk = records.slice(i, i + bundle);
      const raw = await compositeCollections(conn, call, API_VERSION, object, externalIdField, chunk);
      for (const [j, r] of raw.entries()) results.push(toResult(r, chunk[j].Id as string | undefined));
    }
    return results;
  };
  const fetchPage = async (url: string) => {
    const transport = (conn as unknown as { _transport: { httpRequest: HttpRequest } })._transport;
    const res = (await transport.httpRequest({
      method: 'GET',
      url: `${conn.instanceUrl}${url}`,
      headers: { authorization: `Bearer ${conn.accessToken}`, accept: 'text/csv' },
    } as never)) as { statusCode: number; headers: Record<string, string>; body: string };
    if (res.statusCode >= 400) {
      throw new SalesforceApiError(
        `ERROR_HTTP_${res.statusCode}`,
        String(res.body).slice(0, 300),
        res.statusCode,
        [],
      );
    }
    return { text: String(res.body), locator: res.headers['sforce-locator'] ?? null };
  };

  type Page<T> = { records: T[]; done: boolean; totalSize: number; nextRecordsUrl?: string };
  // jsforce's Query is a thenable, not a Promise: await it inside the wrapper.
  const firstPage = <T>(soql: string, scanAll: boolean) =>
    call<Page<T>>(async () => (await conn.query(soql, { scanAll })) as unknown as Page<T>);
  /** The first page's records and every page after it (each one call). */
  const restOfPages = async <T>(first: Page<T>): Promise<T[]> => {
    const records = [...first.records];
    for (let page = first; !page.done && page.nextRecordsUrl; ) {
      const next = page.nextRecordsUrl;
      page = await call<Page<T>>(async () => (await conn.queryMore(next)) as unknown as Page<T>);
      records.push(...page.records);
    }
    return records;
  };

  /**
   * Runs a SOQL query as one Bulk API 2.0 query job (see the interface): create, status checks scaled
   * to `expectedRows` when the caller knows it, then the result pages, followed by Sforce-Locator.
   */
  const bulkQueryEach = async (
    soql: string,
    onRow: (row: Record<string, string>) => void,
    expectedRows = 0,
  ): Promise<number> => {
    const base = `/services/data/v${API_VERSION}/jobs/query`;
    // Its requests are checked together first: a job the budget cannot finish is not started.
    await opts.meter.ensure(BULK_QUERY_WORST_CALLS);
    const json = (method: string, url: string, body?: unknown) =>
      call(
        async () =>
          (await conn.request({
            method: method as 'GET',
            url,
            body: body === undefined ? undefined : JSON.stringify(body),
            headers: { 'content-type': 'application/json; charset=utf-8' },
          })) as JobInfo,
      );
    const job = await json('POST', base, {
      operation: 'query',
      query: soql,
      contentType: 'CSV',
      lineEnding: 'LF',
    });
    const info = await pollUntilFinished(() => json('GET', `${base}/${job.id}`), expectedRows, {
      pollMs: opts.bulk?.pollMs,
    });
    if (info.state !== 'JobComplete') {
      throw new SalesforceApiError('BULK_QUERY_FAILED', `Bulk query ${job.id} ${info.state}`, null, []);
    }
    // A query that found nothing (an empty org's first sync): its results page would be a header line.
    if (info.numberRecordsProcessed === 0) return 0;
    let rows = 0;
    let locator: string | null = null;
    do {
      // jsforce does not surface response headers from conn.request: the page's locator comes from
      // the raw transport answer. No maxRecords: Salesforce then fills each page as far as its size
      // allows, the fewest pages (calls) for the job.
      const page = await call(() =>
        fetchPage(`${base}/${job.id}/results${locator ? `?locator=${locator}` : ''}`),
      );
      Papa.parse<Record<string, string>>(page.text, {
        header: true,
        skipEmptyLines: true,
        step: (r) => {
          rows++;
          onRow(r.data);
        },
      });
      locator = page.locator && page.locator !== 'null' ? page.locator : null;
    } while (locator);
    return rows;
  };
  const bulkQuery = async (soql: string, expectedRows = 0): Promise<Record<string, string>[]> => {
    const rows: Record<string, string>[] = [];
    await bulkQueryEach(soql, (row) => rows.push(row), expectedRows);
    return rows;
  };

  /** Reads waiting for the next small write (see `carry`). */
  let riders: { paths: string[]; answers: { status: number; body: unknown }[] | null } | null = null;
  /** One collection of ≤200 records; through Composite when reads ride on it. */
  const smallWrite = async (
    object: string,
    externalIdField: string | null,
    chunk: Record<string, unknown>[],
    alone: () => Promise<RawResult[]>,
  ): Promise<RawResult[]> => {
    const waiting = riders && !riders.answers && mode !== 'collections' ? riders : null;
    if (!waiting) return alone();
    // The poll's call, which the write rides in (its reads are why the call is made now).
    const sent = await withCallKind('poll', () =>
      compositeWrite(conn, call, API_VERSION, object, externalIdField, chunk, waiting.paths),
    );
    waiting.answers = sent.reads;
    return sent.results;
  };

  return {
    instanceUrl: opts.instanceUrl,
    carry(paths) {
      const own = { paths, answers: null as { status: number; body: unknown }[] | null };
      riders = own;
      return {
        answers: () => own.answers,
        cancel: () => {
          if (riders === own) riders = null;
        },
      };
    },
    openChangeStream: (handlers) => openChangeStream(conn, handlers),
    async compositeGet(paths) {
      const base = `/services/data/v${API_VERSION}`;
      const compositeRequest = paths.map((path, i) => ({
        method: 'GET',
        url: `${base}/${path}`,
        referenceId: `r${i}`,
      }));
      const answer = await call(
        async () =>
          (await conn.request({
            method: 'POST',
            url: `${base}/composite`,
            body: JSON.stringify({ allOrNone: false, compositeRequest }),
            headers: { 'content-type': 'application/json' },
          })) as { compositeResponse: { httpStatusCode: number; body: unknown }[] },
      );
      return paths.map((_, i) => {
        const sub = answer.compositeResponse[i];
        return sub ? { status: sub.httpStatusCode, body: sub.body } : { status: 0, body: null };
      });
    },
    describe: (object) =>
      call(async () => (await conn.sobject(object).describe()) as unknown as DescribeResult),
    writeBatchSize: () =>
      mode === 'collections'
        ? COLLECTION_MAX
        : opts.bulk
          ? BULK_MAX_RECORDS
          : COLLECTION_MAX * COLLECTIONS_PER_COMPOSITE,
    async upsert(object, externalIdField, records) {
      const strategy = chooseWriteStrategy(records.length, await threshold(), mode);
      if (strategy === 'bulk' && opts.bulk) {
        const bulk = opts.bulk;
        return bulkUpsert(
          {
            conn,
            call,
            version: API_VERSION,
            ledger: bulk.ledger,
            hooks: bulk.hooks,
            now: bulk.now ?? Date.now,
            pollMs: bulk.pollMs,
            reserve: (calls) => opts.meter.ensure(calls),
          },
          object,
          externalIdField,
          records,
        );
      }
      if (strategy !== 'collection') return viaComposite(object, externalIdField, records);
      const results: UpsertResult[] = [];
      for (let i = 0; i < records.length; i += COLLECTION_MAX) {
        const chunk = records.slice(i, i + COLLECTION_MAX);
        const raw = await smallWrite(object, externalIdField, chunk, () =>
          call(
            async () =>
              (await conn
                .sobject(object)
                .upsert(chunk as never[], externalIdField, { allOrNone: false })) as unknown as RawResult[],
          ),
        );
        for (const r of Array.isArray(raw) ? raw : [raw]) results.push(toResult(r));
      }
      return results;
    },
    async update(object, records) {
      if (chooseWriteStrategy(records.length, Number.POSITIVE_INFINITY, mode) === 'composite') {
        return viaComposite(object, null, records);
      }
      const results: UpsertResult[] = [];
      for (let i = 0; i < records.length; i += COLLECTION_MAX) {
        const chunk = records.slice(i, i + COLLECTION_MAX);
        const raw = await smallWrite(object, null, chunk, () =>
          call(
            async () =>
              (await conn
                .sobject(object)
                .update(chunk as never[], { allOrNone: false })) as unknown as RawResult[],
          ),
        );
        for (const [j, r] of (Array.isArray(raw) ? raw : [raw]).entries())
          results.push(toResult(r, chunk[j].Id));
      }
      return results;
    },
    async destroy(object, ids) {
      const results: UpsertResult[] = [];
      for (let i = 0; i < ids.length; i += COLLECTION_MAX) {
        const chunk = ids.slice(i, i + COLLECTION_MAX);
        const raw = await call(
          async () =>
            (await conn.sobject(object).destroy(chunk, { allOrNone: false })) as unknown as RawResult[],
        );
        for (const [j, r] of (Array.isArray(raw) ? raw : [raw]).entries())
          results.push(toResult(r, chunk[j]));
      }
      return results;
    },
    bulkQuery: (soql) => bulkQuery(soql),
    bulkQueryEach: (soql, onRow) => bulkQueryEach(soql, onRow),
    async count(soql) {
      const page = await call(async () => (await conn.query(soql)) as unknown as { totalSize: number });
      return page.totalSize;
    },
    async query<T>(soql: string, options?: { includeDeleted?: boolean }) {
      // scanAll: the queryAll resource, which also returns deleted and merged rows (IsDeleted = true).
      const first = await firstPage<T>(soql, options?.includeDeleted ?? false);
      return await restOfPages(first);
    },
    async readAll(soql, bulkAbove, given) {
      // The one place that decides between Bulk and paged SOQL, whoever read the first page.
      // A given page that says more follow but not where is read again rather than cut short.
      const usable = given && (given.done || given.nextRecordsUrl) ? given : undefined;
      const first = usable ?? (await firstPage<Record<string, unknown>>(soql, false));
      if (!first.done && first.totalSize > bulkAbove)
        return { rows: (await bulkQuery(soql, first.totalSize)).map(restRow), bulk: true };
      return { rows: await restOfPages(first), bulk: false };
    },
    async checkDuplicate(object, externalIdField, record) {
      const { [externalIdField]: externalId, Id: byId, ...rest } = record;
      // A record linked by Id (its external id still to be stamped) is asked about by Id: an upsert on the
      // external id would not find it. Salesforce answers PATCH by Id with 204 and no body.
      const fields = byId ? { ...rest, [externalIdField]: externalId } : rest;
      const url = byId
        ? `/services/data/v${API_VERSION}/sobjects/${object}/${encodeURIComponent(String(byId))}`
        : `/services/data/v${API_VERSION}/sobjects/${object}/${externalIdField}/${encodeURIComponent(String(externalId))}`;
      try {
        const res = await call(
          async () =>
            (await conn.request({
              method: 'PATCH',
              url,
              body: JSON.stringify(fields),
              headers: {
                'content-type': 'application/json',
                // The rule still blocks; it only says which records it matched and on what.
                'Sforce-Duplicate-Rule-Header':
                  'allowSave=false; includeRecordDetails=true; runAsCurrentUser=true',
              },
            })) as { id?: string } | undefined,
        );
        return { kind: 'saved', id: String(res?.id ?? byId ?? '') };
      } catch (err) {
        if (!(err instanceof SalesforceApiError) || err.status === null || err.status >= 500) throw err;
        const match = err.items.map((i) => readDuplicateResult(i.duplicateResult)).find((m) => m !== null);
        return match ? { kind: 'duplicate', match } : { kind: 'other', errors: err.items };
      }
    },
    async limits() {
      const l = await call(() => conn.limits());
      const daily = l.DailyApiRequests;
      return { used: daily.Max - daily.Remaining, limit: daily.Max };
    },
  };
}
