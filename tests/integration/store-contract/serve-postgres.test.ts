/**
 * The shared server with its sync store on PostgreSQL (`serve --database` / SYNC_HEALTH_DATABASE_URL), on the
 * embedded sandboxes over real HTTP: the demo's first sync gives the same health as on SQLite, the rows are in
 * PostgreSQL (no sync.db in the data folder), and a database that is not PostgreSQL or cannot be reached
 * stops `serve` with a message that masks the password, before anything is written.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { teamFile } from '../../../proxy/cli/serve';
import { startSandboxProxy } from '../../../proxy/runtime/sandbox-runtime';
import { checkSyncDatabase, SANDBOX_IDENTITY } from '../../../proxy/runtime/store-identity';
import { openTeamDirectory } from '../../../proxy/store/users';
import type { HealthSummaryResponse } from '../../../shared/health-summary';
import { runCli, stopChild } from '../connect/cli-harness';
import { createDatabase } from './pg-cluster';

const KEY = Buffer.alloc(32, 7).toString('base64');
const BIN = resolve(import.meta.dirname, '../../../bin/sync-health.js');

const databases: string[] = [];
const newDatabase = async () => {
  const url = await createDatabase(
    inject('pgAdminUrl'),
    `serve_${process.pid}_${Math.random().toString(36).slice(2, 8)}`,
  );
  databases.push(url);
  return url;
};
let databaseUrl = '';
beforeAll(async () => {
  databaseUrl = await newDatabase();
});
afterAll(async () => {
  const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await admin.connect();
  for (const url of databases)
    await admin.query(`DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`);
  await admin.end();
});

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'sh-serve-pg-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The shared server on the sandboxes, the demo's first sync run, and its health summary read over HTTP. */
async function firstSyncSummary(dataDir: string, database?: string) {
  const team = openTeamDirectory(teamFile(dataDir));
  const { token } = await team.add('ada@example.com', 'admin');
  const running = await startSandboxProxy({
    port: 0,
    dataDir,
    autoStart: false,
    shared: { host: '127.0.0.1', publicHosts: [], team },
    database,
  });
  try {
    await running.sync.engine.runOnce();
    const res = await fetch(`${running.proxy.url}/api/v1/health/summary`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    return (await res.json()) as HealthSummaryResponse;
  } finally {
    await running.close();
    await team.close();
  }
}

async function countRows(url: string, table: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  } finally {
    await client.end();
  }
}

function closedPort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

describe('the shared server on PostgreSQL', () => {
  it('shows the same health after the demo first sync as on SQLite, with the rows kept in PostgreSQL', async () => {
    const onSqlite = await firstSyncSummary(tempDir());
    const pgDataDir = tempDir();
    const onPostgres = await firstSyncSummary(pgDataDir, databaseUrl);

    const counts = (s: HealthSummaryResponse) =>
      Object.fromEntries(s.categories.map((c) => [c.category, [c.openErrors, c.affectedRecords]]));
    expect(onPostgres.totalOpenErrors).toBeGreaterThan(0);
    expect(counts(onPostgres)).toEqual(counts(onSqlite));
    expect(onPostgres.totalOpenErrors).toBe(onSqlite.totalOpenErrors);
    expect(onPostgres.queueSize).toBe(onSqlite.queueSize);

    // The errors are PostgreSQL's rows, and the data folder has no SQLite store beside them.
    expect(await countRows(databaseUrl, 'errors')).toBeGreaterThanOrEqual(onPostgres.totalOpenErrors);
    const stores = join(pgDataDir, 'stores');
    const sqliteFiles = existsSync(stores)
      ? readdirSync(stores, { recursive: true }).filter((f) => String(f).endsWith('sync.db'))
      : [];
    expect(sqliteFiles).toEqual([]);
  });

  it('starts serve on the database named by SYNC_HEALTH_DATABASE_URL and says where the store is', async () => {
    const dataDir = tempDir();
    const child = spawn(process.execPath, [BIN, 'serve', '--sandbox', '--port', '0', '--data-dir', dataDir], {
      env: { ...process.env, SYNC_HEALTH_SECRET_KEY: KEY, SYNC_HEALTH_DATABASE_URL: databaseUrl },
    });
    let out = '';
    try {
      await new Promise<void>((done, fail) => {
        child.stdout.on('data', (d) => {
          out += d;
          if (out.includes('Sync store:')) done();
        });
        child.stderr.on('data', (d) => {
          out += d;
        });
        child.on('exit', (code) => fail(new Error(`serve exited with ${code}: ${out}`)));
      });
    } finally {
      await stopChild(child);
    }
    expect(out).toContain(`Sync store: PostgreSQL at ${new URL(databaseUrl).toString()}`);
  });
});

describe('serve refuses a database it cannot use', () => {
  it('refuses a URL that is not PostgreSQL, naming the form to give, with the password masked', async () => {
    const dataDir = join(tempDir(), 'data');
    const run = await runCli(
      [
        'serve',
        '--sandbox',
        '--port',
        '0',
        '--data-dir',
        dataDir,
        '--database',
        'mysql://ada:hunter2@db/sync',
      ],
      { SYNC_HEALTH_SECRET_KEY: KEY },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--database "mysql://ada:***@db/sync" is not a PostgreSQL URL');
    expect(run.stderr).toContain('postgres://user:password@host:5432/database');
    expect(run.stderr + run.stdout).not.toContain('hunter2');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('stops with the reason when the database cannot be reached, before anything starts', async () => {
    const dataDir = join(tempDir(), 'data');
    const url = `postgres://ada:hunter2@127.0.0.1:${await closedPort()}/sync`;
    // The option wins over the environment variable (which names the reachable test database).
    const run = await runCli(
      ['serve', '--sandbox', '--port', '0', '--data-dir', dataDir, '--database', url],
      {
        SYNC_HEALTH_SECRET_KEY: KEY,
        SYNC_HEALTH_DATABASE_URL: databaseUrl,
      },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Could not open the PostgreSQL store at postgres://ada:***@127.0.0.1:');
    expect(run.stderr).toContain('ECONNREFUSED');
    expect(run.stderr).toContain('Check that PostgreSQL runs there');
    expect(run.stderr + run.stdout).not.toContain('hunter2');
    expect(run.stdout).not.toContain('listening');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('refuses a database that holds another sync, naming whose it is, instead of mixing the two', async () => {
    const url = await newDatabase();
    await checkSyncDatabase(url, SANDBOX_IDENTITY);
    const dataDir = tempDir();
    const run = await runCli(
      ['serve', '--fresh-org', '--port', '0', '--data-dir', dataDir, '--database', url],
      {
        SYNC_HEALTH_SECRET_KEY: KEY,
      },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('holds the sync of Sandbox, not of Sandbox (fresh org)');
    expect(run.stderr).toContain('Give this sync a database of its own');
    expect(run.stdout).not.toContain('listening');
  });
});
