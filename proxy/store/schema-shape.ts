/**
 * @module The shape of the SQLite schema (every table and its columns, types normalised) for the drift test
 * that holds the PostgreSQL schema (pg/schema-shape.ts) to the same tables and columns: the sync store's
 * migrations and team.db's, applied to an empty in-memory database.
 */
import Database from 'better-sqlite3';
import { migrate } from './schema';
import { TEAM_MIGRATIONS } from './users';

/** table → column → normalised type (`integer`, `real`, `text`, `blob`). */
export type SchemaShape = Record<string, Record<string, string>>;

/**
 * One type family per storage kind, so SQLite's INTEGER and PostgreSQL's BIGINT compare equal while a TEXT
 * column against an INTEGER one does not.
 */
export function normaliseColumnType(declared: string): string {
  const t = declared.toLowerCase();
  if (/int|serial|bool/.test(t)) return 'integer';
  if (/real|double|float|numeric|decimal/.test(t)) return 'real';
  if (/char|text|clob|json/.test(t)) return 'text';
  if (/blob|bytea/.test(t)) return 'blob';
  return t;
}

export function sqliteSchemaShape(): SchemaShape {
  const shape: SchemaShape = {};
  const read = (db: Database.Database) => {
    const tables = db
      .prepare<[], { name: string }>(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
      )
      .all();
    for (const { name } of tables) {
      const columns = db.prepare<[], { name: string; type: string }>(`PRAGMA table_info("${name}")`).all();
      shape[name] = Object.fromEntries(columns.map((c) => [c.name, normaliseColumnType(c.type)]));
    }
  };
  const sync = new Database(':memory:');
  try {
    migrate(sync);
    read(sync);
  } finally {
    sync.close();
  }
  const team = new Database(':memory:');
  try {
    for (const step of TEAM_MIGRATIONS) team.exec(step);
    read(team);
  } finally {
    team.close();
  }
  return shape;
}
