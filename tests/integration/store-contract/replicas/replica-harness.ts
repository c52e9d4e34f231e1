/**
 * @module Real processes for the replica tests: a standalone `sync-health sandbox` (the one org and portal every
 * replica talks to), data folders connected to it as an admin's accounts, and `sync-health serve --database`
 * replicas whose output is followed line by line.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { stopChild } from '../../connect/cli-harness';
import { createDatabase } from '../pg-cluster';

const BIN = resolve(import.meta.dirname, '../../../../bin/sync-health.js');
export const SECRET_KEY = Buffer.alloc(32, 7).toString('base64');

export interface SandboxFacts {
  instanceUrl: string;
  accessToken: string;
  hubspotBaseUrl: string;
  hubspotToken: string;
  controlToken: string;
}

/** A child process whose output is kept, with a wait for a line containing some text. */
export interface Followed {
  child: ChildProcess;
  output(): string;
  /** Resolves at the time (ms) the text first appeared; rejects if the process exits first or on timeout. */
  waitFor(text: string, timeoutMs?: number): Promise<number>;
  exited: Promise<{ at: number; signal: NodeJS.Signals | null; code: number | null }>;
}

export function follow(child: ChildProcess): Followed {
  let out = '';
  const seen = new Map<string, number>();
  const waiters: { text: string; done: (at: number) => void }[] = [];
  const onData = (d: Buffer) => {
    const at = Date.now();
    if (process.env.REPLICA_TRACE)
      for (const line of String(d).split('\n').filter(Boolean))
        console.log(`${new Date(at).toISOString().slice(11, 23)} [${child.pid}] ${line}`);
    out += d;
    for (const w of [...waiters])
      if (out.includes(w.text)) {
        seen.set(w.text, at);
        waiters.splice(waiters.indexOf(w), 1);
        w.done(at);
      }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<{ at: number; signal: NodeJS.Signals | null; code: number | null }>((done) =>
    child.once('exit', (code, signal) => done({ at: Date.now(), code, signal })),
  );
  return {
    child,
    output: () => out,
    exited,
    waitFor(text, timeoutMs = 60_000) {
      if (out.includes(text)) return Promise.resolve(seen.get(text) ?? Date.now());
      return new Promise<number>((done, fail) => {
        const timer = setTimeout(
          () => fail(new Error(`No "${text}" within ${timeoutMs} ms. Output:\n${out}`)),
          timeoutMs,
        );
        waiters.push({
          text,
          done: (at) => {
            clearTimeout(timer);
            done(at);
          },
        });
        void exited.then(() => {
          clearTimeout(timer);
          if (!out.includes(text)) fail(new Error(`Exited before "${text}". Output:\n${out}`));
        });
      });
    },
  };
}

/** The command line, waited for as long as a loaded machine needs (the CLI harness gives up after 30 s). */
function runCli(args: string[], env: NodeJS.ProcessEnv, stdin?: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, ...env }, timeout: 180_000 },
      (err, stdout, stderr) => done({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
    if (stdin !== undefined) child.stdin?.end(stdin);
  });
}

/** A copy of a data folder: a second replica with the same accounts and people. */
export function copyDataDir(dataDir: string): string {
  const copy = tempDir();
  cpSync(dataDir, copy, { recursive: true });
  return copy;
}

const dirs: string[] = [];
export const tempDir = (prefix = 'sh-replica-') => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
const children: ChildProcess[] = [];

/** Stops every process started here and removes the folders (afterEach). */
export async function cleanUp(): Promise<void> {
  for (const c of children.splice(0)) await stopChild(c);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** `sync-health sandbox` on a free port: its first output line is the connection facts (JSON). */
export async function startSandbox(): Promise<{ facts: SandboxFacts; process: Followed }> {
  const child = spawn(process.execPath, [BIN, 'sandbox', '--port', '0', '--data-dir', tempDir('sh-sbx-')]);
  children.push(child);
  const p = follow(child);
  await p.waitFor('Sandbox listening on');
  const facts = JSON.parse(p.output().split('\n')[0]!) as SandboxFacts;
  return { facts, process: p };
}

/** A data folder connected to the sandbox's org and portal, with an admin; answers the folder and the token. */
export async function connectedDataDir(facts: SandboxFacts): Promise<{ dataDir: string; token: string }> {
  const dataDir = tempDir();
  const env = { SYNC_HEALTH_SECRET_KEY: SECRET_KEY };
  const sf = await runCli(
    [
      'connect',
      'salesforce',
      '--instance-url',
      facts.instanceUrl,
      '--access-token-file',
      '-',
      '--data-dir',
      dataDir,
    ],
    env,
    facts.accessToken,
  );
  if (sf.code !== 0) throw new Error(`connect salesforce: ${sf.stderr}${sf.stdout}`);
  const hs = await runCli(
    ['connect', 'hubspot', '--token-file', '-', '--base-url', facts.hubspotBaseUrl, '--data-dir', dataDir],
    env,
    facts.hubspotToken,
  );
  if (hs.code !== 0) throw new Error(`connect hubspot: ${hs.stderr}${hs.stdout}`);
  const user = await runCli(
    ['users', 'add', 'ada@example.com', '--role', 'admin', '--data-dir', dataDir],
    env,
  );
  const token = /Personal token[^:]*: (\S+)/.exec(user.stdout)?.[1];
  if (!token) throw new Error(`users add: ${user.stderr}${user.stdout}`);
  return { dataDir, token };
}

export interface ServeReplica extends Followed {
  url: string;
  name: string;
}

/** `sync-health serve` on the data folder (connected accounts), its store in `database` when given. */
export async function startServe(
  dataDir: string,
  options: { name: string; database?: string; env?: NodeJS.ProcessEnv },
): Promise<ServeReplica> {
  const args = [BIN, 'serve', '--port', '0', '--data-dir', dataDir];
  if (options.database) args.push('--database', options.database);
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      SYNC_HEALTH_SECRET_KEY: SECRET_KEY,
      SYNC_HEALTH_REPLICA: options.name,
      ...options.env,
    },
  });
  children.push(child);
  const p = follow(child);
  await p.waitFor('Address for the extension: ');
  const url = /Address for the extension: (\S+)/.exec(p.output())![1]!;
  return { ...p, url, name: options.name };
}

/** A call to a replica's API with the admin's token. */
export async function api<T>(url: string, token: string, path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${url}/api/v1${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
  });
  const body = (await res.json()) as T;
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** A call to one of the sandbox's control APIs. */
export async function control<T>(
  base: string,
  token: string,
  path: string,
  init: RequestInit = {},
): Promise<T> {
  const res = await fetch(`${base}/_control${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
  });
  if (!res.ok) throw new Error(`control ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const databases: string[] = [];

/** A fresh database on the test cluster (dropped by `dropDatabases`, afterAll). */
export async function newDatabase(prefix = 'replicas'): Promise<string> {
  const url = await createDatabase(
    inject('pgAdminUrl'),
    `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`,
  );
  databases.push(url);
  return url;
}

export async function dropDatabases(): Promise<void> {
  const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await admin.connect();
  for (const url of databases.splice(0))
    await admin.query(`DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`);
  await admin.end();
}

/** Polls `test` every second until it holds; fails after `timeoutMs`. */
export async function waitUntil(test: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`Not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/** Every contact of the portal with the properties asked for, read page by page as a client would. */
export async function portalContacts(
  facts: Pick<SandboxFacts, 'hubspotBaseUrl' | 'hubspotToken'>,
  properties: string[],
): Promise<{ id: string; properties: Record<string, string | null> }[]> {
  const out: { id: string; properties: Record<string, string | null> }[] = [];
  let after: string | undefined;
  do {
    const q = new URLSearchParams({ limit: '100', properties: properties.join(',') });
    if (after) q.set('after', after);
    const res = await fetch(`${facts.hubspotBaseUrl}/crm/v3/objects/contacts?${q}`, {
      headers: { authorization: `Bearer ${facts.hubspotToken}` },
    });
    const page = (await res.json()) as {
      results: { id: string; properties: Record<string, string | null> }[];
      paging?: { next?: { after: string } };
    };
    out.push(...page.results);
    after = page.paging?.next?.after;
  } while (after);
  return out;
}

/**
 * Two `serve` replicas of one connected data folder on `database`: `replica-a` starts first and leads, with
 * SYNC_CRASH_AT=`crashAt` (it dies there); `replica-b` is its standby. The token is the admin's of both.
 */
export async function leaderAndStandby(facts: SandboxFacts, database: string, crashAt: string) {
  const a = await connectedDataDir(facts);
  const leader = await startServe(a.dataDir, {
    name: 'replica-a',
    database,
    env: { SYNC_CRASH_AT: crashAt },
  });
  await leader.waitFor('This replica (replica-a) runs the sync.');
  const standby = await startServe(copyDataDir(a.dataDir), { name: 'replica-b', database });
  return { leader, standby, token: a.token };
}

/** Waits until a run of the replica at `url` that ended after `since` (ms) left the queue empty. */
export async function drainedAfter(url: string, token: string, since: number, timeoutMs = 240_000) {
  await waitUntil(async () => {
    const s = await api<{ queueSize: number; lastSyncAt: string | number | null }>(
      url,
      token,
      '/sync/status',
    );
    const last = typeof s.lastSyncAt === 'string' ? Date.parse(s.lastSyncAt) : s.lastSyncAt;
    return s.queueSize === 0 && last !== null && last > since;
  }, timeoutMs);
}
