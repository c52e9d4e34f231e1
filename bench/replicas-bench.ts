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
import { startSandboxProxy } from '../proxy/runtime/sandbox-runtime';
import { createDatabase, startPgCluster } from '../tests/integration/store-contract/pg-cluster';
import { generateData } from './generate-data';

const CHILD = resolve(import.meta.dirname, 'replica-child.ts');

/** The first sync of the demo and `contacts` generated contacts (with companies), in records per second. */
async function throughput(contacts: number, database?: string) {
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
      if (run.processed === 0 && (await running.sync.store.summary()).queueSize === 0) break;
    }
    const ms = performance.now() - started;
    return { records, ms: Math.round(ms), perSecond: Math.round((records / ms) * 1000) };
  } finally {
    await running.close();
    rmSync(dataDir, { recursive: true, force: true });
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
