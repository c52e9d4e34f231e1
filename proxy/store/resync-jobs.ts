/**
 * @module Resync-all jobs kept in SQLite: the error ids are snapshotted when the job is queued and each
 * id's outcome is stored with the job's counters in one transaction, so a restart resumes where it stopped.
 */

import type Database from 'better-sqlite3';
import type { ResyncJobState, ResyncOutcomeKind } from '../../shared/resync-job';

export type JobOutcome = ResyncOutcomeKind;

export interface ResyncJobRow {
  id: string;
  category: string;
  state: ResyncJobState;
  total: number;
  processed: number;
  resolved: number;
  failing: number;
  notFound: number;
  failure?: string;
  createdAt: number;
  finishedAt: number | null;
}

/** A `resync_jobs` row as both stores read it. */
export interface SqlJob {
  id: string;
  category: string;
  state: ResyncJobRow['state'];
  total: number;
  processed: number;
  resolved: number;
  failing: number;
  not_found: number;
  failure: string | null;
  created_at: number;
  finished_at: number | null;
}

/** The counter column of each outcome (both stores). */
export const COLUMN: Record<JobOutcome, 'resolved' | 'failing' | 'not_found'> = {
  resolved: 'resolved',
  failing: 'failing',
  'not-found': 'not_found',
};

/** A `resync_jobs` row as the job it describes (a pure mapper both stores use). */
export const toResyncJobRow = (r: SqlJob): ResyncJobRow => ({
  id: r.id,
  category: r.category,
  state: r.state,
  total: r.total,
  processed: r.processed,
  resolved: r.resolved,
  failing: r.failing,
  notFound: r.not_found,
  ...(r.failure ? { failure: r.failure } : {}),
  createdAt: r.created_at,
  finishedAt: r.finished_at,
});

export function createResyncJobs(db: Database.Database) {
  const insertJob = db.prepare(
    `INSERT INTO resync_jobs (id, category, state, total, created_at) VALUES (?, ?, 'running', ?, ?)`,
  );
  const insertItem = db.prepare(`INSERT OR IGNORE INTO resync_job_items (job_id, error_id) VALUES (?, ?)`);
  const getJob = db.prepare<[string], SqlJob>(`SELECT * FROM resync_jobs WHERE id = ?`);
  const pending = db.prepare<[string, number], { error_id: string }>(
    `SELECT error_id FROM resync_job_items WHERE job_id = ? AND outcome IS NULL ORDER BY rowid LIMIT ?`,
  );
  const setOutcome = db.prepare(
    `UPDATE resync_job_items SET outcome = ? WHERE job_id = ? AND error_id = ? AND outcome IS NULL`,
  );
  const bump = Object.fromEntries(
    Object.entries(COLUMN).map(([k, col]) => [
      k,
      db.prepare(`UPDATE resync_jobs SET processed = processed + 1, ${col} = ${col} + 1 WHERE id = ?`),
    ]),
  ) as Record<JobOutcome, Database.Statement>;
  const finish = db.prepare(
    `UPDATE resync_jobs SET state = ?, failure = ?, finished_at = ? WHERE id = ? AND state = 'running'`,
  );
  const running = db.prepare<[], { id: string }>(
    `SELECT id FROM resync_jobs WHERE state = 'running' ORDER BY created_at, rowid`,
  );

  const createJob = db.transaction((id: string, category: string, errorIds: string[], now: number) => {
    insertJob.run(id, category, errorIds.length, now);
    for (const e of errorIds) insertItem.run(id, e);
  });
  const recordOutcomes = db.transaction((jobId: string, outcomes: { id: string; outcome: JobOutcome }[]) => {
    for (const o of outcomes) {
      if (setOutcome.run(o.outcome, jobId, o.id).changes) bump[o.outcome].run(jobId);
    }
  });

  return {
    /** Queues a job over these error ids (the snapshot it will work through). */
    createJob(id: string, category: string, errorIds: string[], now: number): void {
      createJob(id, category, errorIds, now);
    },
    resyncJob(id: string): ResyncJobRow | null {
      const r = getJob.get(id);
      return r ? toResyncJobRow(r) : null;
    },
    /** The next ids of a job still without an outcome, in queued order. */
    pendingJobItems: (jobId: string, limit: number) => pending.all(jobId, limit).map((r) => r.error_id),
    /** Stores outcomes and counts them, once per id even when replayed after a crash. */
    recordJobOutcomes(jobId: string, outcomes: { id: string; outcome: JobOutcome }[]): void {
      recordOutcomes(jobId, outcomes);
    },
    finishJob(jobId: string, now: number, failure?: string): void {
      finish.run(failure ? 'failed' : 'done', failure ?? null, now, jobId);
    },
    runningJobIds: () => running.all().map((r) => r.id),
  };
}

export type ResyncJobs = ReturnType<typeof createResyncJobs>;
