/**
 * @module The reads the sync's helpers need on the errors table (retries due, errors a change unblocks,
 * association errors) and the few deletes they make: one named method each, so no SQL lives outside
 * proxy/store.
 */
import type Database from 'better-sqlite3';
import type { CrmType, ErrorCategory } from './types';

/** An open error whose automatic retry is due. */
export interface DueRetry {
  id: number;
  crmType: CrmType;
  crmId: string;
  retries: number;
  category: string;
  code: string;
  rootCauseKey: string;
  sfId: string | null;
  value: string | null;
}

/** An open error that waits for an Account to get its CRM company. */
export interface BlockedByAccount {
  crmType: CrmType;
  crmId: string;
  sfId: string | null;
  value: string | null;
  blockingName: string | null;
}

/** An `errors` row as a due retry (a pure mapper both stores use). */
export const toDueRetry = (r: Record<string, unknown>): DueRetry => ({
  id: r.id as number,
  crmType: r.crm_type as CrmType,
  crmId: r.crm_id as string,
  retries: r.retries as number,
  category: r.category as string,
  code: r.code as string,
  rootCauseKey: r.root_cause_key as string,
  sfId: (r.sf_id as string | null) ?? null,
  value: (r.value as string | null) ?? null,
});

/** An `errors` row as an error held back by a record (a pure mapper both stores use). */
export const toBlockedBy = (r: Record<string, unknown>): BlockedByAccount => ({
  crmType: r.crm_type as CrmType,
  crmId: r.crm_id as string,
  sfId: (r.sf_id as string | null) ?? null,
  value: (r.value as string | null) ?? null,
  blockingName: (r.blocking_name as string | null) ?? null,
});

export function createSyncQueries(db: Database.Database) {
  const openIds = db.prepare<[string], { id: number }>(
    `SELECT id FROM errors WHERE status = 'open' AND category = ? ORDER BY id`,
  );
  const due = db.prepare<[number, number, number], Record<string, unknown>>(
    `SELECT id, crm_type, crm_id, retries, category, code, root_cause_key, sf_id, value FROM errors
     WHERE status = 'open' AND next_retry_at IS NOT NULL AND next_retry_at <= ? AND retries < ? LIMIT ?`,
  );
  // Prefixes are the code's own constants (letters, '-', ':'), so LIKE needs no escaping here.
  const keyPrefixed = db.prepare<[number, string], { one: 1 }>(
    `SELECT 1 AS one FROM errors WHERE id = ? AND root_cause_key LIKE ?`,
  );
  const ofRecordByCodes = db.prepare<
    [string, string, string, string, string],
    { id: number; dedupe_key: string }
  >(
    `SELECT id, dedupe_key FROM errors WHERE status = 'open' AND crm_type = ? AND crm_id = ?
     AND (code IN (?, ?) OR root_cause_key LIKE ?)`,
  );
  const byBlockingId = db.prepare<[string, string], Record<string, unknown>>(
    `SELECT crm_type, crm_id, sf_id, value, blocking_name FROM errors WHERE status = 'open' AND code = ? AND blocking_id = ?`,
  );
  const blockedByCompany = db.prepare<[string, string], { crm_type: CrmType; crm_id: string }>(
    `SELECT DISTINCT crm_type, crm_id FROM errors WHERE status = 'open' AND blocking_type = 'companies' AND blocking_id = ?
     AND code != ?`,
  );
  const deleteDescribes = db.prepare(`DELETE FROM describes`);
  const callAt = db.prepare<[number, number], { at: number }>(
    `SELECT at FROM api_calls WHERE at > ? ORDER BY at LIMIT 1 OFFSET ?`,
  );

  return {
    /** Ids of the open errors of a category, oldest first (what "resync all" snapshots). */
    openErrorIds: (category: ErrorCategory): string[] => openIds.all(category).map((r) => String(r.id)),
    /** Open errors whose next automatic retry is at or before `now` and that have attempts left. */
    dueRetries(now: number, maxAttempts: number, limit = 1000): DueRetry[] {
      return due.all(now, maxAttempts, limit).map(toDueRetry);
    },
    /** Whether error `id` has a root-cause key starting with `prefix`. */
    errorKeyStartsWith: (id: string, prefix: string): boolean =>
      keyPrefixed.get(Number(id), `${prefix}%`) !== undefined,
    /** Open errors of one record with one of two codes or a root-cause key starting with `keyPrefix`. */
    openErrorsOfRecord(
      crmType: CrmType,
      crmId: string,
      codes: readonly [string, string],
      keyPrefix: string,
    ): { id: number; dedupeKey: string }[] {
      return ofRecordByCodes
        .all(crmType, crmId, codes[0], codes[1], `${keyPrefix}%`)
        .map((r) => ({ id: r.id, dedupeKey: r.dedupe_key }));
    },
    /** Open errors with `code` held back by the record `blockingId`. */
    openErrorsBlockedBy(code: string, blockingId: string): BlockedByAccount[] {
      return byBlockingId.all(code, blockingId).map(toBlockedBy);
    },
    /** Records with an open error blocked by a CRM company, except errors with `exceptCode`. */
    recordsBlockedByCompany(companyId: string, exceptCode: string): { crmType: CrmType; crmId: string }[] {
      return blockedByCompany
        .all(companyId, exceptCode)
        .map((r) => ({ crmType: r.crm_type, crmId: r.crm_id }));
    },
    /** Records with an open error on `sfObject` in one of `categories`. */
    recordsWithOpenErrors(
      sfObject: string,
      categories: readonly string[],
    ): { crmType: CrmType; crmId: string }[] {
      if (!categories.length) return [];
      return db
        .prepare<string[], { crm_type: CrmType; crm_id: string }>(
          `SELECT DISTINCT crm_type, crm_id FROM errors WHERE status = 'open' AND sf_object = ?
           AND category IN (${categories.map(() => '?').join(',')})`,
        )
        .all(sfObject, ...categories)
        .map((r) => ({ crmType: r.crm_type, crmId: r.crm_id }));
    },
    /** Forgets every cached describe: the next read fetches the org as it is now. */
    clearDescribes(): void {
      deleteDescribes.run();
    },
    /** The time of the `n`-th call (0-based) made after `since`, or null when there are fewer. */
    nthCallAfter(since: number, n: number): number | null {
      return callAt.get(since, Math.max(0, n))?.at ?? null;
    },
  };
}

export type SyncQueries = ReturnType<typeof createSyncQueries>;
