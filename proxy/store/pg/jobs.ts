/** @module Resync-all jobs and Bulk API 2.0 jobs in flight, on PostgreSQL (see proxy/store/resync-jobs.ts, bulk-jobs.ts). */
import type { BulkJobRow } from '../../salesforce/bulk-jobs';
import { type SqlBulkJob, toBulkJobRow } from '../bulk-jobs';
import type { JobOutcome, ResyncJobRow } from '../resync-jobs';
import { COLUMN, type SqlJob, toResyncJobRow } from '../resync-jobs';
import type { Db } from './db';

export function createPgResyncJobs(db: Db) {
  return {
    /** Queues a job over these error ids (the snapshot it will work through). */
    async createJob(id: string, category: string, errorIds: string[], now: number): Promise<void> {
      await db.tx(async () => {
        await db.run(
          `INSERT INTO resync_jobs (id, category, state, total, created_at) VALUES ($1, $2, 'running', $3, $4)`,
          [id, category, errorIds.length, now],
        );
        await db.run(
          `INSERT INTO resync_job_items (job_id, error_id)
           SELECT $1, e FROM unnest($2::text[]) WITH ORDINALITY AS t(e, n) ORDER BY n ON CONFLICT DO NOTHING`,
          [id, errorIds],
        );
      });
    },
    async resyncJob(id: string): Promise<ResyncJobRow | null> {
      const r = await db.one<SqlJob>(`SELECT * FROM resync_jobs WHERE id = $1`, [id]);
      return r ? toResyncJobRow(r) : null;
    },
    /** The next ids of a job still without an outcome, in queued order. */
    pendingJobItems: async (jobId: string, limit: number): Promise<string[]> =>
      (
        await db.rows<{ error_id: string }>(
          `SELECT error_id FROM resync_job_items WHERE job_id = $1 AND outcome IS NULL ORDER BY seq LIMIT $2`,
          [jobId, limit],
        )
      ).map((r) => r.error_id),
    /** Stores outcomes and counts them, once per id even when replayed after a crash. */
    async recordJobOutcomes(jobId: string, outcomes: { id: string; outcome: JobOutcome }[]): Promise<void> {
      await db.tx(async () => {
        for (const o of outcomes) {
          const set = await db.run(
            `UPDATE resync_job_items SET outcome = $1 WHERE job_id = $2 AND error_id = $3 AND outcome IS NULL`,
            [o.outcome, jobId, o.id],
          );
          const col = COLUMN[o.outcome];
          if (set)
            await db.run(
              `UPDATE resync_jobs SET processed = processed + 1, ${col} = ${col} + 1 WHERE id = $1`,
              [jobId],
            );
        }
      });
    },
    async finishJob(jobId: string, now: number, failure?: string): Promise<void> {
      await db.run(
        `UPDATE resync_jobs SET state = $1, failure = $2, finished_at = $3 WHERE id = $4 AND state = 'running'`,
        [failure ? 'failed' : 'done', failure ?? null, now, jobId],
      );
    },
    runningJobIds: async (): Promise<string[]> =>
      (
        await db.rows<{ id: string }>(
          `SELECT id FROM resync_jobs WHERE state = 'running' ORDER BY created_at, seq`,
        )
      ).map((r) => r.id),
  };
}

export function createPgBulkJobs(db: Db) {
  return {
    /** The oldest job of an object still in flight, if any. */
    async pendingBulkJob(sfObject: string): Promise<BulkJobRow | undefined> {
      const r = await db.one<SqlBulkJob>(
        `SELECT * FROM bulk_jobs WHERE sf_object = $1 ORDER BY created_at LIMIT 1`,
        [sfObject],
      );
      return r && toBulkJobRow(r);
    },
    async saveBulkJob(row: BulkJobRow): Promise<void> {
      // Kept even when the claimed batch around it rolls back: a restart resumes the job Salesforce holds.
      await db.outside(() =>
        db.run(
          `INSERT INTO bulk_jobs (job_id, sf_object, external_id_field, fingerprint, stage, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (job_id) DO UPDATE SET stage = excluded.stage`,
          [row.jobId, row.sfObject, row.externalIdField, row.fingerprint, row.stage, row.createdAt],
        ),
      );
    },
    async removeBulkJob(jobId: string): Promise<void> {
      await db.run(`DELETE FROM bulk_jobs WHERE job_id = $1`, [jobId]);
    },
  };
}
