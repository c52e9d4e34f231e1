/**
 * @module `npm run bench -- --only failover`: several replicas on one PostgreSQL (issue 18). Failover: a replica
 * in its own process holds the leader lock and is killed with SIGKILL; the figures are the time until the
 * standby in this process holds the lock and until its first run has finished. Throughput: the first sync of
 * the demo plus a generated set through the sandbox runtime, its store on SQLite and then on PostgreSQL
 * (whose push batches are claimed with FOR UPDATE SKIP LOCKED), in records per second.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { startSandboxProxy } from '../proxy/runtime/sandbox-runtime';
import { createDatabase, startPgCluster } from '../tests/integration/store-contract/pg-cluster';
import { generateData } from './generate-data';

const CHILD = resolve(import.meta.dirname, 'replica-child.ts');

/** The first sync of the demo and `contacts` generated contacts (with companies), in records per second. */
async function throughput(contacts: number, database?: string, onRun?: (processed: number) => void) {
  const dataDir = mkdtempSync(join(tmpdir(), 'sh-bench-replica-'));
  const running = await startSandboxProxy({ port: 0, dataDir, autoStart: false, database });
  try {
    const counts = { companies: Math.ceil(contacts / 5), contacts, failureEvery: 100 };
    generateData(running.sandboxes.hubspot, counts);
    const records = counts.companies + counts.contacts;
    const started = performance.now();
    for (let i = 0; i < 50; i++) {
      const run = await running.sync.engine.runOnce();
      if (run.failure) throw new Error(run.failure);
      onRun?.(run.processed);
      if (run.processed === 0 && (await running.sync.store.summary()).queueSize === 0) break;
    }
    const ms = performance.now() - started;
    return { records, ms: Math.round(ms), perSecond: Math.round((records / ms) * 1000) };
  } finally {
    await running.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Where a first sync on PostgreSQL spends its round trips: every query of this process (the store's pool, the
 * replica's lock and NOTIFY connections) counted and timed by its statement, the first line of its SQL with
 * the values left out. A profile for the bench only: it wraps pg's Client.query, nothing else changes.
 */
export async function profileThroughput(contacts: number) {
  const cluster = await startPgCluster();
  const query = pg.Client.prototype.query;
  const byStatement = new Map<string, { n: number; ms: number }>();
  // biome-ignore lint/suspicious/noExplicitAny: pg's query has a dozen overloads; the profile passes them through
  (pg.Client.prototype as any).query = function (this: pg.Client, ...args: any[]) {
    const text = typeof args[0] === 'string' ? args[0] : (args[0]?.text ?? '?');
    const sql = String(text).replace(/\s+/g, ' ').trim();
    // A write outside BEGIN…COMMIT is a transaction of its own: one WAL flush (fsync) each.
    const self = this as pg.Client & { inTx?: boolean };
    if (/^BEGIN/i.test(sql)) self.inTx = true;
    else if (/^(COMMIT|ROLLBACK)$/i.test(sql)) self.inTx = false;
    const write = /^(INSERT|UPDATE|DELETE)/i.test(sql);
    // The queue's writes by direction (what each record costs in queue round trips).
    const direction = /^INSERT INTO queue/.test(sql) ? ` [${(args[1] as unknown[])?.[0]}]` : '';
    const key = `${write && !self.inTx ? '[own commit] ' : ''}${sql.slice(0, 90)}${direction}`;
    const started = performance.now();
    const result: unknown = query.apply(this, args as Parameters<typeof query>);
    const done = () => {
      const seen = byStatement.get(key) ?? { n: 0, ms: 0 };
      seen.n++;
      seen.ms += performance.now() - started;
      byStatement.set(key, seen);
    };
    if (result && typeof (result as Promise<unknown>).then === 'function')
      (result as Promise<unknown>).then(done, done);
    return result;
  };
  try {
    const runs: number[] = [];
    const run = await throughput(contacts, await createDatabase(cluster.url, 'profile'), (n) => runs.push(n));
    const rows = [...byStatement]
      .map(([statement, v]) => ({ statement, queries: v.n, ms: Math.round(v.ms) }))
      .sort((a, b) => b.ms - a.ms);
    const total = rows.reduce((n, r) => n + r.queries, 0);
    return {
      ...run,
      /** Records each run processed, until one had nothing left. */
      processedPerRun: runs.join(', '),
      queries: total,
      perRecord: Math.round((total / run.records) * 10) / 10,
      top: rows.slice(0, 25),
    };
  } finally {
    pg.Client.prototype.query = query;
    cluster.stop();
  }
}

/** Kill -9 of the lock holder → the standby holds the lock, → its first run has finished. */
async function failover(database: string) {
  const dirs = [mkdtempSync(join(tmpdir(), 'sh-bench-a-')), mkdtempSync(join(tmpdir(), 'sh-bench-b-'))];
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: { ...process.env, REPLICA_DATA_DIR: dirs[0], REPLICA_DATABASE: database },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((done, fail) => {
    child.stdout.on('data', (d) => String(d).includes('leading') && done());
    child.once('exit', (code) => fail(new Error(`the leader replica exited (${code}) before leading`)));
  });
  const standby = await startSandboxProxy({ port: 0, dataDir: dirs[1]!, database });
  try {
    if (standby.sync.replica?.isLeader()) throw new Error('the standby leads while the other replica lives');
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const killedAt = performance.now();
    const killedAtMs = Date.now();
    child.kill('SIGKILL');
    await exited;
    while (!standby.sync.replica?.isLeader()) await new Promise((r) => setTimeout(r, 5));
    const leadingMs = performance.now() - killedAt;
    for (;;) {
      const last = await standby.sync.store.cursor('last_sync_at');
      if (last !== null && last > killedAtMs) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    return { toLockMs: Math.round(leadingMs), toFirstRunDoneMs: Math.round(performance.now() - killedAt) };
  } finally {
    await standby.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

export async function measureReplicas(contacts: number) {
  const cluster = await startPgCluster();
  try {
    const fail = [];
    for (let i = 0; i < 3; i++) fail.push(await failover(await createDatabase(cluster.url, `failover_${i}`)));
    const sqlite = await throughput(contacts);
    const postgres = await throughput(contacts, await createDatabase(cluster.url, 'throughput'));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
    return {
      failoverRuns: fail.length,
      failoverToLockMsMedian: median(fail.map((f) => f.toLockMs)),
      failoverToFirstRunDoneMsMedian: median(fail.map((f) => f.toFirstRunDoneMs)),
      failoverToLockMsEach: fail.map((f) => f.toLockMs).join(', '),
      syncRecords: sqlite.records,
      sqliteRecordsPerSecond: sqlite.perSecond,
      postgresRecordsPerSecond: postgres.perSecond,
      sqliteSyncMs: sqlite.ms,
      postgresSyncMs: postgres.ms,
    };
  } finally {
    cluster.stop();
  }
}
