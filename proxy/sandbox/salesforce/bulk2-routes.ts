/**
 * @module Bulk API 2.0 of the embedded org: `/jobs/ingest` (create, PUT CSV to /batches, PATCH state,
 * job info, successful/failed/unprocessed results) and `/jobs/query` (create with SOQL, job info,
 * CSV results paged with Sforce-Locator and maxRecords). Each HTTP request counts as one API call
 * (the data API's meter runs in front of these routes).
 */
import { type Context, Hono } from 'hono';
import {
  type Bulk2Job,
  bookUpload,
  jobInfo,
  jobsOf,
  newJob,
  processIngest,
  RECORDS_PER_DAY,
  toCsv,
  UPLOAD_LIMIT_BYTES,
  unprocessedCsv,
  uploadHeader,
} from './bulk2-jobs';
import { findObject } from './org-definition';
import { readJsonObject } from './read-body';
import { beginTransaction } from './record-table';
import { recordUrlOf, type SandboxDeps } from './sandbox-deps';
import { SfError, sfJson } from './sf-format';
import { runSoql } from './soql/run-soql';

const OPERATIONS = ['insert', 'update', 'upsert', 'delete'];
const LINE_ENDINGS = ['LF', 'CRLF'];
/** Without maxRecords a results page holds at most this much CSV (Salesforce sizes pages by bytes too). */
const DEFAULT_PAGE_BYTES = 100 * 1024 * 1024;

const invalidJob = (message: string) => new SfError(400, 'INVALIDJOB', message);
const wrongState = (job: Bulk2Job, wanted: string) =>
  new SfError(409, 'INVALIDJOBSTATE', `Job ${job.id} is ${job.state}; this request needs it ${wanted}`);

function csvResponse(text: string, headers: Record<string, string> = {}): Response {
  return new Response(text, { status: 200, headers: { 'content-type': 'text/csv', ...headers } });
}

function common(body: Record<string, unknown>) {
  if (body.contentType !== undefined && body.contentType !== 'CSV') {
    throw invalidJob(`InvalidJob : contentType must be CSV, not ${String(body.contentType)}`);
  }
  const lineEnding = (body.lineEnding ?? 'LF') as string;
  if (!LINE_ENDINGS.includes(lineEnding)) {
    throw invalidJob(`InvalidJob : lineEnding must be LF or CRLF, not ${lineEnding}`);
  }
  if (body.columnDelimiter !== undefined && body.columnDelimiter !== 'COMMA') {
    // Salesforce also offers TAB, PIPE and others; this org reads and writes commas only.
    throw invalidJob(
      `InvalidJob : this org supports columnDelimiter COMMA only, not ${String(body.columnDelimiter)}`,
    );
  }
  return { lineEnding: lineEnding as 'LF' | 'CRLF' };
}

/** The size of `bytes` once base64-encoded, as Salesforce stores an upload (4 characters per 3 bytes). */
export const base64Size = (bytes: number) => Math.ceil(bytes / 3) * 4;

/**
 * Reads the upload as a stream, refusing it once its base64 form passes the limit (150 MB on the
 * platform: about 112 MB of CSV; Salesforce advises at most 100 MB), before holding it all.
 */
async function readUpload(c: Context, limit: number): Promise<string> {
  const reader = c.req.raw.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (base64Size(size) > limit) {
      await reader.cancel();
      const mb = (n: number) => Number((n / 1024 / 1024).toFixed(1)).toLocaleString('en-US');
      throw new SfError(
        400,
        'INVALIDBATCH',
        `The uploaded data is larger than ${mb(limit)} MB once base64-encoded, the most one job accepts: split the records into several jobs of at most ${mb((limit * 2) / 3)} MB of CSV each`,
      );
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Rows after the header line, counted by line breaks without splitting a large upload (a quoted cell
 * may hold a line break: close enough for the daily allocation).
 */
function countRows(csv: string): number {
  let lines = 0;
  for (let i = csv.indexOf('\n'); i >= 0; i = csv.indexOf('\n', i + 1)) lines++;
  if (csv.length > 0 && !csv.endsWith('\n')) lines++;
  return Math.max(0, lines - 1);
}

/** Query rows flattened to CSV columns: relationship fields as `Account.Name`, null as empty. */
function flatten(record: Record<string, unknown>, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === 'attributes') continue;
    if (value && typeof value === 'object')
      Object.assign(out, flatten(value as Record<string, unknown>, `${prefix}${key}.`));
    else out[`${prefix}${key}`] = value === null || value === undefined ? '' : String(value);
  }
  return out;
}

export function createBulk2Routes(deps: SandboxDeps): Hono {
  const uploadLimit = deps.bulkUploadLimitBytes ?? UPLOAD_LIMIT_BYTES;
  const app = new Hono();
  const version = (c: Context) => c.req.param('version') ?? 'v62.0';
  const find = (c: Context, kind: Bulk2Job['kind']) => {
    const job = jobsOf(deps.state())[c.req.param('id') ?? ''];
    if (!job || job.kind !== kind)
      throw new SfError(404, 'NOT_FOUND', `No ${kind} job with id ${c.req.param('id')}`);
    return job;
  };

  app.post('/jobs/ingest', async (c) => {
    const body = await readJsonObject(c);
    const { lineEnding } = common(body);
    const operation = String(body.operation ?? '');
    if (!OPERATIONS.includes(operation)) {
      throw invalidJob(
        `InvalidJob : operation must be one of ${OPERATIONS.join(', ')}, not ${operation || 'empty'}`,
      );
    }
    const object = typeof body.object === 'string' ? findObject(deps.state().org, body.object) : undefined;
    if (!object?.permission.read) {
      throw invalidJob(`InvalidJob : Entity '${String(body.object ?? '')}' is not supported by the Bulk API`);
    }
    const externalIdFieldName =
      typeof body.externalIdFieldName === 'string' ? body.externalIdFieldName : undefined;
    if (operation === 'upsert' && !externalIdFieldName) {
      throw invalidJob(
        `InvalidJob : External ID was blank for ${object.name}. An External ID must be specified for upsert.`,
      );
    }
    const job = newJob(
      deps,
      { kind: 'ingest', operation, object: object.name, lineEnding, externalIdFieldName },
      version(c),
    );
    return sfJson(jobInfo(deps, job, false));
  });

  app.put('/jobs/ingest/:id/batches', async (c) => {
    const job = find(c, 'ingest');
    if (job.state !== 'Open') throw wrongState(job, 'Open');
    const type = c.req.header('content-type') ?? '';
    if (!type.startsWith('text/csv')) {
      throw new SfError(
        400,
        'INVALIDBATCH',
        `Upload the data as Content-Type: text/csv, not ${type || 'none'}`,
      );
    }
    const csv = await readUpload(c, uploadLimit);
    const records = countRows(csv);
    const perDay = deps.bulkRecordsPerDay ?? RECORDS_PER_DAY;
    if (!bookUpload(deps.state(), deps.now(), records, perDay)) {
      // The platform's exception code ExceededQuota, written as its other Bulk codes are (INVALIDJOB…);
      // the exact text Salesforce sends is not documented.
      throw new SfError(
        400,
        'EXCEEDEDQUOTA',
        `This upload of ${records.toLocaleString('en-US')} records would pass the ${perDay.toLocaleString('en-US')} records Bulk API 2.0 accepts in 24 hours: send the rest later`,
      );
    }
    // The platform takes a second PUT and refuses the job's close instead (one upload per job).
    if (job.csv !== '') job.extraUploads = (job.extraUploads ?? 0) + 1;
    else job.csv = csv;
    return new Response(null, { status: 201 });
  });

  const patchState = (kind: Bulk2Job['kind']) => async (c: Context) => {
    const job = find(c, kind);
    const body = await readJsonObject(c);
    if (body.state === 'UploadComplete' && kind === 'ingest') {
      if (job.state !== 'Open') throw wrongState(job, 'Open');
      if (job.extraUploads) {
        // Salesforce's own words (its message spells "multipe"); the job stays Open, to be aborted.
        throw invalidJob(
          `Found multipe contents for job: <${job.id}>, please 'Close' / 'Abort' / 'Delete' the current Job then create a new Job and make sure you only do 'PUT' once on a given Job.`,
        );
      }
      job.state = 'UploadComplete';
      processIngest(deps, job);
    } else if (body.state === 'Aborted') {
      if (['JobComplete', 'Failed', 'Aborted'].includes(job.state)) throw wrongState(job, 'not finished');
      job.state = 'Aborted';
    } else {
      throw invalidJob(`InvalidJob : state must be ${kind === 'ingest' ? 'UploadComplete or ' : ''}Aborted`);
    }
    job.systemModstamp = deps.now();
    return sfJson(jobInfo(deps, job, false));
  };
  app.patch('/jobs/ingest/:id', patchState('ingest'));
  app.patch('/jobs/query/:id', patchState('query'));

  app.get('/jobs/ingest/:id', (c) => {
    const job = find(c, 'ingest');
    // A job interrupted by a restart of the org carries on where its last internal batch ended.
    processIngest(deps, job);
    return sfJson(jobInfo(deps, job, true));
  });

  const finishedIngest = (c: Context) => {
    const job = find(c, 'ingest');
    if (!['JobComplete', 'Failed', 'Aborted'].includes(job.state)) throw wrongState(job, 'finished');
    return job;
  };
  app.get('/jobs/ingest/:id/successfulResults', (c) => {
    const job = finishedIngest(c);
    return csvResponse(
      toCsv([['sf__Id', 'sf__Created', ...uploadHeader(job)], ...job.successful], job.lineEnding),
    );
  });
  app.get('/jobs/ingest/:id/failedResults', (c) => {
    const job = finishedIngest(c);
    return csvResponse(toCsv([['sf__Id', 'sf__Error', ...uploadHeader(job)], ...job.failed], job.lineEnding));
  });
  app.get('/jobs/ingest/:id/unprocessedrecords', (c) => csvResponse(unprocessedCsv(finishedIngest(c))));

  const remove = (kind: Bulk2Job['kind']) => (c: Context) => {
    const job = find(c, kind);
    if (!['JobComplete', 'Failed', 'Aborted'].includes(job.state))
      throw wrongState(job, 'finished or aborted');
    delete jobsOf(deps.state())[job.id];
    return new Response(null, { status: 204 });
  };
  app.delete('/jobs/ingest/:id', remove('ingest'));
  app.delete('/jobs/query/:id', remove('query'));

  app.post('/jobs/query', async (c) => {
    const body = await readJsonObject(c);
    const { lineEnding } = common(body);
    const operation = String(body.operation ?? 'query');
    if (operation !== 'query' && operation !== 'queryAll') {
      throw invalidJob(`InvalidJob : operation must be query or queryAll, not ${operation}`);
    }
    if (typeof body.query !== 'string' || body.query.trim() === '') {
      throw invalidJob('InvalidJob : query is required: the SOQL to run');
    }
    if (/\bcount\s*\(/i.test(body.query)) {
      throw new SfError(
        400,
        'API_ERROR',
        'Aggregate queries are not supported by Bulk API 2.0: select fields instead',
      );
    }
    // The query is checked (and run) when the job is created; a bad one fails the create, as on the platform.
    const result = runSoql(deps.state().org, beginTransaction(deps.state()), body.query, {
      includeDeleted: operation === 'queryAll',
      urlOf: recordUrlOf(deps.basePath, version(c)),
    });
    const rows = result.records.map((r) => flatten(r));
    const header = rows[0] ? Object.keys(rows[0]) : [];
    const object = /\bfrom\s+(\w+)/i.exec(body.query)?.[1] ?? '';
    const job = newJob(deps, { kind: 'query', operation, object, lineEnding, query: body.query }, version(c));
    job.successful = [header, ...rows.map((r) => header.map((h) => r[h] ?? ''))];
    const info = jobInfo(deps, job, false);
    // Salesforce runs the query asynchronously; ours is ready by the first poll.
    setImmediate(() => {
      if (job.state !== 'UploadComplete') return;
      job.state = 'JobComplete';
      job.numberRecordsProcessed = rows.length;
      job.systemModstamp = deps.now();
    });
    return sfJson(info);
  });

  app.get('/jobs/query/:id', (c) => sfJson(jobInfo(deps, find(c, 'query'), true)));

  app.get('/jobs/query/:id/results', (c) => {
    const job = find(c, 'query');
    if (job.state !== 'JobComplete') throw wrongState(job, 'JobComplete');
    const maxRaw = c.req.query('maxRecords');
    const maxRecords = maxRaw === undefined ? Number.POSITIVE_INFINITY : Number(maxRaw);
    if (!Number.isInteger(maxRecords) && maxRaw !== undefined) {
      throw new SfError(400, 'INVALIDJOB', `maxRecords must be a positive whole number, not ${maxRaw}`);
    }
    const locator = c.req.query('locator');
    const offset = locator ? Number(Buffer.from(locator, 'base64').toString('utf8')) : 0;
    if (!Number.isInteger(offset) || offset < 0)
      throw new SfError(400, 'INVALID_LOCATOR', `Invalid locator ${locator}`);
    const [header, ...rows] = job.successful;
    const page: string[][] = [];
    let bytes = 0;
    for (let i = offset; i < rows.length && page.length < maxRecords && bytes < DEFAULT_PAGE_BYTES; i++) {
      page.push(rows[i]);
      for (const cell of rows[i]) bytes += cell.length + 1;
    }
    const next = offset + page.length;
    const text = header === undefined || header.length === 0 ? '' : toCsv([header, ...page], job.lineEnding);
    return csvResponse(text, {
      'Sforce-Locator': next < rows.length ? Buffer.from(String(next)).toString('base64') : 'null',
      'Sforce-NumberOfRecords': String(page.length),
    });
  });
  return app;
}
