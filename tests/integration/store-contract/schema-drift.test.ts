/**
 * The two schemas do not drift apart: every table and column of SQLite (the sync store's migrations and
 * team.db's) exists in PostgreSQL with the same kind of type, and PostgreSQL has nothing more than the
 * differences listed here with their reason. A migration added on one side only fails here by name.
 */
import { describe, expect, it } from 'vitest';
import { pgSchemaShape } from '../../../proxy/store/pg/schema-shape';
import { type SchemaShape, sqliteSchemaShape } from '../../../proxy/store/schema-shape';
import { pgTestDatabase } from './team-stores';

/** What only one side has, on purpose. */
const ONLY_IN_POSTGRES: Record<string, string> = {
  schema_version: 'the version table (SQLite keeps PRAGMA user_version)',
  record_category_counts:
    'open errors per record and category, so the counter trigger upserts instead of an EXISTS (ARCHITECTURE.md)',
  replica_requests: 'actions a standby hands to the replica running the sync (SQLite has one replica)',
};
const ONLY_IN_SQLITE: Record<string, string> = {};
const COLUMNS_ONLY_IN_POSTGRES: Record<string, string> = {
  'resync_jobs.seq': "insertion order, which SQLite reads from the table's implicit rowid",
  'resync_job_items.seq': "insertion order, which SQLite reads from the table's implicit rowid",
};

/** The differences between two shapes, in words naming the table, column and types. */
function schemaDrift(sqlite: SchemaShape, postgres: SchemaShape): string[] {
  const found: string[] = [];
  for (const [table, columns] of Object.entries(sqlite)) {
    if (ONLY_IN_SQLITE[table]) continue;
    const other = postgres[table];
    if (!other) {
      found.push(`table ${table} is in SQLite only`);
      continue;
    }
    for (const [column, type] of Object.entries(columns)) {
      if (!(column in other)) found.push(`column ${table}.${column} is in SQLite only`);
      else if (other[column] !== type)
        found.push(`column ${table}.${column} is ${type} in SQLite but ${other[column]} in PostgreSQL`);
    }
    for (const column of Object.keys(other))
      if (!(column in columns) && !COLUMNS_ONLY_IN_POSTGRES[`${table}.${column}`])
        found.push(`column ${table}.${column} is in PostgreSQL only`);
  }
  for (const table of Object.keys(postgres))
    if (!sqlite[table] && !ONLY_IN_POSTGRES[table]) found.push(`table ${table} is in PostgreSQL only`);
  return found.sort();
}

describe('the SQLite and PostgreSQL schemas', () => {
  const database = pgTestDatabase('drift');

  it('have the same tables and columns, with the same kinds of types', async () => {
    const sqlite = sqliteSchemaShape();
    const postgres = await pgSchemaShape(await database.schemaUrl());
    expect(Object.keys(sqlite)).toContain('users');
    expect(Object.keys(postgres)).toContain('activity');
    expect(schemaDrift(sqlite, postgres)).toEqual([]);
  });

  it('names the table and column that differ', () => {
    const sqlite: SchemaShape = { links: { crm_id: 'text', synced_at: 'integer' }, extra: { a: 'text' } };
    const postgres: SchemaShape = { links: { crm_id: 'text', synced_at: 'text', note: 'text' }, more: {} };
    expect(schemaDrift(sqlite, postgres)).toEqual([
      'column links.note is in PostgreSQL only',
      'column links.synced_at is integer in SQLite but text in PostgreSQL',
      'table extra is in SQLite only',
      'table more is in PostgreSQL only',
    ]);
  });
});
