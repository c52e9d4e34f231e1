/**
 * @module Initial matching's memory of "no Salesforce record has this value": a record whose create then
 * fails is retried without querying again, as long as its key values are the ones looked up and the
 * lookup is recent (a record someone makes in Salesforce meanwhile is found by the next lookup).
 */
import type Database from 'better-sqlite3';

export function createMatchMemory(db: Database.Database) {
  const get = db.prepare<[string, string], { key_values: string; checked_at: number }>(
    `SELECT key_values, checked_at FROM match_memory WHERE crm_type = ? AND crm_id = ?`,
  );
  const put = db.prepare(
    `INSERT INTO match_memory (crm_type, crm_id, key_values, checked_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (crm_type, crm_id) DO UPDATE SET key_values = excluded.key_values, checked_at = excluded.checked_at`,
  );
  const drop = db.prepare(`DELETE FROM match_memory WHERE crm_type = ? AND crm_id = ?`);
  return {
    /** When `keyValues` were last found in no Salesforce record for this CRM record, or null. */
    noMatchSince(crmType: string, crmId: string, keyValues: string): number | null {
      const row = get.get(crmType, crmId);
      return row && row.key_values === keyValues ? row.checked_at : null;
    },
    /** Remembers that nothing in Salesforce had these values at `at`. */
    rememberNoMatch(crmType: string, crmId: string, keyValues: string, at: number): void {
      put.run(crmType, crmId, keyValues, at);
    },
    /** Forgets the record's lookup (it was linked or matched since). */
    forgetMatch(crmType: string, crmId: string): void {
      drop.run(crmType, crmId);
    },
  };
}

export type MatchMemory = ReturnType<typeof createMatchMemory>;
