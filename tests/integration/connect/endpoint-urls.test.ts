import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxProxy } from '../../../proxy/runtime/sandbox-runtime';
import { runCli } from './cli-harness';

type Proxy = Awaited<ReturnType<typeof startSandboxProxy>>;

describe('a token is never sent in clear text or to a host that is not Salesforce or HubSpot', () => {
  let running: Proxy;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sh-endpoints-'));
    running = await startSandboxProxy({ port: 0, dataDir, autoStart: false });
  });
  afterAll(async () => {
    await running.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (path: string, body: unknown) =>
    fetch(`${running.proxy.url}/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${running.proxy.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('refuses an http:// HubSpot API URL on a remote host with a 400 saying to use https', async () => {
    const res = await post('/connections/hubspot', { token: 'pat-na1-x', baseUrl: 'http://api.hubapi.com' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      'Invalid body: "baseUrl" would send the HubSpot token unencrypted: use https://api.hubapi.com (http:// is only for 127.0.0.1 and localhost).',
    );
    expect(existsSync(join(dataDir, 'connections', 'hubspot.json'))).toBe(false);
  });

  it('refuses a login URL on a host that is not Salesforce, naming --allow-host', async () => {
    const res = await post('/connections/salesforce/authorize', {
      loginUrl: 'https://login.evil.example',
      clientId: 'key',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /"loginUrl" names login\.evil\.example, which is not a Salesforce host .*--allow-host login\.evil\.example/,
    );
  });

  it('still connects the embedded portal over http on 127.0.0.1', async () => {
    const res = await post('/connections/hubspot', {
      token: running.sandboxes.hubspot.accessToken,
      baseUrl: `${running.proxy.url}/sandbox/hubspot`,
    });
    expect(res.status).toBe(200);
  });

  it('the command line refuses http:// to a remote instance and writes nothing', async () => {
    const cliDir = mkdtempSync(join(tmpdir(), 'sh-endpoints-cli-'));
    try {
      const res = await runCli(
        [
          'connect',
          'salesforce',
          '--instance-url',
          'http://acme.my.salesforce.com',
          '--access-token-file',
          '-',
          '--data-dir',
          cliDir,
        ],
        {},
        'a-session-token\n',
      );
      expect(res.code).toBe(1);
      expect(res.stderr.trim()).toBe(
        'The instance URL http://acme.my.salesforce.com would send the Salesforce token unencrypted: use https://acme.my.salesforce.com (http:// is only for 127.0.0.1 and localhost).',
      );
      expect(existsSync(join(cliDir, 'connections'))).toBe(false);
    } finally {
      rmSync(cliDir, { recursive: true, force: true });
    }
  });

  it('the command line takes a host named with --allow-host (then tries to reach it)', async () => {
    const cliDir = mkdtempSync(join(tmpdir(), 'sh-endpoints-cli-'));
    try {
      const args = ['connect', 'salesforce', '--instance-url', 'https://sf-gw.acme.invalid'];
      const refused = await runCli([...args, '--access-token-file', '-', '--data-dir', cliDir], {}, 't\n');
      expect(refused.stderr).toMatch(/not a Salesforce host/);
      const allowed = await runCli(
        [...args, '--allow-host', 'acme.invalid', '--access-token-file', '-', '--data-dir', cliDir],
        {},
        't\n',
      );
      expect(allowed.code).toBe(1);
      expect(allowed.stderr).not.toMatch(/not a Salesforce host/);
      expect(allowed.stderr.trim()).toBe(
        'Could not reach Salesforce at https://sf-gw.acme.invalid (ENOTFOUND). Check the instance URL and the network (proxy, VPN), then connect again.',
      );
    } finally {
      rmSync(cliDir, { recursive: true, force: true });
    }
  });
});
