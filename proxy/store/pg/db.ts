/**
 * @module The PostgreSQL connection pool and its transactions: `tx` takes one pooled client and keeps it in
 * an AsyncLocalStorage, so every store method awaited inside the transaction's function runs on that
 * client (no client is passed around); a nested `tx` becomes a savepoint.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';

type Client = pg.Pool | pg.PoolClient;

// BIGINT (timestamps in ms, ids, COUNT(*)) as a JS number, as SQLite hands them out: every value the store
// keeps is far below 2^53. NUMERIC (SUM of bigints) too.
const INT8 = 20;
const NUMERIC = 1700;
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export interface Db {
  /** Rows of one statement, on the current transaction's client when there is one. */
  rows<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** The first row, or undefined. */
  one<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R | undefined>;
  /** The number of rows a statement changed. */
  run(sql: string, params?: unknown[]): Promise<number>;
  tx<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Runs `fn` outside the current transaction (on the pool, committed at once): what must stay true even
   * when the transaction around it rolls back, e.g. the API-call log of a claimed batch whose send failed.
   */
  outside<T>(fn: () => Promise<T>): Promise<T>;
  /** A client of its own, outside any transaction (the export snapshot holds one). */
  connect(): Promise<pg.PoolClient>;
  end(): Promise<void>;
  readonly ended: boolean;
}

interface TxState {
  client: pg.PoolClient;
  savepoints: number;
  /** Set once committed or rolled back: work started inside `fn` that outlives it uses the pool again. */
  done: boolean;
}

export function createDb(url: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString: url, types, max: options.max ?? 10 });
  // An idle client that loses its server (restart, failover) is dropped by the pool; without a listener
  // the 'error' event would crash the process.
  pool.on('error', () => {});
  const current = new AsyncLocalStorage<TxState>();
  let ended = false;
  const active = () => {
    const state = current.getStore();
    return state && !state.done ? state : undefined;
  };
  // A timer or callback started inside a transaction keeps its async context after the transaction ends: it
  // must not reach the released client, which the pool may have handed to another transaction by then.
  const client = (): Client => active()?.client ?? pool;
  const query = (sql: string, params: unknown[] = []) => client().query(sql, params);

  return {
    async rows<R>(sql: string, params?: unknown[]) {
      return (await query(sql, params)).rows as R[];
    },
    async one<R>(sql: string, params?: unknown[]) {
      return (await query(sql, params)).rows[0] as R | undefined;
    },
    async run(sql: string, params?: unknown[]) {
      return (await query(sql, params)).rowCount ?? 0;
    },
    async tx<T>(fn: () => Promise<T>): Promise<T> {
      const outer = active();
      if (outer) {
        const name = `sp_${++outer.savepoints}`;
        await outer.client.query(`SAVEPOINT ${name}`);
        try {
          const result = await fn();
          await outer.client.query(`RELEASE SAVEPOINT ${name}`);
          return result;
        } catch (e) {
          await outer.client.query(`ROLLBACK TO SAVEPOINT ${name}`);
          throw e;
        }
      }
      const own = await pool.connect();
      const state: TxState = { client: own, savepoints: 0, done: false };
      let broken: Error | undefined;
      try {
        await own.query('BEGIN');
        const result = await current.run(state, fn);
        await own.query('COMMIT');
        return result;
      } catch (e) {
        await own.query('ROLLBACK').catch((rollback: Error) => {
          broken = rollback;
        });
        throw e;
      } finally {
        state.done = true;
        // A client whose ROLLBACK failed is in an unknown state: the pool destroys it instead of reusing it.
        own.release(broken);
      }
    },
    outside: (fn) => current.exit(fn),
    connect: () => pool.connect(),
    async end() {
      if (ended) return;
      ended = true;
      await pool.end();
    },
    get ended() {
      return ended;
    },
  };
}

/** Collects the parameters of a statement built piece by piece: `p(value)` adds one and returns `$n`. */
export function params() {
  const values: unknown[] = [];
  const p = (value: unknown) => `$${values.push(value)}`;
  return { values, p };
}
