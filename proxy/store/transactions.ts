/**
 * @module Async transactions over one synchronous better-sqlite3 connection: `tx(async fn)` and the wrapper
 * that turns each synchronous store method into an async one that respects an open transaction.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Mutex } from 'async-mutex';
import type Database from 'better-sqlite3';
import type { Async } from './types';

/** One transaction level; `root` is shared by the top-level transaction and its savepoints. */
interface Frame {
  root: { open: boolean };
  /** Savepoints opened directly inside this level run one after the other, never interleaved. */
  children: Mutex;
}

export interface Transactions {
  /** BEGIN IMMEDIATE … COMMIT around `fn` (ROLLBACK on throw); nested calls become SAVEPOINTs. */
  tx<T>(fn: () => Promise<T>): Promise<T>;
  /** Runs a synchronous statement now, unless another caller's transaction is open: then after it ends. */
  run<R>(fn: () => R): Promise<R>;
  /** Each function-valued property of `methods`, returning a Promise and run through `run`. */
  wrap<M extends object>(methods: M): Async<M>;
}

/**
 * While `fn` of a transaction awaits, other callers' statements would land inside it (one connection holds
 * one transaction). The transaction's async context is marked with AsyncLocalStorage: calls made from it
 * run directly; calls from anywhere else wait on a FIFO mutex (async-mutex) until it commits or rolls
 * back. async-mutex is not re-entrant by itself; the context mark is what makes it so. Outside any
 * transaction a call runs at once (the mutex is free), in the caller's tick.
 */
export function createTransactions(db: Database.Database): Transactions {
  const lock = new Mutex();
  const context = new AsyncLocalStorage<Frame>();
  let savepoints = 0;

  // A context whose transaction ended (a detached promise started inside it) counts as outside.
  const current = (): Frame | undefined => {
    const frame = context.getStore();
    return frame?.root.open ? frame : undefined;
  };

  const runNow = <R>(fn: () => R): Promise<R> => {
    try {
      return Promise.resolve(fn());
    } catch (error) {
      return Promise.reject(error);
    }
  };

  function run<R>(fn: () => R): Promise<R> {
    if (!lock.isLocked() || current()) return runNow(fn);
    return lock.runExclusive(fn);
  }

  async function nested<T>(parent: Frame, fn: () => Promise<T>): Promise<T> {
    const release = await parent.children.acquire();
    const name = `tx_${++savepoints}`;
    try {
      db.exec(`SAVEPOINT ${name}`);
      try {
        const result = await context.run({ root: parent.root, children: new Mutex() }, fn);
        db.exec(`RELEASE ${name}`);
        return result;
      } catch (error) {
        if (db.inTransaction) {
          db.exec(`ROLLBACK TO ${name}`);
          db.exec(`RELEASE ${name}`);
        }
        throw error;
      }
    } finally {
      release();
    }
  }

  async function tx<T>(fn: () => Promise<T>): Promise<T> {
    const parent = current();
    if (parent) return nested(parent, fn);
    const release = await lock.acquire();
    const root = { open: true };
    try {
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await context.run({ root, children: new Mutex() }, fn);
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    } finally {
      root.open = false;
      release();
    }
  }

  function wrap<M extends object>(methods: M): Async<M> {
    const wrapped: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(methods)) {
      wrapped[name] =
        typeof value === 'function' ? (...args: unknown[]) => run(() => value.apply(methods, args)) : value;
    }
    return wrapped as Async<M>;
  }

  return { tx, run, wrap };
}
