/** @module Actions people take through the API, written into a record's history with who took them. */
import type Database from 'better-sqlite3';
import type { CrmType } from './types';

export function createActionLog(db: Database.Database) {
  const target = db.prepare<[number], { crm_type: CrmType; crm_id: string }>(
    `SELECT crm_type, crm_id FROM errors WHERE id = ?`,
  );
  const insert = db.prepare(
    `INSERT INTO history (crm_type, crm_id, at, action, outcome, error_id, detail, actor)
     VALUES (?, ?, ?, ?, ?, ?, NULL, ?)`,
  );
  return {
    /**
     * Notes in each error's record history that `actor` asked for `action` (e.g. a resync); unknown ids are
     * skipped. `actor` null: the local proxy's one admin.
     */
    recordActions(errorIds: readonly string[], action: string, actor: string | null, at: number): void {
      db.transaction(() => {
        for (const id of errorIds) {
          const row = Number.isInteger(Number(id)) ? target.get(Number(id)) : undefined;
          if (row) insert.run(row.crm_type, row.crm_id, at, action, 'requested', Number(id), actor);
        }
      })();
    },
  };
}

export type ActionLog = ReturnType<typeof createActionLog>;
