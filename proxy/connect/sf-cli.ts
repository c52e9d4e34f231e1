/** @module Reads a session from the Salesforce CLI: `sf org display --json --target-org <alias>` (no shell). */
import { execFile } from 'node:child_process';

export interface SfCliSession {
  accessToken: string;
  instanceUrl: string;
  username?: string;
  orgId?: string;
  apiVersion?: string;
}

export class SfCliError extends Error {
  override name = 'SfCliError';
}

/** Alias or username as `sf` takes them; anything else could be read by `sf` as a flag. */
const ALIAS = /^[\w.@+-]+$/;

export function readSfCliSession(alias: string, env: NodeJS.ProcessEnv = process.env): Promise<SfCliSession> {
  if (!ALIAS.test(alias) || alias.startsWith('-')) {
    return Promise.reject(
      new SfCliError(`Invalid org alias "${alias}". Give an alias or username as "sf org list" shows it.`),
    );
  }
  return new Promise((resolve, reject) => {
    execFile(
      'sf',
      ['org', 'display', '--json', '--target-org', alias],
      { env, timeout: 60_000, maxBuffer: 1024 * 1024 },
      (err, stdout) => {
        if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(
            new SfCliError('The Salesforce CLI ("sf") is not on PATH. Install it, or connect with OAuth.'),
          );
          return;
        }
        // sf exits non-zero with a JSON body naming the problem; the raw output may hold a token, so only
        // the parsed message is shown.
        let body: { status?: number; message?: string; result?: Record<string, unknown> };
        try {
          body = JSON.parse(stdout);
        } catch {
          reject(
            new SfCliError(
              `"sf org display --target-org ${alias}" did not print JSON (exit ${err?.code ?? 0}).`,
            ),
          );
          return;
        }
        const r = body.result ?? {};
        if (body.status !== 0 || typeof r.accessToken !== 'string' || typeof r.instanceUrl !== 'string') {
          reject(
            new SfCliError(
              `The Salesforce CLI has no usable session for "${alias}": ${body.message ?? 'no access token'}. Run "sf org login web --alias ${alias}" first.`,
            ),
          );
          return;
        }
        resolve({
          accessToken: r.accessToken,
          instanceUrl: r.instanceUrl,
          username: typeof r.username === 'string' ? r.username : undefined,
          orgId: typeof r.id === 'string' ? r.id : undefined,
          apiVersion: typeof r.apiVersion === 'string' ? r.apiVersion : undefined,
        });
      },
    );
  });
}
