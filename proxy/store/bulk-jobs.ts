/**
 * @module Bulk API 2.0 jobs in flight, one row per job: stored right after the job is created (before
 * its upload) and moved through its stages, so a restarted process resumes the job instead of uploading
 * the same records again. The row goes once the job's results are read.
 */
import type Database from 'better-sqlite3';
import type { BulkJobRow, BulkStage } from '../salesforce/bulk-jobs';

/** A `bulk_jobs` row as both stores read it. */
export interface SqlBulkJob {
  job_id: string;
  sf_object: string;
  external_id_field: string;
  fingerprint: string;
  stage: BulkStage;
  created_at: number;
}

/** A `bulk_jobs` row as the job it describes (a pure mapper both stores use). */
export const toBulkJobRow = (r: SqlBulkJob): BulkJobRow => ({
  jobId: r.job_id,
  sfObject: r.sf_object,
  externalIdField: r.external_id_field,
  fingerprint: r.fingerprint,
  stage: r.stage,
  createdAt: r.created_at,
});

export function createBulkJobs(db: Database.Database) {
  const pending = db.prepare<[string], SqlBulkJob>(
    'SELECT * FROM bulk_jobs WHERE sf_object = ? ORDER BY created_at LIMIT 1',
  );
  const save = db.prepare(
    `INSERT INTO bulk_jobs (job_id, sf_object, external_id_field, fingerprint, stage, created_at)
     VALUES (@jobId, @sfObject, @externalIdField, @fingerprint, @stage, @createdAt)
     ON CONFLICT (job_id) DO UPDATE SET stage = excluded.stage`,
  );
  const remove = db.prepare('DELETE FROM bulk_jobs WHERE job_id = ?');
  return {
    /** The oldest job of an object still in flight, if any. */
    pendingBulkJob(sfObject: string): BulkJobRow | undefined {
      const r = pending.get(sfObject);
      return r && toBulkJobRow(r);
    },
    saveBulkJob(row: BulkJobRow): void {
      save.run(row);
    },
    removeBulkJob(jobId: string): void {
      remove.run(jobId);
    },
  };
}

export type BulkJobsStore = ReturnType<typeof createBulkJobs>;
