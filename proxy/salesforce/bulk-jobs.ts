/**
 * @module Upserts through one Bulk API 2.0 ingest job, crash-safe: the job id is stored before the
 * upload and each stage after it, so a restarted process resumes the stored job (closes it, polls it,
 * reads its results) instead of uploading the same records again. Every row gets its own result,
 * `sf__Error` "CODE:message:fields --" parsed into the same shape as a collection error.
 */
import { createHash } from 'node:crypto';
import type { Connection } from 'jsforce';
import Papa from 'papaparse';
import type { SalesforceErrorItem } from './normalize-error';

export type BulkStage = 'created' | 'uploaded' | 'closed';

export interface BulkJobRow {
  jobId: string;
  sfObject: string;
  externalIdField: string;
  /** sha256 of the uploaded CSV: a resumed job applies only to the very same records and values. */
  fingerprint: string;
  stage: BulkStage;
  createdAt: number;
}

/** Where job ids are kept across restarts (proxy/store/bulk-jobs.ts). */
export interface BulkJobLedger {
  pendingBulkJob(sfObject: string): Promise<BulkJobRow | undefined>;
  saveBulkJob(row: BulkJobRow): Promise<void>;
  removeBulkJob(jobId: string): Promise<void>;
}

/** Named points where the crash tests stop the process (never set in production). */
export interface BulkHooks {
  afterBulkCreate?: (sfObject: string) => void;
  afterBulkUpload?: (sfObject: string) => void;
}

export type BulkRowResult =
  | { ok: true; id: string; created: boolean }
  | { ok: false; errors: SalesforceErrorItem[] };

export interface BulkDeps {
  conn: Connection;
  call: <T>(fn: () => Promise<T>) => Promise<T>;
  version: string;
  ledger: BulkJobLedger;
  hooks?: BulkHooks;
  now: () => number;
  /** Waits between polls; grows from the first value to the last (default 250 ms to 5 s). */
  pollMs?: [number, number];
  sleep?: (ms: number) => Promise<void>;
  /**
   * Checks the budget for `calls` at once (the meter's ensure): throws before the job starts, or resumes,
   * when its requests together could pass the allocation or the headroom. Each request is still checked.
   */
  reserve?: (calls: number) => Promise<void>;
}

/**
 * The calls one ingest job costs at worst before a slow job's extra status checks: create, upload, close,
 * three status checks, the successful and the failed lists. Each HTTP request is one call on Salesforce;
 * the guard checks them together so a job is not started that the budget cannot finish.
 */
export const BULK_JOB_WORST_CALLS = 8;
/** A Bulk API 2.0 query at worst before extra status checks or result pages: create, two checks, one page. */
export const BULK_QUERY_WORST_CALLS = 4;
/** What is left of that worst case once a stored job has reached a stage. */
const CALLS_LEFT: Record<BulkStage | 'new', number> = { new: 8, created: 7, uploaded: 6, closed: 5 };

/**
 * `REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --` → code, message, fields.
 * The message may hold colons itself: the code is before the first, the fields after the last.
 */
export function parseBulkError(text: string): SalesforceErrorItem {
  const trimmed = text.replace(/\s*--\s*$/, '');
  const first = trimmed.indexOf(':');
  if (first < 0) return { code: trimmed || 'UNKNOWN', message: trimmed, fields: [] };
  const code = trimmed.slice(0, first);
  let message = trimmed.slice(first + 1);
  let fields: string[] = [];
  const last = message.lastIndexOf(':');
  const tail = last >= 0 ? message.slice(last + 1) : '';
  if (last >= 0 && /^[A-Za-z0-9_.,]*$/.test(tail)) {
    fields = tail.split(',').filter(Boolean);
    message = message.slice(0, last);
  }
  return { code, message, fields };
}

/** CSV Bulk reads: null → #N/A (clear the value), absent → empty (leave it). */
export function toBulkCsv(records: Record<string, unknown>[]): string {
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const rows = records.map((r) =>
    columns.map((c) => {
      const v = r[c];
      if (v === null) return '#N/A';
      return v === undefined ? '' : String(v);
    }),
  );
  return `${Papa.unparse([columns, ...rows], { newline: '\n' })}\n`;
}

interface JobInfo {
  id: string;
  state: string;
  errorMessage?: string;
  numberRecordsProcessed?: number;
  numberRecordsFailed?: number;
}

/** One call per HTTP request; JSON answers parsed, CSV answers returned as text. */
function bulkRequest<T>(
  deps: BulkDeps,
  method: string,
  path: string,
  body?: string,
  csv = false,
): Promise<T> {
  const url = `/services/data/v${deps.version}/jobs/ingest${path}`;
  return deps.call(
    async () =>
      (await deps.conn.request(
        {
          method: method as 'GET',
          url,
          body,
          headers: {
            'content-type': csv && method === 'PUT' ? 'text/csv' : 'application/json; charset=utf-8',
          },
        },
        csv ? { responseType: 'text/plain' } : {},
      )) as T,
  );
}

const FINISHED = new Set(['JobComplete', 'Failed', 'Aborted']);

/**
 * Upserts `records` on `externalIdField` through one ingest job; returns one result per input, in
 * input order. Throws (after storing nothing new) when the job as a whole fails.
 */
export async function bulkUpsert(
  deps: BulkDeps,
  sfObject: string,
  externalIdField: string,
  records: Record<string, unknown>[],
): Promise<BulkRowResult[]> {
  const csv = toBulkCsv(records);
  const fingerprint = createHash('sha256').update(`${sfObject}\n${externalIdField}\n${csv}`).digest('hex');
  let job = await deps.ledger.pendingBulkJob(sfObject);
  if (job && job.fingerprint !== fingerprint) {
    // A job for other records or values: settle it first, so it cannot land after the new one.
    await deps.reserve?.(CALLS_LEFT[job.stage]);
    await settleForeign(deps, job);
    job = undefined;
  }
  await deps.reserve?.(CALLS_LEFT[job?.stage ?? 'new']);
  if (!job) {
    const created = await bulkRequest<JobInfo>(
      deps,
      'POST',
      '',
      JSON.stringify({
        object: sfObject,
        operation: 'upsert',
        externalIdFieldName: externalIdField,
        contentType: 'CSV',
        lineEnding: 'LF',
      }),
    );
    job = {
      jobId: created.id,
      sfObject,
      externalIdField,
      fingerprint,
      stage: 'created',
      createdAt: deps.now(),
    };
    await deps.ledger.saveBulkJob(job);
    deps.hooks?.afterBulkCreate?.(sfObject);
  }
  if (job.stage === 'created') {
    await uploadOnce(deps, job.jobId, csv);
    job = { ...job, stage: 'uploaded' };
    await deps.ledger.saveBulkJob(job);
    deps.hooks?.afterBulkUpload?.(sfObject);
  }
  if (job.stage === 'uploaded') {
    await closeOnce(deps, job.jobId);
    job = { ...job, stage: 'closed' };
    await deps.ledger.saveBulkJob(job);
  }
  const info = await poll(deps, job.jobId);
  if (info.state !== 'JobComplete') {
    await deps.ledger.removeBulkJob(job.jobId);
    throw new Error(`Bulk job ${job.jobId} ${info.state}: ${info.errorMessage ?? 'no reason given'}`);
  }
  const results = await readResults(deps, job.jobId, externalIdField, records, info);
  // The caller stores these results before the next job starts; the ledger row has served.
  await deps.ledger.removeBulkJob(job.jobId);
  return results;
}

async function uploadOnce(deps: BulkDeps, jobId: string, csv: string): Promise<void> {
  try {
    await bulkRequest(deps, 'PUT', `/${jobId}/batches`, csv, true);
  } catch (error) {
    // Killed after the upload but before its stage was stored: the job already holds this data.
    if ((error as { code?: string }).code !== 'INVALIDJOBSTATE') throw error;
  }
}

async function closeOnce(deps: BulkDeps, jobId: string): Promise<void> {
  try {
    await bulkRequest(deps, 'PATCH', `/${jobId}`, JSON.stringify({ state: 'UploadComplete' }));
  } catch (error) {
    if ((error as { code?: string }).code !== 'INVALIDJOBSTATE') throw error;
  }
}

async function poll(deps: BulkDeps, jobId: string): Promise<JobInfo> {
  const [first, ceiling] = deps.pollMs ?? [250, 5000];
  const sleep = deps.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  let wait = first;
  for (;;) {
    await sleep(wait);
    const info = await bulkRequest<JobInfo>(deps, 'GET', `/${jobId}`);
    if (FINISHED.has(info.state)) return info;
    wait = Math.min(ceiling, wait * 2);
  }
}

/** A stored job whose records are not the ones to send now: abort it if still open, else let it finish. */
async function settleForeign(deps: BulkDeps, job: BulkJobRow): Promise<void> {
  try {
    if (job.stage === 'closed') await poll(deps, job.jobId);
    else await bulkRequest(deps, 'PATCH', `/${job.jobId}`, JSON.stringify({ state: 'Aborted' }));
  } catch (error) {
    // Gone (deleted after 7 days) or already finished: nothing left to wait for.
    const code = (error as { code?: string }).code;
    if (code !== 'NOT_FOUND' && code !== 'INVALIDJOBSTATE') throw error;
  }
  await deps.ledger.removeBulkJob(job.jobId);
}

function parseCsv(text: string): Record<string, string>[] {
  if (!text.trim()) return [];
  return Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
}

/** Results arrive in no guaranteed order: they are matched to inputs by the external id column. */
async function readResults(
  deps: BulkDeps,
  jobId: string,
  externalIdField: string,
  records: Record<string, unknown>[],
  info: JobInfo,
): Promise<BulkRowResult[]> {
  // The job's counts say when a list is empty: reading it would spend a call for a header line.
  // (numberRecordsProcessed includes the failed rows.) Without counts, both are read.
  const failedCount = info.numberRecordsFailed;
  const succeededCount =
    info.numberRecordsProcessed === undefined || failedCount === undefined
      ? undefined
      : info.numberRecordsProcessed - failedCount;
  const successful =
    succeededCount === 0
      ? []
      : parseCsv(await bulkRequest<string>(deps, 'GET', `/${jobId}/successfulResults`, undefined, true));
  const failed =
    failedCount === 0
      ? []
      : parseCsv(await bulkRequest<string>(deps, 'GET', `/${jobId}/failedResults`, undefined, true));
  const byKey = new Map<string, BulkRowResult>();
  for (const row of successful) {
    byKey.set(row[externalIdField], { ok: true, id: row.sf__Id, created: row.sf__Created === 'true' });
  }
  for (const row of failed)
    byKey.set(row[externalIdField], { ok: false, errors: [parseBulkError(row.sf__Error ?? '')] });
  return records.map(
    (r) =>
      byKey.get(String(r[externalIdField])) ?? {
        // Neither succeeded nor failed: Salesforce did not process it. Transient: the queue retries it.
        ok: false,
        errors: [
          {
            code: 'PROCESSING_HALTED',
            message: 'Salesforce did not process this record in its bulk job',
            fields: [],
          },
        ],
      },
  );
}
