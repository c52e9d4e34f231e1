/**
 * @module Bulk API 2.0 jobs of the embedded org: what a job remembers (kept in the org state, so a job
 * survives a restart), its JobInfo as the API shows it, and the processing of ingest rows through the
 * same save path as REST writes (validation, duplicate rules, picklists, field permissions).
 */
import Papa from 'papaparse';
import { findField, type ObjectDef } from './org-definition';
import type { OrgState } from './org-state';
import { newRecordId } from './record-ids';
import { deleteRecord, externalIdField, findLive, isSaveError, upsertRecord } from './record-ops';
import { beginTransaction } from './record-table';
import { recordUrlOf, type SandboxDeps } from './sandbox-deps';
import { type SaveContext, saveRecord } from './save-record';
import { type SaveError, sfDateTime } from './sf-format';

export type IngestOperation = 'insert' | 'update' | 'upsert' | 'delete';
export type JobState = 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';

export interface Bulk2Job {
  id: string;
  kind: 'ingest' | 'query';
  operation: string;
  object: string;
  externalIdFieldName?: string;
  query?: string;
  lineEnding: 'LF' | 'CRLF';
  columnDelimiter: 'COMMA';
  state: JobState;
  apiVersion: number;
  createdDate: number;
  systemModstamp: number;
  numberRecordsProcessed: number;
  numberRecordsFailed: number;
  errorMessage?: string;
  /** Ingest: the uploaded CSV; query: the result CSV (header + rows). */
  csv: string;
  /** Ingest: result rows, appended batch by batch. */
  successful: string[][];
  failed: string[][];
  /** Ingest: how many uploaded rows have been processed (where a restart resumes). */
  rowsDone: number;
  /** Ingest: uploads after the first (Salesforce then refuses to close the job). */
  extraUploads?: number;
}

/** Salesforce splits an ingest job into internal batches of 10,000 records. */
export const INTERNAL_BATCH = 10_000;
/** The documented largest upload per job, counted base64-encoded ("Upload Job Data"). */
export const UPLOAD_LIMIT_BYTES = 150 * 1024 * 1024;

/** Records ingest jobs may take per rolling 24 hours ("Limits and Allocations", Bulk API 2.0). */
export const RECORDS_PER_DAY = 150_000_000;

type WithJobs = OrgState & {
  bulkJobs?: Record<string, Bulk2Job>;
  /** Each accepted upload: when, and how many records (the rolling 24-hour allocation). */
  bulkUploads?: { at: number; records: number }[];
};

/**
 * Books an upload of `records` rows against the rolling 24-hour allocation; false (nothing booked)
 * when it would pass `perDay`.
 */
export function bookUpload(state: OrgState, now: number, records: number, perDay: number): boolean {
  const s = state as WithJobs;
  const day = 24 * 60 * 60 * 1000;
  s.bulkUploads = (s.bulkUploads ?? []).filter((u) => now - u.at < day);
  const used = s.bulkUploads.reduce((n, u) => n + u.records, 0);
  if (used + records > perDay) return false;
  s.bulkUploads.push({ at: now, records });
  return true;
}

export function jobsOf(state: OrgState): Record<string, Bulk2Job> {
  const s = state as WithJobs;
  s.bulkJobs ??= {};
  return s.bulkJobs;
}

export function newJob(
  deps: SandboxDeps,
  fields: Pick<Bulk2Job, 'kind' | 'operation' | 'object' | 'lineEnding'> & Partial<Bulk2Job>,
  version: string,
): Bulk2Job {
  const state = deps.state();
  const now = deps.now();
  const job: Bulk2Job = {
    id: newRecordId('750', state.idSequence++),
    columnDelimiter: 'COMMA',
    state: fields.kind === 'query' ? 'UploadComplete' : 'Open',
    apiVersion: Number(version.slice(1)),
    createdDate: now,
    systemModstamp: now,
    numberRecordsProcessed: 0,
    numberRecordsFailed: 0,
    csv: '',
    successful: [],
    failed: [],
    rowsDone: 0,
    ...fields,
  };
  jobsOf(state)[job.id] = job;
  return job;
}

/** JobInfo as Salesforce returns it; `full` adds the processing figures of "Get Job Info". */
export function jobInfo(deps: SandboxDeps, job: Bulk2Job, full: boolean): Record<string, unknown> {
  const { org } = deps.state();
  const version = `v${job.apiVersion.toFixed(1)}`;
  const info: Record<string, unknown> = {
    id: job.id,
    operation: job.operation,
    object: job.object,
    createdById: org.integrationUserId,
    createdDate: sfDateTime(job.createdDate),
    systemModstamp: sfDateTime(job.systemModstamp),
    state: job.state,
    ...(job.externalIdFieldName ? { externalIdFieldName: job.externalIdFieldName } : {}),
    concurrencyMode: 'Parallel',
    contentType: 'CSV',
    apiVersion: job.apiVersion,
    ...(job.kind === 'ingest'
      ? { contentUrl: `services/data/${version}/jobs/ingest/${job.id}/batches` }
      : {}),
    lineEnding: job.lineEnding,
    columnDelimiter: job.columnDelimiter,
  };
  if (!full) return info;
  return {
    ...info,
    jobType: 'V2Ingest',
    ...(job.kind === 'query' ? { jobType: 'V2Query' } : {}),
    numberRecordsProcessed: job.numberRecordsProcessed,
    ...(job.kind === 'ingest' ? { numberRecordsFailed: job.numberRecordsFailed } : {}),
    retries: 0,
    totalProcessingTime: 0,
    apiActiveProcessingTime: 0,
    apexProcessingTime: 0,
    ...(job.errorMessage ? { errorMessage: job.errorMessage } : {}),
  };
}

/** `REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --`, Bulk's sf__Error form. */
export function bulkErrorText(error: SaveError): string {
  return `${error.statusCode}:${error.message}:${error.fields.join(',')} --`;
}

/** Every cell quoted, as Salesforce writes its result files. */
export function toCsv(rows: string[][], lineEnding: 'LF' | 'CRLF' = 'LF'): string {
  return rows.length === 0
    ? ''
    : `${Papa.unparse(rows, { quotes: true, newline: lineEnding === 'CRLF' ? '\r\n' : '\n' })}\n`;
}

// Parsed once per job and process (a 1,000,000-row upload is not re-parsed for each internal batch).
const parsedUploads = new WeakMap<Bulk2Job, { csv: string; header: string[]; rows: string[][] }>();

function parseUpload(job: Bulk2Job): { header: string[]; rows: string[][] } {
  const cached = parsedUploads.get(job);
  if (cached && cached.csv === job.csv) return cached;
  const parsed = Papa.parse<string[]>(job.csv, { skipEmptyLines: true });
  const [header = [], ...rows] = parsed.data;
  parsedUploads.set(job, { csv: job.csv, header, rows });
  return { header, rows };
}

/** Why the upload cannot be processed at all (the job then fails as a whole), or null. */
function uploadProblem(object: ObjectDef, job: Bulk2Job, header: string[], rowCount: number): string | null {
  if (rowCount === 0) return 'InvalidBatch : Records not processed: the uploaded data holds no records';
  for (const column of header) {
    if (!findField(object, column)) return `InvalidBatch : Field name not found : ${column}`;
  }
  if (
    job.operation === 'upsert' &&
    !header.some((c) => c.toLowerCase() === job.externalIdFieldName?.toLowerCase())
  ) {
    return `InvalidBatch : Field name not found : ${job.externalIdFieldName} (the external id column is required for upsert)`;
  }
  if (
    (job.operation === 'update' || job.operation === 'delete') &&
    !header.some((c) => c.toLowerCase() === 'id')
  ) {
    return 'InvalidBatch : Field name not found : Id (an Id column is required)';
  }
  return null;
}

const running = new WeakSet<Bulk2Job>();

/**
 * Processes an UploadComplete (or interrupted InProgress) ingest job in internal batches, yielding
 * between them so polls see InProgress with growing counts. Safe to call again: it resumes where the
 * last batch ended, and does nothing when the job is already being processed here.
 */
export function processIngest(deps: SandboxDeps, job: Bulk2Job): void {
  if (running.has(job) || (job.state !== 'UploadComplete' && job.state !== 'InProgress')) return;
  running.add(job);
  const step = () => {
    try {
      if (job.state === 'Aborted') return void running.delete(job);
      const object = deps.state().org.objects[job.object];
      const { header, rows } = parseUpload(job);
      if (job.state === 'UploadComplete') {
        const problem = object
          ? uploadProblem(object, job, header, rows.length)
          : `InvalidJob : ${job.object} is not available`;
        if (problem) return void finish(deps, job, 'Failed', problem);
        job.state = 'InProgress';
      }
      const batch = rows.slice(job.rowsDone, job.rowsDone + INTERNAL_BATCH);
      processBatch(deps, job, object!, header, batch);
      job.rowsDone += batch.length;
      job.systemModstamp = deps.now();
      if (job.rowsDone >= rows.length) return void finish(deps, job, 'JobComplete');
      deps.persist();
      setImmediate(step);
    } catch (error) {
      finish(deps, job, 'Failed', `InternalServerError : ${(error as Error).message}`);
    }
  };
  setImmediate(step);
}

function finish(deps: SandboxDeps, job: Bulk2Job, state: JobState, errorMessage?: string): void {
  job.state = state;
  if (errorMessage) job.errorMessage = errorMessage;
  job.systemModstamp = deps.now();
  running.delete(job);
  deps.persist();
}

function bulkSaveContext(
  deps: SandboxDeps,
  table: ReturnType<typeof beginTransaction>,
  job: Bulk2Job,
): SaveContext {
  const state = deps.state();
  return {
    org: state.org,
    table,
    now: deps.now,
    newId: (object) => newRecordId(object.keyPrefix, state.idSequence++),
    takeLockFault: deps.faults.takeLock,
    // Bulk API has no duplicate-rule header: duplicate rules run with allowSave off.
    allowDuplicateSave: false,
    urlOf: recordUrlOf(deps.basePath, `v${job.apiVersion.toFixed(1)}`),
  };
}

/** CSV cells as written values: empty means "leave as is", #N/A means "set to null" (Bulk API's rule). */
function rowValues(header: string[], row: string[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  header.forEach((column, i) => {
    const cell = row[i] ?? '';
    if (cell === '') return;
    values[column] = cell === '#N/A' ? null : cell;
  });
  return values;
}

function processBatch(
  deps: SandboxDeps,
  job: Bulk2Job,
  object: ObjectDef,
  header: string[],
  rows: string[][],
): void {
  let tx = beginTransaction(deps.state());
  let ctx = bulkSaveContext(deps, tx, job);
  const idColumn = header.findIndex((c) => c.toLowerCase() === 'id');
  for (const [i, row] of rows.entries()) {
    // Rows commit 200 at a time: a transaction's overlay is scanned on every lookup, so one
    // 10,000-row transaction would make the batch quadratic. Each row stands alone anyway.
    if (i > 0 && i % 200 === 0) {
      tx.commit();
      tx = beginTransaction(deps.state());
      ctx = bulkSaveContext(deps, tx, job);
    }
    const values = rowValues(header, row);
    const outcome = saveRow(deps, ctx, tx, job, object, values, idColumn >= 0 ? (row[idColumn] ?? '') : '');
    job.numberRecordsProcessed++;
    if (outcome.ok) job.successful.push([outcome.id, String(outcome.created), ...row]);
    else {
      job.numberRecordsFailed++;
      job.failed.push([outcome.id ?? '', bulkErrorText(outcome.error), ...row]);
    }
  }
  tx.commit();
}

type RowOutcome = { ok: true; id: string; created: boolean } | { ok: false; id?: string; error: SaveError };

function saveRow(
  deps: SandboxDeps,
  ctx: SaveContext,
  tx: ReturnType<typeof beginTransaction>,
  job: Bulk2Job,
  object: ObjectDef,
  values: Record<string, unknown>,
  rawId: string,
): RowOutcome {
  const { Id: _id, id: _lower, ...fields } = values;
  switch (job.operation) {
    case 'insert': {
      const outcome = saveRecord(ctx, object, fields);
      return outcome.ok
        ? { ok: true, id: outcome.record.Id, created: true }
        : { ok: false, error: outcome.errors[0] };
    }
    case 'update': {
      const found = findLive(tx, object, rawId);
      if (isSaveError(found)) return { ok: false, id: rawId, error: found };
      const outcome = saveRecord(ctx, object, fields, found);
      return outcome.ok
        ? { ok: true, id: found.Id, created: false }
        : { ok: false, id: found.Id, error: outcome.errors[0] };
    }
    case 'delete': {
      const error = deleteRecord(deps, tx, object, rawId);
      return error ? { ok: false, id: rawId, error } : { ok: true, id: rawId, created: false };
    }
    default: {
      const field = externalIdField(object, job.externalIdFieldName ?? '');
      const key = Object.entries(values).find(([k]) => k.toLowerCase() === field.name.toLowerCase())?.[1];
      if (key === undefined || key === null) {
        return {
          ok: false,
          error: { statusCode: 'MISSING_ARGUMENT', message: `${field.name} not specified`, fields: [] },
        };
      }
      const outcome = upsertRecord(ctx, object, field, String(key), fields);
      if ('multiple' in outcome) {
        const ids = outcome.multiple.map((m) => m.Id).join(', ');
        return {
          ok: false,
          error: {
            statusCode: 'DUPLICATE_EXTERNAL_ID',
            message: `${field.name} duplicates value on records with ids: ${ids}`,
            fields: [field.name],
          },
        };
      }
      return outcome.ok
        ? { ok: true, id: outcome.record.Id, created: Boolean(outcome.created) }
        : { ok: false, error: outcome.errors[0] };
    }
  }
}

/** Rows that were uploaded but not processed (the job was aborted or failed first), as CSV. */
export function unprocessedCsv(job: Bulk2Job): string {
  if (job.kind !== 'ingest' || job.state === 'JobComplete' || job.csv === '') return '';
  const { header, rows } = parseUpload(job);
  return toCsv([header, ...rows.slice(job.rowsDone)], job.lineEnding);
}

/** The header of the uploaded data, for the result files. */
export function uploadHeader(job: Bulk2Job): string[] {
  return job.csv === '' ? [] : parseUpload(job).header;
}
