/** @module The sync helpers' reads on the errors table, on PostgreSQL (see proxy/store/sync-queries.ts). */
import { type BlockedByAccount, type DueRetry, toBlockedBy, toDueRetry } from '../sync-queries';
import type { CrmType, ErrorCategory } from '../types';
import type { Db } from './db';
import { isId } from './error-writes';

export function createPgSyncQueries(db: Db) {
  return {
    /** Ids of the open errors of a category, oldest first (what "resync all" snapshots). */
    openErrorIds: async (category: ErrorCategory): Promise<string[]> =>
      (
        await db.rows<{ id: number }>(
          `SELECT id FROM errors WHERE status = 'open' AND category = $1 ORDER BY id`,
          [category],
        )
      ).map((r) => String(r.id)),
    /** Open errors whose next automatic retry is at or before `now` and that have attempts left. */
    async dueRetries(now: number, maxAttempts: number, limit = 1000): Promise<DueRetry[]> {
      const rows = await db.rows<Record<string, unknown>>(
        `SELECT id, crm_type, crm_id, retries, category, code, root_cause_key, sf_id, value FROM errors
         WHERE status = 'open' AND next_retry_at IS NOT NULL AND next_retry_at <= $1 AND retries < $2 LIMIT $3`,
        [now, maxAttempts, limit],
      );
      return rows.map(toDueRetry);
    },
    /** Whether error `id` has a root-cause key starting with `prefix`. */
    errorKeyStartsWith: async (id: string, prefix: string): Promise<boolean> =>
      isId(id) &&
      (await db.one(`SELECT 1 FROM errors WHERE id = $1 AND starts_with(root_cause_key, $2)`, [
        Number(id),
        prefix,
      ])) !== undefined,
    /** Open errors of one record with one of two codes or a root-cause key starting with `keyPrefix`. */
    async openErrorsOfRecord(
      crmType: CrmType,
      crmId: string,
      codes: readonly [string, string],
      keyPrefix: string,
    ): Promise<{ id: number; dedupeKey: string }[]> {
      const rows = await db.rows<{ id: number; dedupe_key: string }>(
        `SELECT id, dedupe_key FROM errors WHERE status = 'open' AND crm_type = $1 AND crm_id = $2
         AND (code IN ($3, $4) OR starts_with(root_cause_key, $5)) ORDER BY id`,
        [crmType, crmId, codes[0], codes[1], keyPrefix],
      );
      return rows.map((r) => ({ id: r.id, dedupeKey: r.dedupe_key }));
    },
    /** Open errors with `code` held back by the record `blockingId`. */
    async openErrorsBlockedBy(code: string, blockingId: string): Promise<BlockedByAccount[]> {
      const rows = await db.rows<Record<string, unknown>>(
        `SELECT crm_type, crm_id, sf_id, value, blocking_name FROM errors
         WHERE status = 'open' AND code = $1 AND blocking_id = $2 ORDER BY id`,
        [code, blockingId],
      );
      return rows.map(toBlockedBy);
    },
    /** Records with an open error blocked by a CRM company, except errors with `exceptCode`. */
    async recordsBlockedByCompany(
      companyId: string,
      exceptCode: string,
    ): Promise<{ crmType: CrmType; crmId: string }[]> {
      const rows = await db.rows<{ crm_type: CrmType; crm_id: string }>(
        `SELECT crm_type, crm_id FROM errors WHERE status = 'open' AND blocking_type = 'companies'
         AND blocking_id = $1 AND code != $2 GROUP BY crm_type, crm_id ORDER BY MIN(id)`,
        [companyId, exceptCode],
      );
      return rows.map((r) => ({ crmType: r.crm_type, crmId: r.crm_id }));
    },
    /** Records with an open error on `sfObject` in one of `categories`. */
    async recordsWithOpenErrors(
      sfObject: string,
      categories: readonly string[],
    ): Promise<{ crmType: CrmType; crmId: string }[]> {
      if (!categories.length) return [];
      const rows = await db.rows<{ crm_type: CrmType; crm_id: string }>(
        `SELECT crm_type, crm_id FROM errors WHERE status = 'open' AND sf_object = $1
         AND category = ANY($2::text[]) GROUP BY crm_type, crm_id ORDER BY MIN(id)`,
        [sfObject, [...categories]],
      );
      return rows.map((r) => ({ crmType: r.crm_type, crmId: r.crm_id }));
    },
    /** Forgets every cached describe: the next read fetches the org as it is now. */
    async clearDescribes(): Promise<void> {
      await db.run(`DELETE FROM describes`);
    },
    /** The time of the `n`-th call (0-based) made after `since`, or null when there are fewer. */
    nthCallAfter: async (since: number, n: number): Promise<number | null> =>
      (
        await db.one<{ at: number }>(`SELECT at FROM api_calls WHERE at > $1 ORDER BY at LIMIT 1 OFFSET $2`, [
          since,
          Math.max(0, n),
        ])
      )?.at ?? null,
  };
}
