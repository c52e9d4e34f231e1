import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxProxy } from '../../../proxy/runtime/sandbox-runtime';
import { apiOf, readCredentials, signInLikeAUser, startOrgHost } from './connect-harness';

describe('Connect Salesforce with the OAuth web-server flow (PKCE) from the side panel', () => {
  let org: Awaited<ReturnType<typeof startOrgHost>>;
  let dataDir: string;
  let proxy: Awaited<ReturnType<typeof startSandboxProxy>>;
  let api: ReturnType<typeof apiOf>;

  beforeAll(async () => {
    org = await startOrgHost();
    dataDir = mkdtempSync(join(tmpdir(), 'sh-oauth-'));
    proxy = await startSandboxProxy({ port: 0, dataDir, autoStart: false });
    api = apiOf(proxy.proxy);
  });
  afterAll(async () => {
    await proxy.close();
    await org.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const authorize = () =>
    api('/connections/salesforce/authorize', {
      method: 'POST',
      body: { loginUrl: org.loginUrl, clientId: org.clientId },
    });

  /** Each test that needs a connected org makes its own. */
  const connect = async () =>
    expect((await signInLikeAUser((await authorize()).json.authorizeUrl)).status).toBe(200);

  it('answers an authorize URL with an S256 challenge, a one-time state and the proxy callback', async () => {
    const res = await authorize();
    expect(res.status).toBe(200);
    const url = new URL(res.json.authorizeUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${org.loginUrl}/services/oauth2/authorize`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{32}$/);
    expect(url.searchParams.get('scope')).toBe('api refresh_token');
    expect(url.searchParams.get('redirect_uri')).toBe(`${proxy.proxy.url}/oauth/salesforce/callback`);
    expect(res.json.callbackUrl).toBe(`${proxy.proxy.url}/oauth/salesforce/callback`);
  });

  it('signs in, exchanges the code with the verifier, keeps both tokens in a 0600 file and shows only who connected', async () => {
    const signedIn = await signInLikeAUser((await authorize()).json.authorizeUrl);
    expect(signedIn.status).toBe(200);
    expect(signedIn.html).toContain('integration@sync-health.sandbox');

    const creds = readCredentials(dataDir, 'salesforce');
    expect(creds.mode).toBe(0o600);
    expect(creds.value.accessToken).toMatch(/!AQ/);
    expect(creds.value.refreshToken).toMatch(/^5Aep861/);

    const status = await api('/connections');
    expect(status.json.mode).toBe('sandbox');
    expect(status.json.salesforce).toMatchObject({
      connected: true,
      method: 'oauth',
      username: 'integration@sync-health.sandbox',
      instanceUrl: org.loginUrl,
      apiVersion: '62.0',
    });
    expect(status.json.salesforce.orgId).toMatch(/^00D/);
    for (const secret of [creds.value.accessToken, creds.value.refreshToken]) {
      expect(status.text).not.toContain(secret);
      expect(signedIn.html).not.toContain(secret);
    }
  });

  it('refuses a callback replayed with a used state, and one with a made-up state', async () => {
    const signedIn = await signInLikeAUser((await authorize()).json.authorizeUrl);
    expect(signedIn.status).toBe(200);
    const replay = await fetch(signedIn.callback);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('unknown, used or older than 15 minutes');
    const forged = new URL(signedIn.callback);
    forged.searchParams.set('state', 'made-up');
    expect((await fetch(forged)).status).toBe(400);
  });

  it('says what is wrong when Salesforce refuses the code, without storing anything new', async () => {
    await connect();
    const before = readCredentials(dataDir, 'salesforce').value.accessToken;
    const url = new URL((await authorize()).json.authorizeUrl);
    const callback = new URL(url.searchParams.get('redirect_uri') as string);
    callback.searchParams.set('state', url.searchParams.get('state') as string);
    callback.searchParams.set('code', 'aPrx-not-a-code');
    const res = await fetch(callback);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Salesforce refused the authorization code');
    expect(readCredentials(dataDir, 'salesforce').value.accessToken).toBe(before);
  });

  it('names the missing consumer key and refuses a login URL that is not a URL', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'sh-oauth-empty-'));
    const other = await startSandboxProxy({ port: 0, dataDir: fresh, autoStart: false });
    try {
      const res = await apiOf(other.proxy)('/connections/salesforce/authorize', {
        method: 'POST',
        body: { loginUrl: org.loginUrl },
      });
      expect(res.status).toBe(400);
      expect(res.json.error.message).toContain("connected app's consumer key");
      const bad = await apiOf(other.proxy)('/connections/salesforce/authorize', {
        method: 'POST',
        body: { loginUrl: 'login.salesforce.com' },
      });
      expect(bad.status).toBe(400);
      expect(bad.json.error.message).toContain('loginUrl');
    } finally {
      await other.close();
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('disconnect wipes the tokens and the panel then shows Salesforce as not connected', async () => {
    await connect();
    const res = await api('/connections/salesforce', { method: 'DELETE' });
    expect(res.json).toEqual({ disconnected: 'salesforce', restartNeeded: false });
    expect(() => readCredentials(dataDir, 'salesforce')).toThrow(/ENOENT/);
    expect((await api('/connections')).json.salesforce).toEqual({ connected: false });
    expect((await api('/connections/gmail', { method: 'DELETE' })).status).toBe(404);
  });
});
