/**
 * @module The two stores the contract tests hold to one behaviour: SQLite (`openStore`) and PostgreSQL
 * (`openPgStore`, on the cluster pg-cluster.ts starts). Each case gets a fresh, empty store: SQLite in memory
 * (or in a temp file when it needs a second connection), PostgreSQL in a schema of its own. `raw` runs one
 * plain SQL statement on the same database, for the few cases that plant what no method writes (a damaged
 * queued payload), in SQL both dialects read alike.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, inject } from 'vitest';
import { openStore, type Store, testDatabase } from '../../../proxy/store/index';
import type { AsyncStore } from '../../../proxy/store/pg/contract';
import { openPgStore } from '../../../proxy/store/pg/index';
import { createDatabase } from './pg-cluster';

export type ContractStore = AsyncStore;

export interface StoreKit {
  kind: 'sqlite' | 'postgres';
  /** A fresh, empty store, closed after the test. `file`: SQLite on disk (a snapshot needs a second connection). */
  open(options?: { file?: boolean }): Promise<ContractStore>;
  /** Runs one statement (`?` placeholders) on the database behind `store`. */
  raw(store: ContractStore, sql: string, params?: unknown[]): Promise<void>;
  /** A second store on the same database as `store` (another replica), closed after the test. */
  reopen(store: ContractStore): Promise<ContractStore>;
}

function sqliteKit(): StoreKit {
  const open: ContractStore[] = [];
  const dirs: string[] = [];
  const handles = new WeakMap<ContractStore, Store>();
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return {
    kind: 'sqlite',
    async open(options = {}) {
      let file = ':memory:';
      if (options.file) {
        const dir = mkdtempSync(join(tmpdir(), 'sh-contract-'));
        dirs.push(dir);
        file = join(dir, 'sync.db');
      }
      const store = openStore(file);
      handles.set(store, store);
      open.push(store);
      return store;
    },
    async reopen() {
      throw new Error('an SQLite store belongs to one process: no second replica opens it');
    },
    async raw(store, sql, params = []) {
      testDatabase(handles.get(store)!)
        .prepare(sql)
        .run(...params);
    },
  };
}

function postgresKit(): StoreKit {
  let databaseUrl = '';
  let schemas = 0;
  const open: ContractStore[] = [];
  const urls = new WeakMap<ContractStore, string>();
  beforeAll(async () => {
    const name = `contract_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    databaseUrl = await createDatabase(inject('pgAdminUrl'), name);
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
  });
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${new URL(databaseUrl).pathname.slice(1)} WITH (FORCE)`);
    await admin.end();
  });
  const run = async (url: string, sql: string, params: unknown[] = []) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql, params);
    } finally {
      await client.end();
    }
  };
  return {
    kind: 'postgres',
    async open() {
      const schema = `t${++schemas}`;
      await run(databaseUrl, `CREATE SCHEMA ${schema}`);
      const url = new URL(databaseUrl);
      url.searchParams.set('options', `-c search_path=${schema}`);
      const store = await openPgStore(url.toString());
      urls.set(store, url.toString());
      open.push(store);
      return store;
    },
    async reopen(store) {
      const url = urls.get(store)!;
      const second = await openPgStore(url);
      urls.set(second, url);
      open.push(second);
      return second;
    },
    async raw(store, sql, params = []) {
      let n = 0;
      await run(
        urls.get(store)!,
        sql.replace(/\?/g, () => `$${++n}`),
        params,
      );
    },
  };
}

/** Runs `cases` against PostgreSQL only: what several replicas on one database do (SQLite has one process). */
export function describePostgres(name: string, cases: (kit: StoreKit) => void) {
  describe(`${name} (postgres)`, () => cases(postgresKit()));
}

/** Runs `cases` once per store, under "<name> (sqlite)" and "<name> (postgres)". */
export function describeStores(name: string, cases: (kit: StoreKit) => void) {
  describe(`${name} (sqlite)`, () => cases(sqliteKit()));
  describe(`${name} (postgres)`, () => cases(postgresKit()));
}
