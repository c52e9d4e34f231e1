/**
 * @module `npm run bench -- --only store [--errors N]`: the health queries and the CSV export's read on
 * PostgreSQL next to SQLite, at N stored errors (default 100,000). p95 of 50 runs in ms; the export as rows/s
 * and this process's peak RSS growth while it streams (PostgreSQL's own memory is the server's, not counted).
 * PostgreSQL is a throwaway local cluster (Debian's package) with its durable defaults, over TCP on 127.0.0.1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { openStore } from '../proxy/store/index';
import type { AsyncStore } from '../proxy/store/pg/contract';
import { openPgStore } from '../proxy/store/pg/index';
import { ERROR_CATEGORIES, type ErrorInput } from '../proxy/store/types';
import { ERROR_SORTS } from '../shared/api/errors';
import { createDatabase, startPgCluster } from '../tests/integration/store-contract/pg-cluster';
import { p95 } from './p95';

/** The i-th of the benches' errors: 8 categories, 500 causes, one record each. */
export const benchError = (i: number): ErrorInput => ({
  category: ERROR_CATEGORIES[i % ERROR_CATEGORIES.length]!,
  crmType: 'contacts',
  crmId: String(i),
  sfObject: 'Contact',
  recordName: `Contact ${i}`,
  code: 'CODE',
  subType: 'other',
  field: 'Field',
  value: `v${i % 500}`,
  rootCauseKey: `other:cause ${i % 500}`,
  message: `Message ${i}`,
});

/** The same reads on either store, through the async contract (SQLite's answers are awaited as values). */
type Readable = Pick<AsyncStore, 'summary' | 'listErrors' | 'groups' | 'openExportSnapshot'>;

async function measure(store: Readable, count: number) {
  const result: Record<string, number> = {
    summaryP95Ms: await p95(() => store.summary()),
    groupsP95Ms: await p95(() => store.groups()),
  };
  for (const sort of ERROR_SORTS) {
    result[`firstPage.${sort}.p95Ms`] = await p95(() => store.listErrors({}, { limit: 50, sort }));
    result[`categoryFirstPage.${sort}.p95Ms`] = await p95(() =>
      store.listErrors({ category: 'picklists' }, { limit: 50, sort }),
    );
  }
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  let rows = 0;
  const t = performance.now();
  const snapshot = await store.openExportSnapshot();
  for await (const page of snapshot.pages({}, 1000)) {
    rows += page.length;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  await snapshot.close();
  const seconds = (performance.now() - t) / 1000;
  if (rows !== count) throw new Error(`The export read ${rows} rows of ${count}`);
  result.exportRowsPerSecond = Math.round(rows / seconds);
  result.exportPeakRssGrowthMB = Math.round(((peak - rssBefore) / 1024 / 1024) * 10) / 10;
  return result;
}

async function sqlite(count: number) {
  const dir = mkdtempSync(join(tmpdir(), 'sh-store-bench-'));
  const store = openStore(join(dir, 'sync.db'));
  try {
    await store.tx(async () => {
      for (let i = 0; i < count; i++) await store.recordError(benchError(i), 1_000_000 + i);
    });
    const result = await measure(
      {
        summary: async () => store.summary(),
        listErrors: async (f, p) => store.listErrors(f, p),
        groups: async (f) => store.groups(f),
        openExportSnapshot: () => store.openExportSnapshot(),
      },
      count,
    );
    const writes = await writesPerSecond((from, to) =>
      store.tx(async () => {
        for (let i = from; i < to; i++) await store.recordError(benchError(count + i), 2_000_000 + i);
      }),
    );
    return { ...result, recordErrorPerSecond: writes };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The same rows `benchError` gives, written by the server in one statement (the triggers keep the counters as
 * for recordError): 100,000 recordError round trips would take minutes on a shared machine. The write path
 * is timed apart, on `WRITES` calls.
 */
async function fillPg(url: string, count: number) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // 5,000 rows per committed statement: every row updates its category's counter row, and PostgreSQL keeps
    // each version of that row until the transaction ends, so one statement of 100,000 rows is quadratic.
    for (let from = 0; from < count; from += 5_000) {
      await client.query(
        `INSERT INTO errors (dedupe_key, status, category, crm_type, crm_id, sf_object, record_name, code, sub_type,
           field, value, root_cause_key, message, first_seen, last_seen, occurrences)
         SELECT 'contacts:' || i || '|' || c || '|other:cause ' || (i % 500), 'open', c, 'contacts', i::text,
           'Contact', 'Contact ' || i, 'CODE', 'other', 'Field', 'v' || (i % 500), 'other:cause ' || (i % 500),
           'Message ' || i, 1000000 + i, 1000000 + i, 1
         FROM generate_series($1::int, $2::int - 1) AS i, LATERAL (SELECT ($3::text[])[i % $4 + 1] AS c) AS cat
         ORDER BY i`,
        [from, Math.min(count, from + 5_000), ERROR_CATEGORIES, ERROR_CATEGORIES.length],
      );
    }
    // The fill rewrote each category's counter row 12,500 times in seconds; the server's autovacuum clears those
    // dead versions within its one-minute nap, so the reads are measured after it would have (VACUUM), not during.
    await client.query('VACUUM ANALYZE');
  } finally {
    await client.end();
  }
}

const WRITES = 2_000;

/** recordError calls per second, in transactions of 500 (as a sync run commits), on top of the filled store. */
async function writesPerSecond(batch: (from: number, to: number) => unknown) {
  const t = performance.now();
  for (let from = 0; from < WRITES; from += 500) await batch(from, from + 500);
  return Math.round(WRITES / ((performance.now() - t) / 1000));
}

async function postgres(count: number) {
  const cluster = await startPgCluster();
  try {
    const url = await createDatabase(cluster.url, 'store_bench');
    const store = await openPgStore(url);
    try {
      await fillPg(url, count);
      const result = await measure(store, count);
      const writes = await writesPerSecond((from, to) =>
        store.tx(async () => {
          for (let i = from; i < to; i++) await store.recordError(benchError(count + i), 2_000_000 + i);
        }),
      );
      return { ...result, recordErrorPerSecond: writes };
    } finally {
      await store.close();
    }
  } finally {
    cluster.stop();
  }
}

/** Both stores' figures, side by side (`metric`, `sqlite`, `postgres`). */
export async function measureStoreBench(count = 100_000) {
  const lite = await sqlite(count);
  const pg = await postgres(count);
  return {
    errors: count,
    rows: Object.keys(lite).map((metric) => ({
      metric,
      sqlite: lite[metric as keyof typeof lite],
      postgres: pg[metric as keyof typeof pg],
    })),
  };
}

// `node --import tsx bench/store-bench.ts [N]` prints these alone.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await measureStoreBench(Number(process.argv[2] ?? 100_000));
  console.table(result.rows);
  console.log(JSON.stringify(result));
}
