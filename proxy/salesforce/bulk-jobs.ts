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
  /**
   * The shortest and the longest wait between status checks for a small job (default 250 ms and 5 s);
   * a large job's first wait and ceiling grow with its record count (see `pollUntilFinished`).
   */
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

/**
 * The most CSV one job's upload carries. Salesforce takes up to 150 MB of base64-encoded content per
 * upload and advises at most 100 MB of raw data to leave room for the encoding ("Upload Job Data").
 */
export const BULK_UPLOAD_MAX_BYTES = 100 * 1024 * 1024;

/** One job's share of a write: the CSV of `count` records starting at `start`. */
export interface BulkPart {
  start: number;
  count: number;
  csv: string;
}

/**
 * The records as CSV uploads of at most `maxBytes` each (one part for sync-sized rows: about 100 bytes
 * a contact, so 500,000 contacts are ~50 MB). Rows are serialized one by one and joined per part, so the
 * whole write is never held twice as cells. Null → #N/A (clear the value), absent → empty (leave it).
 */
export function bulkCsvParts(
  records: Record<string, unknown>[],
  maxBytes = BULK_UPLOAD_MAX_BYTES,
): BulkPart[] {
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const header = `${Papa.unparse([columns], { newline: '\n' })}\n`;
  const headerBytes = Buffer.byteLength(header);
  const parts: BulkPart[] = [];
  let lines: string[] = [];
  let bytes = headerBytes;
  let start = 0;
  const flush = (end: number) => {
    parts.push({ start, count: end - start, csv: header + lines.join('') });
    lines = [];
    bytes = headerBytes;
    start = end;
  };
  records.forEach((r, i) => {
    const cells = columns.map((c) => {
      const v = r[c];
      if (v === null) return '#N/A';
      return v === undefined ? '' : String(v);
    });
    const line = `${Papa.unparse([cells], { newline: '\n' })}\n`;
    const size = Buffer.byteLength(line);
    if (lines.length && bytes + size > maxBytes) flush(i);
    lines.push(line);
    bytes += size;
  });
  if (lines.length) flush(records.length);
  return parts;
}

/** The records as one CSV upload (whatever its size). */
export function toBulkCsv(records: Record<string, unknown>[]): string {
  return bulkCsvParts(records, Number.POSITIVE_INFINITY)[0]?.csv ?? '';
}

export interface JobInfo {
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
 * Upserts `records` on `externalIdField` through one ingest job per upload's worth (one job for the
 * batches the push hands over, see adapter.ts BULK_MAX_RECORDS); returns one result per input, in
 * input order. Throws (after storing nothing new) when a job as a whole fails.
 *
 * Several parts run one after the other, each job finished and its ledger row removed before the next
 * starts. A kill during part k leaves part k's job in the ledger: the restart resumes it first, then
 * sends the other parts, the earlier ones again (their results were not stored yet: an upsert on the
 * external id, the same records, no twins, only their calls).
 */
export async function bulkUpsert(
  deps: BulkDeps,
  sfObject: string,
  externalIdField: string,
  records: Record<string, unknown>[],
  maxBytes = BULK_UPLOAD_MAX_BYTES,
): Promise<BulkRowResult[]> {
  const parts = bulkCsvParts(records, maxBytes);
  // A stored job of one of these parts (a kill during a write of several jobs) is resumed first: the
  // parts hold different records, so their order does not matter, and it is not aborted as foreign.
  const pending = parts.length > 1 ? await deps.ledger.pendingBulkJob(sfObject) : undefined;
  const fingerprints = parts.map((p) => fingerprintOf(sfObject, externalIdField, p.csv));
  const resumed = pending ? fingerprints.indexOf(pending.fingerprint) : -1;
  const order = parts.map((_, i) => i);
  if (resumed > 0) order.unshift(...order.splice(resumed, 1));
  const results: BulkRowResult[] = new Array(records.length);
  for (const i of order) {
    const part = parts[i];
    const slice = records.slice(part.start, part.start + part.count);
    const partResults = await upsertPart(deps, sfObject, externalIdField, slice, part.csv);
    for (const [j, r] of partResults.entries()) results[part.start + j] = r;
  }
  return results;
}

const fingerprintOf = (sfObject: string, externalIdField: string, csv: string) =>
  createHash('sha256').update(`${sfObject}\n${externalIdField}\n${csv}`).digest('hex');

/** One ingest job: created (id stored), uploaded, closed, polled, its results read; resumed when stored. */
async function upsertPart(
  deps: BulkDeps,
  sfObject: string,
  externalIdField: string,
  records: Record<string, unknown>[],
  csv: string,
  secondTry = false,
): Promise<BulkRowResult[]> {
  const fingerprint = fingerprintOf(sfObject, externalIdField, csv);
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
    if (!(await closeOnce(deps, job.jobId))) {
      // Uploaded twice: a kill fell between the upload and its stage being stored, and the resume
      // uploaded again. Salesforce will not close such a job: it is aborted and the part sent afresh.
      await bulkRequest(deps, 'PATCH', `/${job.jobId}`, JSON.stringify({ state: 'Aborted' }));
      await deps.ledger.removeBulkJob(job.jobId);
      if (secondTry) throw new Error(`Bulk job ${job.jobId} could not be closed after a fresh upload`);
      return upsertPart(deps, sfObject, externalIdField, records, csv, true);
    }
    job = { ...job, stage: 'closed' };
    await deps.ledger.saveBulkJob(job);
  }
  const info = await poll(deps, job.jobId, records.length);
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

/** Closes the job; false when Salesforce refuses because the job holds more than one upload. */
async function closeOnce(deps: BulkDeps, jobId: string): Promise<boolean> {
  try {
    await bulkRequest(deps, 'PATCH', `/${jobId}`, JSON.stringify({ state: 'UploadComplete' }));
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    // Salesforce's message spells it "multipe contents"; either spelling is read.
    if (code === 'INVALIDJOB' && /multip\w* contents/i.test(message ?? '')) return false;
    // Killed after the close but before its stage was stored: the job is already closed.
    if (code !== 'INVALIDJOBSTATE') throw error;
  }
  return true;
}

/**
 * How fast Salesforce is guessed to work through a job before its own counts say: the first status
 * check waits for this rate's worth of the job. A guess on the fast side costs one check more; one on
 * the slow side costs wall time, never more checks.
 */
export const BULK_GUESS_RECORDS_PER_SECOND = 10_000;

export interface PollOptions {
  /** The shortest and the longest wait for a small job (the ceiling grows with the job's size). */
  pollMs?: [number, number];
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Checks a job's state until it is finished, with waits scaled to the job (Salesforce advises polling
 * with growing intervals): the first wait is the guessed time for `records` rows; once a check shows
 * rows processed, the next wait is the time the rest takes at the rate seen so far (plus a tenth);
 * while none are, the wait doubles. Waits stay between the floor and a ceiling of five times the guess
 * (at least the small-job ceiling): a job 10× slower than guessed still costs about 4 checks. A job of any size thus costs about 2–4 checks. `records` 0: unknown
 * size (a query), the floor first and doubling.
 */
export async function pollUntilFinished(
  check: () => Promise<JobInfo>,
  records: number,
  options: PollOptions = {},
): Promise<JobInfo> {
  const [floor, smallCeiling] = options.pollMs ?? [250, 5000];
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const guessMs = (records / BULK_GUESS_RECORDS_PER_SECOND) * 1000;
  const ceiling = Math.max(smallCeiling, guessMs * 5);
  const within = (ms: number) => Math.round(Math.min(ceiling, Math.max(floor, ms)));
  let wait = within(guessMs);
  // The waits slept so far: the job's age as this poller sees it (a fake sleep in tests keeps it exact).
  let waited = 0;
  for (;;) {
    await sleep(wait);
    waited += wait;
    const info = await check();
    if (FINISHED.has(info.state)) return info;
    const done = info.numberRecordsProcessed ?? 0;
    wait = done > 0 && records > done ? within(((records - done) * waited * 1.1) / done) : within(wait * 2);
  }
}

function poll(deps: BulkDeps, jobId: string, records: number): Promise<JobInfo> {
  return pollUntilFinished(() => bulkRequest<JobInfo>(deps, 'GET', `/${jobId}`), records, deps);
}

/** A stored job whose records are not the ones to send now: abort it if still open, else let it finish. */
async function settleForeign(deps: BulkDeps, job: BulkJobRow): Promise<void> {
  try {
    if (job.stage === 'closed') await poll(deps, job.jobId, 0);
    else await bulkRequest(deps, 'PATCH', `/${job.jobId}`, JSON.stringify({ state: 'Aborted' }));
  } catch (error) {
    // Gone (deleted after 7 days) or already finished: nothing left to wait for.
    const code = (error as { code?: string }).code;
    if (code !== 'NOT_FOUND' && code !== 'INVALIDJOBSTATE') throw error;
  }
  await deps.ledger.removeBulkJob(job.jobId);
}

/** Calls `onRow` for each row of a result CSV, without building the list of rows first. */
function eachCsvRow(text: string, onRow: (row: Record<string, string>) => void): void {
  if (!text.trim()) return;
  Papa.parse<Record<string, string>>(text, {
    header: true,
    skipEmptyLines: true,
    step: (r) => onRow(r.data),
  });
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
  // Each list is parsed row by row straight into the map (a 500,000-row list is not held as rows too).
  const byKey = new Map<string, BulkRowResult>();
  if (succeededCount !== 0) {
    const text = await bulkRequest<string>(deps, 'GET', `/${jobId}/successfulResults`, undefined, true);
    eachCsvRow(text, (row) =>
      byKey.set(row[externalIdField], { ok: true, id: row.sf__Id, created: row.sf__Created === 'true' }),
    );
  }
  if (failedCount !== 0) {
    const text = await bulkRequest<string>(deps, 'GET', `/${jobId}/failedResults`, undefined, true);
    eachCsvRow(text, (row) =>
      byKey.set(row[externalIdField], { ok: false, errors: [parseBulkError(row.sf__Error ?? '')] }),
    );
  }
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
