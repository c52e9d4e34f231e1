/**
 * @module A PostgreSQL cluster of its own for the store contract tests (vitest globalSetup) and the store
 * bench: Debian's binaries (`apt-get install -y postgresql`), a temp folder, a free port on 127.0.0.1, trust
 * authentication, the unix socket in the temp folder. Stopped and removed at the end. initdb refuses to run
 * as root, so as root it runs as the `postgres` user, on a folder that user owns.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PgCluster {
  /** postgres://postgres@127.0.0.1:PORT/postgres: the admin connection (create a database per test file). */
  url: string;
  port: number;
  stop(): void;
}

/** The newest installed server's bin folder under `root`; fails saying what to install when there is none. */
export function pgBin(root = '/usr/lib/postgresql'): string {
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions.length) {
    throw new Error(
      `PostgreSQL server binaries not found under ${root}/*/bin: the store contract tests need ` +
        'a real PostgreSQL. Install it with `apt-get install -y postgresql` (Debian 12 gives 15.x).',
    );
  }
  return join(root, versions[0]!, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts a throwaway cluster. `fast`: no fsync (tests); the bench keeps the server's durable defaults. */
export async function startPgCluster(options: { fast?: boolean } = {}): Promise<PgCluster> {
  const bin = pgBin();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'sh-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  // As root: everything runs as `postgres`, which must own the folder (mkdtemp makes it 0700 for root).
  const run = (cmd: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { stdio: 'pipe' })
      : execFileSync(join(bin, cmd), args, { stdio: 'pipe' });
  const owner = asRoot
    ? ([
        Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
        Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
      ] as const)
    : null;
  if (owner) chownSync(dir, ...owner);
  const port = await freePort();
  try {
    mkdirSync(data, { mode: 0o700 });
    if (owner) chownSync(data, ...owner);
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-locale', '--no-sync']);
    const settings = [
      `-p ${port}`,
      `-k ${dir}`,
      '-c listen_addresses=127.0.0.1',
      ...(options.fast ? ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'] : []),
    ].join(' ');
    run('pg_ctl', ['-D', data, '-o', settings, '-l', log, '-w', '-t', '60', 'start']);
  } catch (e) {
    const serverLog = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '';
    const stderr = (e as { stderr?: Buffer }).stderr?.toString() ?? '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`Could not start a PostgreSQL cluster in ${dir}: ${stderr}${serverLog}`, { cause: e });
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Creates an empty database on the cluster and returns its URL. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name))
    throw new Error(`Invalid database name "${name}": use a-z, 0-9 and _`);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

/** vitest globalSetup: one cluster for the whole store-contract project; each test file makes its database. */
export default async function setup({ provide }: { provide: (key: 'pgAdminUrl', value: string) => void }) {
  const cluster = await startPgCluster({ fast: true });
  provide('pgAdminUrl', cluster.url);
  return () => cluster.stop();
}
