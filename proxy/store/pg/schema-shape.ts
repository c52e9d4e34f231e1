/** @module The shape of the PostgreSQL schema (tables, columns, normalised types) for the drift test. */
import { normaliseColumnType, type SchemaShape } from '../schema-shape';
import { openMigratedDb } from './schema';

/** Migrates the database at `url` and reads its tables and columns in the connection's current schema. */
export async function pgSchemaShape(url: string): Promise<SchemaShape> {
  const db = await openMigratedDb(url);
  try {
    const rows = await db.rows<{ table_name: string; column_name: string; data_type: string }>(
      `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
       WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
       ORDER BY c.table_name, c.ordinal_position`,
    );
    const shape: SchemaShape = {};
    for (const r of rows) {
      const table = shape[r.table_name] ?? {};
      table[r.column_name] = normaliseColumnType(r.data_type);
      shape[r.table_name] = table;
    }
    return shape;
  } finally {
    await db.end();
  }
}
