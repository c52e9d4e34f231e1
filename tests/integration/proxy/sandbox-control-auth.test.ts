import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxProxy } from '../../../proxy/runtime/sandbox-runtime';

const BIN = resolve(import.meta.dirname, '../../../bin/sync-health.js');

type Proxy = Awaited<ReturnType<typeof startSandboxProxy>>;

describe('the sandboxes’ control APIs on the proxy', () => {
  let running: Proxy;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sh-ctl-auth-'));
    running = await startSandboxProxy({ port: 0, dataDir, autoStart: false });
  });
  afterAll(async () => {
    await running.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const control = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${running.proxy.url}${path}`, { method: 'POST', headers });

  it.each([
    ['/sandbox/salesforce/_control/tokens/revoke'],
    ['/sandbox/salesforce/_control/session'],
    ['/sandbox/hubspot/_control/reset'],
  ])('refuses %s without the pairing token, and changes nothing', async (path) => {
    const before = running.sandboxes.salesforce.control.apiUsage();
    const res = await control(path);
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('unauthorized');
    expect(body.error.message).toMatch(/Authorization: Bearer/);
    expect(running.sandboxes.salesforce.control.apiUsage()).toEqual(before);
  });

  it('refuses a wrong token', async () => {
    const res = await control('/sandbox/salesforce/_control/session', { authorization: 'Bearer nope' });
    expect(res.status).toBe(401);
  });

  it.each([
    ['a web page', 'https://evil.example'],
    ['the sandbox’s own pages', 'ORIGIN'],
  ])('refuses %s as Origin even with the token', async (_what, origin) => {
    const res = await control('/sandbox/salesforce/_control/session', {
      authorization: `Bearer ${running.proxy.token}`,
      origin: origin === 'ORIGIN' ? running.proxy.url : origin,
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden_origin');
  });

  it('answers with the pairing token: a session is minted', async () => {
    const res = await control('/sandbox/salesforce/_control/session', {
      authorization: `Bearer ${running.proxy.token}`,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ accessToken: expect.any(String) });
  });

  it('still serves the Salesforce login page without a token (only _control is guarded)', async () => {
    const res = await fetch(
      `${running.proxy.url}/sandbox/salesforce/services/oauth2/authorize?response_type=code&client_id=x&redirect_uri=http://127.0.0.1/cb`,
    );
    expect(res.status).not.toBe(401);
  });
});

describe('sync-health sandbox', () => {
  it('prints the control token it expects, and the control API takes it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sh-ctl-cli-'));
    const child = spawn(process.execPath, [BIN, 'sandbox', '--port', '0', '--data-dir', dataDir]);
    try {
      const line = await new Promise<string>((done, fail) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          const nl = out.indexOf('\n');
          if (nl >= 0) done(out.slice(0, nl));
        });
        child.on('exit', (code) => fail(new Error(`sandbox exited with ${code}`)));
      });
      const info = JSON.parse(line) as { controlUrl: string; controlToken: string; hubspotBaseUrl: string };
      expect(info.controlToken).toMatch(/^[\w-]{43}$/);
      const without = await fetch(`${info.controlUrl}/stats`);
      expect(without.status).toBe(401);
      const withToken = await fetch(`${info.controlUrl}/stats`, {
        headers: { authorization: `Bearer ${info.controlToken}` },
      });
      expect(withToken.status).toBe(200);
      const hubspot = await fetch(`${info.hubspotBaseUrl}/_control/stats`, {
        headers: { authorization: `Bearer ${info.controlToken}` },
      });
      expect(hubspot.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
