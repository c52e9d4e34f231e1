/** @module Runs the real `sync-health` command line as a child process, and a stand-in `sf` CLI on PATH. */
import { execFile, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '../../../bin/sync-health.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, stdin?: string): Promise<CliResult> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, ...env }, timeout: 30_000 },
      (err, stdout, stderr) => done({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
    if (stdin !== undefined) child.stdin?.end(stdin);
  });
}

/** Starts `sync-health start` and answers its output once the pairing token line is printed; stops it after. */
export async function startCliOutput(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const child = spawn(process.execPath, [BIN, 'start', ...args], { env: { ...process.env, ...env } });
  let out = '';
  try {
    await new Promise<void>((done, fail) => {
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('Paste it in the extension options')) done();
      });
      child.stderr.on('data', (d) => {
        out += d;
      });
      child.on('exit', (code) => fail(new Error(`start exited with ${code}: ${out}`)));
    });
  } finally {
    await stopChild(child);
  }
  return out;
}

/**
 * Stops a started proxy and waits until it has exited: it writes the store and the sandboxes' state as it
 * stops, and a test that removes the data folder right after would race those writes (ENOTEMPTY).
 */
export async function stopChild(child: import('node:child_process').ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  await exited;
}

/**
 * A stand-in for the Salesforce CLI (the external program, not our code): `sf org display --json
 * --target-org <alias>` prints the session in the file FAKE_SF_SESSION for the alias "my-org", and
 * sf's own error shape for any other alias. Answers the folder to put first on PATH.
 */
export function fakeSfCli(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sh-fake-sf-'));
  const script = `#!${process.execPath}
const fs = require('node:fs');
const args = process.argv.slice(2);
const alias = args[args.indexOf('--target-org') + 1];
if (args.slice(0, 3).join(' ') !== 'org display --json' || alias !== 'my-org') {
  console.log(JSON.stringify({ status: 1, name: 'NoOrgFound', message: 'No authorization information found for ' + alias + '.' }));
  process.exit(1);
}
const s = JSON.parse(fs.readFileSync(process.env.FAKE_SF_SESSION, 'utf8'));
console.log(JSON.stringify({ status: 0, result: { id: s.orgId, accessToken: s.accessToken, instanceUrl: s.instanceUrl, username: 'integration@sync-health.sandbox', apiVersion: '62.0', connectedStatus: 'Connected' } }));
`;
  writeFileSync(join(dir, 'sf'), script);
  chmodSync(join(dir, 'sf'), 0o755);
  return dir;
}
