/**
 * @module Two sandbox proxies in this process on one fresh PostgreSQL database (each with its own data folder
 * and embedded sandbox), started before the file's tests and stopped after: replica `a` starts first and leads.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { startSandboxProxy } from '../../../../proxy/runtime/sandbox-runtime';
import { createDatabase } from '../pg-cluster';

export type InProcessReplica = Awaited<ReturnType<typeof startSandboxProxy>>;

export function twoReplicas(name: string) {
  let database = '';
  const dirs: string[] = [];
  const replicas = {} as { a: InProcessReplica; b: InProcessReplica; database: string };
  beforeAll(async () => {
    database = await createDatabase(
      inject('pgAdminUrl'),
      `${name}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`,
    );
    replicas.database = database;
    const start = () => {
      const dataDir = mkdtempSync(join(tmpdir(), `sh-${name}-`));
      dirs.push(dataDir);
      return startSandboxProxy({ port: 0, dataDir, autoStart: false, database });
    };
    replicas.a = await start();
    replicas.b = await start();
  });
  afterAll(async () => {
    await replicas.b?.close();
    await replicas.a?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${new URL(database).pathname.slice(1)} WITH (FORCE)`);
    await admin.end();
  });
  return replicas;
}
