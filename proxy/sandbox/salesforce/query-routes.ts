/** @module /query and /queryAll with SOQL, paged at most 2,000 records with nextRecordsUrl, and /query/{locator}. */
import { randomBytes } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { beginTransaction } from './record-table';
import { recordUrlOf, type SandboxDeps } from './sandbox-deps';
import { SfError, sfJson } from './sf-format';
import { runSoql } from './soql/run-soql';

const MAX_BATCH = 2000;
const MIN_BATCH = 200;
const MAX_CURSORS = 200;

export function createQueryRoutes(deps: SandboxDeps): Hono {
  const app = new Hono();
  // Open cursors live in memory, like Salesforce's server-side query locators (which expire too).
  const cursors = new Map<string, { rows: Record<string, unknown>[]; batch: number; totalSize: number }>();

  const page = (c: Context, resource: string, cursorId: string, offset: number) => {
    const cursor = cursors.get(cursorId)!;
    const records = cursor.rows.slice(offset, offset + cursor.batch);
    const next = offset + records.length;
    const done = next >= cursor.rows.length;
    if (done) cursors.delete(cursorId);
    const version = c.req.param('version') ?? 'v62.0';
    return sfJson({
      totalSize: cursor.totalSize,
      done,
      ...(done
        ? {}
        : { nextRecordsUrl: `${deps.basePath}/services/data/${version}/${resource}/${cursorId}-${next}` }),
      records,
    });
  };

  const run = (resource: 'query' | 'queryAll') => (c: Context) => {
    const q = c.req.query('q');
    if (!q)
      throw new SfError(400, 'MALFORMED_QUERY', 'A query string has to be specified: send it as ?q=SELECT…');
    const result = runSoql(deps.state().org, beginTransaction(deps.state()), q, {
      includeDeleted: resource === 'queryAll',
      urlOf: recordUrlOf(deps.basePath, c.req.param('version') ?? 'v62.0'),
    });
    const option = /batchSize=(\d+)/i.exec(c.req.header('sforce-query-options') ?? '');
    const batch = option ? Math.min(MAX_BATCH, Math.max(MIN_BATCH, Number(option[1]))) : MAX_BATCH;
    const cursorId = `01g5j${randomBytes(7).toString('hex').toUpperCase()}`;
    if (cursors.size >= MAX_CURSORS) cursors.delete(cursors.keys().next().value!);
    cursors.set(cursorId, { rows: result.records, batch, totalSize: result.totalSize });
    return page(c, resource, cursorId, 0);
  };

  const more = (resource: 'query' | 'queryAll') => (c: Context) => {
    const match = /^(01g[0-9A-Za-z]+)-(\d+)$/.exec(c.req.param('locator') ?? '');
    if (!match || !cursors.has(match[1]))
      throw new SfError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    return page(c, resource, match[1], Number(match[2]));
  };

  app.get('/query', run('query'));
  app.get('/queryAll', run('queryAll'));
  app.get('/query/:locator', more('query'));
  app.get('/queryAll/:locator', more('queryAll'));
  return app;
}
