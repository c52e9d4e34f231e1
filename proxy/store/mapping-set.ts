/**
 * @module The mapping set the sync uses, kept in SQLite (one row), and the problems its last validation
 * found. The store keeps the JSON; proxy/sync owns its shape and validates it before saving.
 */
import type Database from 'better-sqlite3';

const PROBLEMS_KEY = 'mapping_problems';

export function createMappingSet(db: Database.Database) {
  const get = db.prepare<[], { body: string; updated_at: number }>(
    `SELECT body, updated_at FROM mapping_set WHERE id = 1`,
  );
  const put = db.prepare(
    `INSERT INTO mapping_set (id, body, updated_at) VALUES (1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
  );
  const getProblems = db.prepare<[string], { value: string }>(`SELECT value FROM cursors WHERE key = ?`);
  const putProblems = db.prepare(
    `INSERT INTO cursors (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  );
  const dropCursor = db.prepare(`DELETE FROM cursors WHERE key = ?`);
  const linked = db.prepare<[string], { n: number }>(
    `SELECT COUNT(*) AS n FROM links WHERE crm_type = ? AND sf_id IS NOT NULL`,
  );
  return {
    /** Forgets a pull cursor: the next run reads that side's records from the start again. */
    forgetCursor(key: string): void {
      dropCursor.run(key);
    },
    /** How many records of a CRM type are linked to a Salesforce record (re-sent when their mapping changes). */
    linkedCount(crmType: string): number {
      return linked.get(crmType)?.n ?? 0;
    },
    /** The stored mapping set, or null before the engine's first start saved its default. */
    mappingSet<T>(): { mappings: T; updatedAt: number } | null {
      const row = get.get();
      return row ? { mappings: JSON.parse(row.body) as T, updatedAt: row.updated_at } : null;
    },
    saveMappingSet(mappings: unknown, now: number): void {
      put.run(JSON.stringify(mappings), now);
    },
    /** What the last validation found (empty when it found nothing), with when it ran. */
    mappingProblems<T>(): { problems: T[]; validatedAt: number } | null {
      const row = getProblems.get(PROBLEMS_KEY);
      return row ? (JSON.parse(row.value) as { problems: T[]; validatedAt: number }) : null;
    },
    setMappingProblems(problems: unknown[], validatedAt: number): void {
      putProblems.run(PROBLEMS_KEY, JSON.stringify({ problems, validatedAt }));
    },
  };
}

export type MappingSetStore = ReturnType<typeof createMappingSet>;
