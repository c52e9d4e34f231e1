/**
 * @module The admin's mapping set, record rules and closed links, and initial matching's memory, on
 * PostgreSQL (see proxy/store/mapping-set.ts, record-rules.ts, match-memory.ts).
 */
import { type RecordRules, recordRulesSchema } from '../../../shared/api/record-rules';
import { DEFAULT_RECORD_RULES, toClosed } from '../record-rules';
import type { CrmType } from '../types';
import type { Db } from './db';

const PROBLEMS_KEY = 'mapping_problems';
const UPSERT_CURSOR = `INSERT INTO cursors (key, value) VALUES ($1, $2)
  ON CONFLICT (key) DO UPDATE SET value = excluded.value`;

export function createPgMappingSet(db: Db) {
  return {
    async forgetCursor(key: string): Promise<void> {
      await db.run(`DELETE FROM cursors WHERE key = $1`, [key]);
    },
    linkedCount: async (crmType: string): Promise<number> =>
      (
        await db.one<{ n: number }>(
          `SELECT COUNT(*) AS n FROM links WHERE crm_type = $1 AND sf_id IS NOT NULL`,
          [crmType],
        )
      )?.n ?? 0,
    async mappingSet<T>(): Promise<{ mappings: T; updatedAt: number } | null> {
      const row = await db.one<{ body: string; updated_at: number }>(
        `SELECT body, updated_at FROM mapping_set WHERE id = 1`,
      );
      return row ? { mappings: JSON.parse(row.body) as T, updatedAt: row.updated_at } : null;
    },
    async saveMappingSet(mappings: unknown, now: number): Promise<void> {
      await db.run(
        `INSERT INTO mapping_set (id, body, updated_at) VALUES (1, $1, $2)
         ON CONFLICT (id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
        [JSON.stringify(mappings), now],
      );
    },
    async mappingProblems<T>(): Promise<{ problems: T[]; validatedAt: number } | null> {
      const row = await db.one<{ value: string }>(`SELECT value FROM cursors WHERE key = $1`, [PROBLEMS_KEY]);
      return row ? (JSON.parse(row.value) as { problems: T[]; validatedAt: number }) : null;
    },
    async setMappingProblems(problems: unknown[], validatedAt: number): Promise<void> {
      await db.run(UPSERT_CURSOR, [PROBLEMS_KEY, JSON.stringify({ problems, validatedAt })]);
    },
  };
}

export function createPgMatchMemory(db: Db) {
  return {
    async noMatchSince(crmType: string, crmId: string, keyValues: string): Promise<number | null> {
      const row = await db.one<{ key_values: string; checked_at: number }>(
        `SELECT key_values, checked_at FROM match_memory WHERE crm_type = $1 AND crm_id = $2`,
        [crmType, crmId],
      );
      return row && row.key_values === keyValues ? row.checked_at : null;
    },
    async rememberNoMatch(crmType: string, crmId: string, keyValues: string, at: number): Promise<void> {
      await db.run(
        `INSERT INTO match_memory (crm_type, crm_id, key_values, checked_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (crm_type, crm_id) DO UPDATE SET key_values = excluded.key_values, checked_at = excluded.checked_at`,
        [crmType, crmId, keyValues, at],
      );
    },
    async forgetMatch(crmType: string, crmId: string): Promise<void> {
      await db.run(`DELETE FROM match_memory WHERE crm_type = $1 AND crm_id = $2`, [crmType, crmId]);
    },
  };
}

export function createPgRecordRules(db: Db) {
  const recordRules = async (): Promise<RecordRules> => {
    const row = await db.one<{ value: string }>(`SELECT value FROM settings WHERE key = 'record_rules'`);
    // A value this version does not understand falls back to the defaults, field by field.
    const parsed = recordRulesSchema.partial().safeParse(row ? JSON.parse(row.value) : {});
    return { ...DEFAULT_RECORD_RULES, ...(parsed.success ? parsed.data : {}) };
  };
  return {
    recordRules,
    async setRecordRules(patch: Partial<RecordRules>): Promise<RecordRules> {
      const next = recordRulesSchema.parse({ ...(await recordRules()), ...patch });
      await db.run(
        `INSERT INTO settings (key, value) VALUES ('record_rules', $1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [JSON.stringify(next)],
      );
      return next;
    },
    async moveLink(
      crmType: CrmType,
      crmId: string,
      sfObject: string,
      sfId: string,
      stampPending: boolean,
    ): Promise<void> {
      await db.run(
        `UPDATE links SET sf_object = $1, sf_id = $2, stamp_pending = $3 WHERE crm_type = $4 AND crm_id = $5`,
        [sfObject, sfId, stampPending ? 1 : 0, crmType, crmId],
      );
    },
    /** Ends a link for good: the pair is no longer synced, its pending changes leave the queue. */
    async closeLink(crmType: CrmType, crmId: string, reason: string, at: number): Promise<void> {
      await db.tx(async () => {
        const link = await db.one<{ sf_object: string; sf_id: string | null }>(
          `SELECT sf_object, sf_id FROM links WHERE crm_type = $1 AND crm_id = $2`,
          [crmType, crmId],
        );
        await db.run(
          `INSERT INTO closed_links (crm_type, crm_id, sf_object, sf_id, reason, closed_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (crm_type, crm_id) DO UPDATE SET sf_object = excluded.sf_object, sf_id = excluded.sf_id,
             reason = excluded.reason, closed_at = excluded.closed_at`,
          [crmType, crmId, link?.sf_object ?? '', link?.sf_id ?? null, reason, at],
        );
        await db.run(`DELETE FROM links WHERE crm_type = $1 AND crm_id = $2`, [crmType, crmId]);
        await db.run(
          `DELETE FROM queue WHERE object_type = $1 AND record_id = $2 AND direction <> 'to-crm'`,
          [crmType, crmId],
        );
      });
    },
    linksTo: async (sfObject: string): Promise<number> =>
      (
        await db.one<{ n: number }>(
          `SELECT COUNT(*) AS n FROM links WHERE sf_object = $1 AND sf_id IS NOT NULL`,
          [sfObject],
        )
      )?.n ?? 0,
    closedLink: async (crmType: CrmType, crmId: string) =>
      toClosed(
        await db.one(`SELECT * FROM closed_links WHERE crm_type = $1 AND crm_id = $2`, [crmType, crmId]),
      ),
    closedLinkBySfId: async (sfId: string) =>
      toClosed(await db.one(`SELECT * FROM closed_links WHERE sf_id = $1 LIMIT 1`, [sfId])),
  };
}
