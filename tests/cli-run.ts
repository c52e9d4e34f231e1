/** @module Runs the real `sync-health` command line (bin/sync-health.js through tsx) in a child process. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/sync-health.js', import.meta.url));

/** The exit code and both outputs of `sync-health ...args`; never throws on a non-zero exit. */
export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, ...env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** The personal token `users add` printed. */
export const printedToken = (stdout: string) => /Personal token[^:]*: (shp_\S+)/.exec(stdout)?.[1] ?? '';
