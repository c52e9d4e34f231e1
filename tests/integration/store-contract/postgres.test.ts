/** What only the PostgreSQL store has to show: its migration lock, its indexes, its connection errors. */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AsyncStore } from '../../../proxy/store/pg/contract';
import { openPgStore, openStoreFromUrl, redact } from '../../../proxy/store/pg/index';
import { PG_SCHEMA_VERSION } from '../../../proxy/store/pg/schema';
import { picklistError } from './fixtures';
import { createDatabase, pgBin } from './pg-cluster';

describe('the PostgreSQL store', () => {
  let url = '';
  const stores: AsyncStore[] = [];
  beforeAll(async () => {
    url = await createDatabase(inject('pgAdminUrl'), `pg_only_${process.pid}`);
  });
  afterAll(async () => {
    for (const s of stores) await s.close();
    const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS pg_only_${process.pid} WITH (FORCE)`);
    await admin.end();
  });
  const query = async <R>(sql: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows as R[];
    } finally {
      await client.end();
    }
  };

  it('migrates once when several replicas open the same empty database together', async () => {
    const opened = await Promise.all(Array.from({ length: 4 }, () => openPgStore(url)));
    stores.push(...opened);
    expect(await query('SELECT version FROM schema_version')).toEqual([{ version: PG_SCHEMA_VERSION }]);
    await opened[0]!.recordError(picklistError('1'), 1);
    expect((await opened[3]!.summary()).totalOpenErrors).toBe(1);
  });

  it('reads the first page of each sort from its index, without sorting, on a filled table', async () => {
    const store = await openPgStore(url);
    stores.push(store);
    await store.tx(async () => {
      for (let i = 0; i < 3_000; i++) {
        const e = picklistError(String(i), `v${i % 50}`);
        await store.recordError(
          { ...e, category: i % 2 ? 'picklists' : 'property-values' },
          1_000_000 + ((i * 7919) % 3_000),
        );
      }
    });
    await query('ANALYZE errors');
    const cases = [
      ['last-attempt', 'errors_page_cat'],
      ['first-seen', 'errors_page_cat_first'],
      ['record', 'errors_page_cat_record'],
    ] as const;
    for (const [sort, index] of cases) {
      const plan = (await store.planOfListErrors({ category: 'picklists' }, { sort, limit: 50 })).join(' | ');
      expect(plan, sort).toContain(`Index Scan using ${index} on errors`);
      expect(plan, sort).not.toMatch(/\bSort\b/);
      const { nextCursor } = await store.listErrors({ category: 'picklists' }, { sort, limit: 50 });
      const next = (
        await store.planOfListErrors({ category: 'picklists' }, { sort, limit: 50, cursor: nextCursor! })
      ).join(' | ');
      expect(next, sort).toContain(`Index Scan using ${index} on errors`);
    }
  });

  it('lets work started inside a transaction that runs after it ended write on its own, not in the next transaction', async () => {
    const store = await openPgStore(url);
    stores.push(store);
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    let later!: Promise<unknown>;
    await store.tx(async () => {
      await store.recordError(picklistError('tx-a'), 1);
      // A callback keeps the transaction's async context after the transaction has committed.
      later = gate.then(() => store.recordError(picklistError('tx-late'), 2));
    });
    // The next transaction takes the client the first one released, runs the late write, then rolls back.
    await store
      .tx(async () => {
        open();
        await later;
        throw new Error('roll this one back');
      })
      .catch(() => undefined);
    const ids = (await store.listErrors({ q: 'tx-' })).items.map((e) => e.crmId).sort();
    expect(ids).toEqual(['tx-a', 'tx-late']);
  });

  it('refuses a database it cannot reach with the reason and without the password', async () => {
    const bad = `postgres://postgres:s3cret@127.0.0.1:1/nowhere`;
    const error = await openPgStore(bad).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      /Could not open the PostgreSQL store at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/nowhere: /,
    );
    expect((error as Error).message).not.toContain('s3cret');
    expect(redact('postgres://u:p@h/db')).toBe('postgres://u:***@h/db');
  });

  it('opens PostgreSQL for a postgres:// URL and refuses other schemes, naming the two it takes', async () => {
    const store = (await openStoreFromUrl(url)) as AsyncStore;
    stores.push(store);
    expect((await store.summary()).categories).toHaveLength(8);
    await expect(openStoreFromUrl('mysql://h/db')).rejects.toThrow(
      /postgres:\/\/user@host:port\/database URL or a SQLite file path/,
    );
  });
});

describe('the test cluster', () => {
  it('fails, saying what to install, when no PostgreSQL server is installed', () => {
    expect(() => pgBin('/nonexistent/postgresql')).toThrow(
      /not found under \/nonexistent\/postgresql\/\*\/bin.*apt-get install -y postgresql/s,
    );
  });

  it('finds the installed server when there is one', () => {
    expect(pgBin()).toMatch(/^\/usr\/lib\/postgresql\/\d+\/bin$/);
  });
});
