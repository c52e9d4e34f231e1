/**
 * @module The two team directories the contract tests hold to one behaviour: SQLite (`openTeamDirectory`,
 * in memory) and PostgreSQL (`openPgTeamDirectory`, in a schema of its own per case on the cluster
 * pg-cluster.ts starts). Each case gets a fresh, empty directory, closed after it.
 */
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, inject } from 'vitest';
import { openPgTeamDirectory } from '../../../proxy/store/pg/team-directory';
import { openTeamDirectory, type TeamDirectory } from '../../../proxy/store/users';
import { createDatabase } from './pg-cluster';

export interface TeamKit {
  kind: 'sqlite' | 'postgres';
  open(now?: () => number): Promise<TeamDirectory>;
}

function sqliteKit(): TeamKit {
  const open: TeamDirectory[] = [];
  afterEach(async () => {
    for (const t of open.splice(0)) await t.close();
  });
  return {
    kind: 'sqlite',
    async open(now) {
      const team = openTeamDirectory(':memory:', now);
      open.push(team);
      return team;
    },
  };
}

/** A fresh PostgreSQL database for one test file; `schemaUrl()` gives a URL on a new, empty schema of it. */
export function pgTestDatabase(prefix: string) {
  let databaseUrl = '';
  let schemas = 0;
  beforeAll(async () => {
    const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    databaseUrl = await createDatabase(inject('pgAdminUrl'), name);
  });
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${new URL(databaseUrl).pathname.slice(1)} WITH (FORCE)`);
    await admin.end();
  });
  return {
    async schemaUrl(): Promise<string> {
      const schema = `t${++schemas}`;
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        await client.query(`CREATE SCHEMA ${schema}`);
      } finally {
        await client.end();
      }
      const url = new URL(databaseUrl);
      url.searchParams.set('options', `-c search_path=${schema}`);
      return url.toString();
    },
  };
}

function postgresKit(): TeamKit {
  const database = pgTestDatabase('team');
  const open: TeamDirectory[] = [];
  afterEach(async () => {
    for (const t of open.splice(0)) await t.close();
  });
  return {
    kind: 'postgres',
    async open(now) {
      const team = await openPgTeamDirectory(await database.schemaUrl(), now);
      open.push(team);
      return team;
    },
  };
}

/** Runs `cases` once per implementation, under "<name> (sqlite)" and "<name> (postgres)". */
export function describeTeamDirectories(name: string, cases: (kit: TeamKit) => void) {
  describe(`${name} (sqlite)`, () => cases(sqliteKit()));
  describe(`${name} (postgres)`, () => cases(postgresKit()));
}
