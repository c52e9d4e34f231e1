import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnectedProxy } from '../../../proxy/runtime/connected-runtime';
import { startSandboxProxy } from '../../../proxy/runtime/sandbox-runtime';
import { apiOf, captureConsole, readCredentials, signInLikeAUser, startOrgHost } from './connect-harness';

/**
 * The proxy on connected accounts: the embedded org and portal stand in for the user's own (served by
 * another proxy), connected through the same routes the side panel uses.
 */
describe('The sync on connected accounts', () => {
  let org: Awaited<ReturnType<typeof startOrgHost>>;
  let dataDir: string;
  let proxy: Awaited<ReturnType<typeof startConnectedProxy>>;
  let api: ReturnType<typeof apiOf>;
  let logs: ReturnType<typeof captureConsole>;

  const signIn = async () => {
    const res = await api('/connections/salesforce/authorize', {
      method: 'POST',
      body: { loginUrl: org.loginUrl, clientId: org.clientId },
    });
    const page = await signInLikeAUser(res.json.authorizeUrl);
    expect(page.status).toBe(200);
    return `${res.text}\n${page.html}`;
  };
  const sync = () => {
    const running = proxy.sync();
    if (!running) throw new Error('the sync is not running');
    return running;
  };
  const createHubspotContact = async (email: string) => {
    const res = await fetch(`${org.hubspotUrl}/crm/v3/objects/contacts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${org.hubspotToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ properties: { email, firstname: 'Ada', lastname: 'Reconnect' } }),
    });
    expect(res.status).toBe(201);
  };

  beforeAll(async () => {
    logs = captureConsole();
    org = await startOrgHost();
    dataDir = mkdtempSync(join(tmpdir(), 'sh-connected-'));
    // Connect both accounts from sandbox mode, as a first-time user does, then start connected.
    const first = await startSandboxProxy({ port: 0, dataDir, autoStart: false });
    api = apiOf(first.proxy);
    await signIn();
    const hubspot = await api('/connections/hubspot', {
      method: 'POST',
      body: { token: org.hubspotToken, baseUrl: org.hubspotUrl },
    });
    expect(hubspot.status).toBe(200);
    await first.close();
    proxy = await startConnectedProxy({ port: 0, dataDir, autoStart: false });
    // A connected pair writes nothing before its preview is accepted (sync/preview.ts).
    await proxy.sync()?.engine.acceptPreview();
    api = apiOf(proxy.proxy);
    await sync().engine.runOnce();
  });
  afterAll(async () => {
    logs.restore();
    await proxy.close();
    await org.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says it runs on the connected org and portal, with who is connected', async () => {
    const res = await api('/connections');
    expect(res.json).toMatchObject({
      mode: 'connected',
      reconnect: false,
      salesforce: { connected: true, username: 'integration@sync-health.sandbox', instanceUrl: org.loginUrl },
      hubspot: { connected: true, portalId: '4815162', missingScopes: [] },
    });
    expect(proxy.sync()?.links).toEqual({
      instanceUrl: org.loginUrl,
      crmUiBaseUrl: org.hubspotUrl,
      portalId: '4815162',
    });
  });

  it('refreshes an expired session with the refresh token and saves the new access token at once', async () => {
    const before = readCredentials(dataDir, 'salesforce').value;
    org.host.sandboxes.salesforce.control.expireTokens();
    await createHubspotContact('expired.session@example.com');
    const run = await sync().engine.runOnce();
    expect(run.state).toEqual({ state: 'running' });
    expect(run.processed).toBeGreaterThan(0);
    const after = readCredentials(dataDir, 'salesforce');
    expect(after.mode).toBe(0o600);
    expect(after.value.accessToken).not.toBe(before.accessToken);
    expect(after.value.refreshToken).toBe(before.refreshToken);
  });

  it('suspends the sync with a reconnect action when the tokens are revoked, with no error per record', async () => {
    const openBefore = (await api('/health/summary')).json.totalOpenErrors;
    org.host.sandboxes.salesforce.control.revokeTokens();
    await createHubspotContact('revoked.one@example.com');
    await createHubspotContact('revoked.two@example.com');
    const run = await sync().engine.runOnce();
    expect(run.state).toMatchObject({ state: 'suspended', id: 'credentials' });
    expect((run.state as { action: string }).action).toMatch(/Reconnect Salesforce/);
    const summary = await api('/health/summary');
    expect(summary.json.totalOpenErrors).toBe(openBefore);
    expect((await api('/connections')).json.reconnect).toBe(true);

    // Reconnecting (signing in again) restarts the sync on the new tokens and lifts the suspension.
    await signIn();
    await proxy.settled();
    expect((await api('/connections')).json.reconnect).toBe(false);
    const resumed = await sync().engine.runOnce();
    expect(resumed.state).toEqual({ state: 'running' });
    expect(resumed.processed).toBeGreaterThan(0);
  });

  it('never shows a token in an answer, a page, an error or the console', async () => {
    const answers: string[] = [];
    answers.push(await signIn());
    for (const path of ['/connections', '/health/summary', '/sync/status'])
      answers.push((await api(path)).text);
    const wrong = `${org.hubspotToken}x`;
    const refused = await api('/connections/hubspot', {
      method: 'POST',
      body: { token: wrong, baseUrl: org.hubspotUrl },
    });
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toMatch(/HubSpot refused the token/);
    answers.push(refused.text);
    await proxy.settled();
    const sf = readCredentials(dataDir, 'salesforce').value;
    const everything = [...answers, ...logs.lines].join('\n');
    for (const secret of [sf.accessToken, sf.refreshToken, org.hubspotToken, wrong]) {
      expect(everything).not.toContain(secret);
    }
  });
});
