/**
 * @module The CSV export's read on PostgreSQL: a REPEATABLE READ, READ ONLY transaction on a client of its
 * own (every page sees the errors as they were when it began, while the sync writes), read through a
 * server-side cursor (DECLARE/FETCH) so memory stays flat whatever the number of errors. Rows come as arrays
 * (ExportRow), as SQLite's raw mode gives them.
 */
import type pg from 'pg';
import type { ExportRow } from '../api-queries';
import type { ErrorListFilter } from '../health-queries';
import type { AffectedCounter, AsyncExportSnapshot } from './contract';
import type { Db } from './db';
import { whereOfPg } from './where';

const EXPORT_COLUMNS = `id, status, category, crm_type, crm_id, sf_object, sf_id, record_name, sub_type, field, value,
  rule, message, summary, blocking_type, blocking_id, blocking_name, first_seen, last_seen, occurrences, duplicate_of`;

export async function openPgExportSnapshot(db: Db): Promise<AsyncExportSnapshot> {
  const client: pg.PoolClient = await db.connect();
  let open = true;
  let cursors = 0;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  } catch (e) {
    client.release(e as Error);
    throw e;
  }
  return {
    async *pages(filter: ErrorListFilter, pageSize = 250): AsyncGenerator<ExportRow[]> {
      if (!open) throw new Error('This export snapshot is closed: open another one to export again');
      if (!Number.isInteger(pageSize) || pageSize < 1)
        throw new RangeError(`Invalid page size ${pageSize}: use a whole number of rows, at least 1`);
      const values: unknown[] = [];
      const where = whereOfPg(filter, (v) => `$${values.push(v)}`);
      const name = `export_${++cursors}`;
      await client.query(
        `DECLARE ${name} NO SCROLL CURSOR FOR SELECT ${EXPORT_COLUMNS} FROM errors WHERE ${where}
         ORDER BY last_seen DESC, id DESC`,
        values,
      );
      try {
        while (true) {
          const page = await client.query<ExportRow>({
            text: `FETCH ${pageSize} FROM ${name}`,
            rowMode: 'array',
          });
          if (page.rows.length) yield page.rows;
          if (page.rows.length < pageSize) return;
        }
      } finally {
        if (open) await client.query(`CLOSE ${name}`);
      }
    },
    async close() {
      if (!open) return;
      open = false;
      try {
        await client.query('COMMIT');
        client.release();
      } catch (e) {
        client.release(e as Error);
      }
    },
  };
}

/** How many records an error affects (see proxy/store/api-queries.ts affectedCounter). */
export function pgAffectedCounter(db: Db): AffectedCounter {
  return async (row) => {
    if (!(row.blockingType && row.blockingId && row.status === 'open')) return row.affectedRecords;
    const got = await db.one<{ n: number }>(
      `SELECT COUNT(*) AS n FROM (SELECT DISTINCT crm_type, crm_id FROM errors
       WHERE status = 'open' AND blocking_type = $1 AND blocking_id = $2) AS blocked`,
      [row.blockingType, row.blockingId],
    );
    return Math.max(1, got?.n ?? 1);
  };
}
