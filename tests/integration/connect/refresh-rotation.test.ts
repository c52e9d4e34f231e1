import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnectedProxy } from '../../../proxy/runtime/connected-runtime';
import { startSandboxProxy } from '../../../proxy/runtime/sandbox-runtime';
import { apiOf, readCredentials, signInLikeAUser, startOrgHost } from './connect-harness';
import { startRotatingLogin } from './rotating-login';

describe('Refresh-token rotation', () => {
  let org: Awaited<ReturnType<typeof startOrgHost>>;
  let login: Awaited<ReturnType<typeof startRotatingLogin>>;
  let dataDir: string;

  beforeAll(async () => {
    org = await startOrgHost();
    login = await startRotatingLogin(org.loginUrl);
    dataDir = mkdtempSync(join(tmpdir(), 'sh-rotation-'));
    const first = await startSandboxProxy({ port: 0, dataDir, autoStart: false });
    const api = apiOf(first.proxy);
    const started = await api('/connections/salesforce/authorize', {
      method: 'POST',
      body: { loginUrl: login.url, clientId: org.clientId },
    });
    expect((await signInLikeAUser(started.json.authorizeUrl)).status).toBe(200);
    await api('/connections/hubspot', {
      method: 'POST',
      body: { token: org.hubspotToken, baseUrl: org.hubspotUrl },
    });
    await first.close();
  });
  afterAll(async () => {
    await login.close();
    await org.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Starts the connected proxy, lets its session expire and gives it a contact to push. */
  const runWithExpiredSession = async (email: string) => {
    const proxy = await startConnectedProxy({ port: 0, dataDir, autoStart: false });
    // A connected pair writes nothing before its preview is accepted (sync/preview.ts).
    await proxy.sync()?.engine.acceptPreview();
    try {
      org.host.sandboxes.salesforce.control.expireTokens();
      await fetch(`${org.hubspotUrl}/crm/v3/objects/contacts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${org.hubspotToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ properties: { email, firstname: 'Rota', lastname: 'Tion' } }),
      });
      return await proxy.sync()?.engine.runOnce();
    } finally {
      await proxy.close();
    }
  };

  it('saves the rotated refresh token at once, so the next start refreshes with it', async () => {
    const before = readCredentials(dataDir, 'salesforce').value.refreshToken;
    const run = await runWithExpiredSession('rotation.one@example.com');
    expect(run?.state).toEqual({ state: 'running' });
    const after = readCredentials(dataDir, 'salesforce');
    expect(after.mode).toBe(0o600);
    expect(after.value.refreshToken).not.toBe(before);
    // The used one is dead at a rotating login host: only the saved one can refresh now.
    const old = await fetch(`${login.url}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: before,
        client_id: org.clientId,
      }),
    });
    expect(old.status).toBe(400);

    const again = await runWithExpiredSession('rotation.two@example.com');
    expect(again?.state).toEqual({ state: 'running' });
    expect(again?.processed).toBeGreaterThan(0);
  });
});
