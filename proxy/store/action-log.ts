/**
 * @module Actions people take through the API: written into a record's history with who took them, and
 * org-wide changes (allocation, settings, mappings, setup…) into the activity list.
 */
import type Database from 'better-sqlite3';
import type { CrmType } from './types';

/** One org-wide change a person made, in words (`summary`), with who made it (null: the local proxy's admin). */
export interface ActivityEntry {
  id: number;
  at: number;
  actor: string | null;
  /** A short code of what was changed (`allocation`, `mappings`, `team-alerts`…), for filtering and tests. */
  action: string;
  summary: string;
}

export function createActionLog(db: Database.Database) {
  const target = db.prepare<[number], { crm_type: CrmType; crm_id: string }>(
    `SELECT crm_type, crm_id FROM errors WHERE id = ?`,
  );
  const insert = db.prepare(
    `INSERT INTO history (crm_type, crm_id, at, action, outcome, error_id, detail, actor)
     VALUES (?, ?, ?, ?, ?, ?, NULL, ?)`,
  );
  const insertActivity = db.prepare(
    `INSERT INTO activity (at, actor, action, summary) VALUES (@at, @actor, @action, @summary)`,
  );
  const activityRows = db.prepare<[number, number], ActivityEntry>(
    `SELECT id, at, actor, action, summary FROM activity WHERE id < ? ORDER BY id DESC LIMIT ?`,
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
    /** Adds an org-wide change to the activity list. */
    recordActivity(entry: Omit<ActivityEntry, 'id'>): void {
      insertActivity.run(entry);
    },
    /**
     * The activity list, newest first: `limit` entries older than the entry `before` (keyset paging by id,
     * so a change recorded while someone pages never shifts or repeats a row).
     */
    activityPage(opts: { before?: number; limit: number }): {
      items: ActivityEntry[];
      nextBefore: number | null;
    } {
      const rows = activityRows.all(opts.before ?? Number.MAX_SAFE_INTEGER, opts.limit + 1);
      const items = rows.slice(0, opts.limit);
      return { items, nextBefore: rows.length > opts.limit ? items[items.length - 1]!.id : null };
    },
  };
}

export type ActionLog = ReturnType<typeof createActionLog>;
