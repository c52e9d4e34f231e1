import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxProxy } from '../../../proxy/runtime/sandbox-runtime';
import { apiOf, readCredentials, signInLikeAUser, startOrgHost } from './connect-harness';

const BIN = resolve(import.meta.dirname, '../../../bin/sync-health.js');

/** Runs `sync-health connect salesforce …`, answers the sign-in URL it prints and its exit. */
function startConnect(args: string[]) {
  const child = spawn(process.execPath, [BIN, 'connect', 'salesforce', '--no-open', ...args]);
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    out += d;
  });
  const exit = new Promise<{ code: number | null; out: string }>((done) =>
    child.on('exit', (code) => done({ code, out })),
  );
  const url = new Promise<string>((done, fail) => {
    child.stdout.on('data', () => {
      const m = /^\s+(http\S+authorize\S+)$/m.exec(out);
      if (m) done(m[1]);
    });
    exit.then(({ code }) => fail(new Error(`connect exited (${code}) before printing a URL: ${out}`)), fail);
  });
  return { url, exit };
}

describe('sync-health connect salesforce (OAuth) on the command line', () => {
  let org: Awaited<ReturnType<typeof startOrgHost>>;
  let work: string;
  beforeAll(async () => {
    org = await startOrgHost();
    work = mkdtempSync(join(tmpdir(), 'sh-cli-oauth-'));
  });
  afterAll(async () => {
    await org.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('serves the callback on its own port, waits for the sign-in and saves the tokens', async () => {
    const dataDir = mkdtempSync(join(work, 'alone-'));
    const run = startConnect([
      '--client-id',
      org.clientId,
      '--login-url',
      org.loginUrl,
      '--port',
      '0',
      '--data-dir',
      dataDir,
    ]);
    const page = await signInLikeAUser(await run.url);
    expect(page.status).toBe(200);
    const { code, out } = await run.exit;
    expect(code).toBe(0);
    expect(out).toContain('Salesforce connected (oauth): integration@sync-health.sandbox');
    const creds = readCredentials(dataDir, 'salesforce');
    expect(creds.mode).toBe(0o600);
    expect(out).not.toContain(creds.value.accessToken);
    expect(out).not.toContain(creds.value.refreshToken);
  });

  it('asks the proxy already running on the port to receive the callback', async () => {
    const dataDir = mkdtempSync(join(work, 'running-'));
    const proxy = await startSandboxProxy({ port: 0, dataDir, autoStart: false });
    try {
      expect(statSync(join(dataDir, 'stores', 'sandbox', 'sync.db')).mode & 0o777).toBe(0o600);
      const run = startConnect([
        '--client-id',
        org.clientId,
        '--login-url',
        org.loginUrl,
        '--port',
        String(proxy.proxy.port),
        '--data-dir',
        dataDir,
      ]);
      const url = await run.url;
      expect(new URL(url).searchParams.get('redirect_uri')).toBe(
        `${proxy.proxy.url}/oauth/salesforce/callback`,
      );
      expect((await signInLikeAUser(url)).status).toBe(200);
      const { code, out } = await run.exit;
      expect(code).toBe(0);
      expect(out).toContain('The proxy running on port');
      expect((await apiOf(proxy.proxy)('/connections')).json.salesforce.connected).toBe(true);
    } finally {
      await proxy.close();
    }
  });
});
