/** @module Writing errors and history on PostgreSQL: one open error per (record, category, cause). */

import type { ActivityEntry } from '../action-log';
import { dedupeKey } from '../error-writes';
import type { CrmType, ErrorInput } from '../types';
import type { Db } from './db';

export function createPgErrorWrites(db: Db) {
  return {
    /**
     * Records a failure; returns the error id and whether it is newly open. One upsert on the open-key index
     * (SQLite reads then writes; here two replicas may record the same error at once).
     */
    async recordError(e: ErrorInput, now: number): Promise<{ id: string; isNew: boolean }> {
      const row = await db.one<{ id: number; inserted: boolean }>(
        // A duplicate described once (describeDuplicate) keeps its summary and value while later occurrences,
        // answered by collections, know less.
        `INSERT INTO errors AS e (dedupe_key, status, category, crm_type, crm_id, sf_object, sf_id, record_name, code,
           sub_type, field, value, rule, root_cause_key, message, summary, raw, blocking_type, blocking_id,
           blocking_name, first_seen, last_seen, occurrences, duplicate_of)
         VALUES ($1, 'open', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20,
           1, $21)
         ON CONFLICT (dedupe_key) WHERE status = 'open' DO UPDATE SET last_seen = $20, occurrences = e.occurrences + 1,
           message = $14,
           summary = CASE WHEN e.duplicate_of IS NOT NULL AND $21::text IS NULL THEN e.summary ELSE $15 END,
           raw = $16, sf_id = COALESCE($6, e.sf_id), record_name = COALESCE($7, e.record_name),
           value = CASE WHEN e.duplicate_of IS NOT NULL AND $21::text IS NULL THEN e.value ELSE $11 END,
           code = $8, duplicate_of = COALESCE($21, e.duplicate_of)
         RETURNING id, (xmax = 0) AS inserted`,
        [
          dedupeKey(e),
          e.category,
          e.crmType,
          e.crmId,
          e.sfObject,
          e.sfId ?? null,
          e.recordName ?? null,
          e.code,
          e.subType ?? null,
          e.field ?? null,
          e.value ?? null,
          e.rule ?? null,
          e.rootCauseKey,
          e.message,
          e.summary ?? null,
          e.raw === undefined ? null : JSON.stringify(e.raw),
          e.blocking?.type ?? null,
          e.blocking?.id ?? null,
          e.blocking?.name ?? null,
          now,
          e.duplicateOf ?? null,
        ],
      );
      return { id: String(row!.id), isNew: row!.inserted };
    },

    /** What Salesforce said about a duplicates error (see the SQLite store); false if not open. */
    async describeDuplicate(
      id: string,
      d: {
        duplicateOf: string;
        rule?: string | null;
        field?: string | null;
        value?: string | null;
        summary?: string | null;
      },
    ): Promise<boolean> {
      if (!isId(id)) return false;
      const changed = await db.run(
        `UPDATE errors SET duplicate_of = $2, rule = COALESCE($3, rule), field = COALESCE($4, field),
           value = COALESCE($5, value), summary = COALESCE($6, summary), duplicate_checked = 1
         WHERE id = $1 AND status = 'open'`,
        [Number(id), d.duplicateOf, d.rule ?? null, d.field ?? null, d.value ?? null, d.summary ?? null],
      );
      return changed > 0;
    },

    async needsDuplicateCheck(id: string): Promise<boolean> {
      if (!isId(id)) return false;
      const row = await db.one(
        `SELECT 1 FROM errors WHERE id = $1 AND status = 'open' AND duplicate_of IS NULL AND duplicate_checked = 0`,
        [Number(id)],
      );
      return row !== undefined;
    },

    async markDuplicateChecked(id: string): Promise<void> {
      if (isId(id)) await db.run(`UPDATE errors SET duplicate_checked = 1 WHERE id = $1`, [Number(id)]);
    },

    /** Resolves the record's open errors except those whose keys are kept; returns resolved ids. */
    async resolveRecord(
      crmType: CrmType,
      crmId: string,
      now: number,
      keep: Set<string> = new Set(),
    ): Promise<string[]> {
      const rows = await db.rows<{ id: number }>(
        `UPDATE errors SET status = 'resolved', resolved_at = $3, next_retry_at = NULL
         WHERE crm_type = $1 AND crm_id = $2 AND status = 'open' AND NOT (dedupe_key = ANY($4::text[]))
         RETURNING id`,
        [crmType, crmId, now, [...keep]],
      );
      return rows.map((r) => String(r.id)).sort((a, b) => Number(a) - Number(b));
    },

    async resolveError(id: string, now: number): Promise<boolean> {
      if (!isId(id)) return false;
      const changed = await db.run(
        `UPDATE errors SET status = 'resolved', resolved_at = $1, next_retry_at = NULL WHERE id = $2 AND status = 'open'`,
        [now, Number(id)],
      );
      return changed > 0;
    },

    async addHistory(
      crmType: CrmType,
      crmId: string,
      at: number,
      action: string,
      outcome: string,
      errorId?: string | null,
      detail?: string | null,
    ): Promise<void> {
      await db.run(
        `INSERT INTO history (crm_type, crm_id, at, action, outcome, error_id, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          crmType,
          crmId,
          at,
          action,
          outcome,
          errorId && isId(errorId) ? Number(errorId) : null,
          detail ?? null,
        ],
      );
    },

    async scheduleRetry(id: string, retries: number, nextRetryAt: number | null): Promise<void> {
      if (isId(id))
        await db.run(`UPDATE errors SET retries = $1, next_retry_at = $2 WHERE id = $3`, [
          retries,
          nextRetryAt,
          Number(id),
        ]);
    },

    /** Notes in each error's record history that `actor` asked for `action`; unknown ids are skipped. */
    async recordActions(errorIds: readonly string[], action: string, actor: string | null, at: number) {
      const ids = errorIds.filter(isId).map(Number);
      await db.run(
        `INSERT INTO history (crm_type, crm_id, at, action, outcome, error_id, detail, actor)
         SELECT e.crm_type, e.crm_id, $2, $3, 'requested', e.id, NULL, $4
         FROM unnest($1::bigint[]) WITH ORDINALITY AS t(id, n) JOIN errors e ON e.id = t.id ORDER BY t.n`,
        [ids, at, action, actor],
      );
    },
    /** Adds an org-wide change to the activity list. */
    async recordActivity(entry: Omit<ActivityEntry, 'id'>): Promise<void> {
      await db.run(`INSERT INTO activity (at, actor, action, summary) VALUES ($1, $2, $3, $4)`, [
        entry.at,
        entry.actor,
        entry.action,
        entry.summary,
      ]);
    },
    /** The activity list, newest first, keyset-paged by id like SQLite's. */
    async activityPage(opts: { before?: number; limit: number }) {
      const rows = await db.rows<ActivityEntry>(
        `SELECT id, at, actor, action, summary FROM activity WHERE id < $1 ORDER BY id DESC LIMIT $2`,
        [opts.before ?? Number.MAX_SAFE_INTEGER, opts.limit + 1],
      );
      const items = rows.slice(0, opts.limit);
      return { items, nextBefore: rows.length > opts.limit ? items[items.length - 1]!.id : null };
    },
  };
}

/** An error id as the store hands them out (a bigint's decimal digits); anything else matches no error. */
export const isId = (id: string) => /^\d{1,15}$/.test(id);
