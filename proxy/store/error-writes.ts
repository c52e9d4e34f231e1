/** @module Writing errors and history: one open error per (record, category, cause). */
import type Database from 'better-sqlite3';
import type { CrmType, ErrorInput } from './types';

export const dedupeKey = (e: Pick<ErrorInput, 'crmType' | 'crmId' | 'category' | 'rootCauseKey'>) =>
  `${e.crmType}:${e.crmId}|${e.category}|${e.rootCauseKey}`;

export function createErrorWrites(db: Database.Database) {
  const findOpen = db.prepare<[string], { id: number }>(
    `SELECT id FROM errors WHERE dedupe_key = ? AND status = 'open'`,
  );
  const bump = db.prepare(
    // A duplicate described once (describeDuplicate) keeps its summary and value while later occurrences,
    // answered by collections, know less.
    `UPDATE errors SET last_seen = @now, occurrences = occurrences + 1, message = @message,
       summary = CASE WHEN duplicate_of IS NOT NULL AND @duplicateOf IS NULL THEN summary ELSE @summary END,
       raw = @raw, sf_id = COALESCE(@sfId, sf_id), record_name = COALESCE(@recordName, record_name),
       value = CASE WHEN duplicate_of IS NOT NULL AND @duplicateOf IS NULL THEN value ELSE @value END,
       code = @code, duplicate_of = COALESCE(@duplicateOf, duplicate_of) WHERE id = @id`,
  );
  const insert = db.prepare(
    `INSERT INTO errors (dedupe_key, status, category, crm_type, crm_id, sf_object, sf_id, record_name, code,
       sub_type, field, value, rule, root_cause_key, message, summary, raw, blocking_type, blocking_id, blocking_name,
       first_seen, last_seen, occurrences, duplicate_of)
     VALUES (@key, 'open', @category, @crmType, @crmId, @sfObject, @sfId, @recordName, @code, @subType, @field,
       @value, @rule, @rootCauseKey, @message, @summary, @raw, @blockingType, @blockingId, @blockingName, @now, @now, 1,
       @duplicateOf)`,
  );
  const openForRecord = db.prepare<[string, string], { id: number; dedupe_key: string }>(
    `SELECT id, dedupe_key FROM errors WHERE crm_type = ? AND crm_id = ? AND status = 'open'`,
  );
  const resolveOne = db.prepare(
    `UPDATE errors SET status = 'resolved', resolved_at = ?, next_retry_at = NULL WHERE id = ? AND status = 'open'`,
  );
  const addHistory = db.prepare(
    `INSERT INTO history (crm_type, crm_id, at, action, outcome, error_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const scheduleRetry = db.prepare(`UPDATE errors SET retries = ?, next_retry_at = ? WHERE id = ?`);
  const setDuplicate = db.prepare(
    `UPDATE errors SET duplicate_of = @duplicateOf, rule = COALESCE(@rule, rule), field = COALESCE(@field, field),
       value = COALESCE(@value, value), summary = COALESCE(@summary, summary), duplicate_checked = 1
     WHERE id = @id AND status = 'open'`,
  );
  const duplicateUnchecked = db.prepare<[number], { n: number }>(
    `SELECT COUNT(*) AS n FROM errors WHERE id = ? AND status = 'open' AND duplicate_of IS NULL
       AND duplicate_checked = 0`,
  );
  const setDuplicateChecked = db.prepare(`UPDATE errors SET duplicate_checked = 1 WHERE id = ?`);

  return {
    /** Records a failure; returns the error id and whether it is newly open. */
    recordError(e: ErrorInput, now: number): { id: string; isNew: boolean } {
      const key = dedupeKey(e);
      const params = {
        key,
        now,
        category: e.category,
        crmType: e.crmType,
        crmId: e.crmId,
        sfObject: e.sfObject,
        sfId: e.sfId ?? null,
        recordName: e.recordName ?? null,
        code: e.code,
        subType: e.subType ?? null,
        field: e.field ?? null,
        value: e.value ?? null,
        rule: e.rule ?? null,
        rootCauseKey: e.rootCauseKey,
        message: e.message,
        summary: e.summary ?? null,
        raw: e.raw === undefined ? null : JSON.stringify(e.raw),
        blockingType: e.blocking?.type ?? null,
        blockingId: e.blocking?.id ?? null,
        blockingName: e.blocking?.name ?? null,
        duplicateOf: e.duplicateOf ?? null,
      };
      const existing = findOpen.get(key);
      if (existing) {
        bump.run({ ...params, id: existing.id });
        return { id: String(existing.id), isNew: false };
      }
      const info = insert.run(params);
      return { id: String(info.lastInsertRowid), isNew: true };
    },

    /**
     * What Salesforce said about a duplicates error when asked for the record's details: the existing
     * record it matches, the duplicate rule, and the field and value that matched. False if not open.
     */
    describeDuplicate(
      id: string,
      d: {
        duplicateOf: string;
        rule?: string | null;
        field?: string | null;
        value?: string | null;
        summary?: string | null;
      },
    ): boolean {
      return (
        setDuplicate.run({
          id: Number(id),
          duplicateOf: d.duplicateOf,
          rule: d.rule ?? null,
          field: d.field ?? null,
          value: d.value ?? null,
          summary: d.summary ?? null,
        }).changes > 0
      );
    },

    /** Whether an open duplicates error still waits for its rule to be asked what it matched. */
    needsDuplicateCheck(id: string): boolean {
      return (duplicateUnchecked.get(Number(id))?.n ?? 0) > 0;
    },

    /** The rule was asked and named nothing usable: do not ask again while the error is open. */
    markDuplicateChecked(id: string): void {
      setDuplicateChecked.run(Number(id));
    },

    /** Resolves the record's open errors except those whose keys are kept; returns resolved ids. */
    resolveRecord(crmType: CrmType, crmId: string, now: number, keep: Set<string> = new Set()): string[] {
      const resolved: string[] = [];
      for (const row of openForRecord.all(crmType, crmId)) {
        if (keep.has(row.dedupe_key)) continue;
        resolveOne.run(now, row.id);
        resolved.push(String(row.id));
      }
      return resolved;
    },

    resolveError(id: string, now: number): boolean {
      return resolveOne.run(now, Number(id)).changes > 0;
    },

    addHistory(
      crmType: CrmType,
      crmId: string,
      at: number,
      action: string,
      outcome: string,
      errorId?: string | null,
      detail?: string | null,
    ): void {
      addHistory.run(crmType, crmId, at, action, outcome, errorId ? Number(errorId) : null, detail ?? null);
    },

    scheduleRetry(id: string, retries: number, nextRetryAt: number | null): void {
      scheduleRetry.run(retries, nextRetryAt, Number(id));
    },
  };
}

export type ErrorWrites = ReturnType<typeof createErrorWrites>;
