import { Connection, OAuth2 } from 'jsforce';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_PASSWORD, SANDBOX_USERNAME } from '../../../proxy/sandbox/salesforce/index';
import { type RunningSandbox, startSandbox, VERSION } from './start-sandbox';

const REDIRECT_URI = 'http://127.0.0.1:1717/oauth/salesforce/callback';
const HOUR = 60 * 60 * 1000;

/** What a browser does on the authorize page: submit the login-and-allow form, follow nothing, read the redirect. */
async function approve(authorizationUrl: string): Promise<URL> {
  const page = await fetch(authorizationUrl);
  const html = await page.text();
  const form = new URLSearchParams();
  for (const m of html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) form.set(m[1], m[2]);
  const action = new URL(/<form[^>]*action="([^"]+)"/.exec(html)![1], authorizationUrl);
  const res = await fetch(action, { method: 'POST', body: form, redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

describe('OAuth 2.0 against the sandbox org', () => {
  let sf: RunningSandbox;
  let app: { clientId: string; clientSecret: string };
  beforeEach(async () => {
    sf = await startSandbox();
    const { clientId, clientSecret } = sf.sandbox.issueSession();
    app = { clientId, clientSecret };
  });
  afterEach(() => sf.close());

  it('completes the web-server flow with PKCE through jsforce OAuth2 (useVerifier)', async () => {
    const oauth2 = new OAuth2({
      clientId: app.clientId,
      redirectUri: REDIRECT_URI,
      loginUrl: sf.instanceUrl,
      useVerifier: true,
    });
    const callback = await approve(oauth2.getAuthorizationUrl({ scope: 'api refresh_token', state: 's-42' }));
    expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);
    expect(callback.searchParams.get('state')).toBe('s-42');
    const conn = new Connection({ oauth2, version: VERSION });
    const userInfo = await conn.authorize(callback.searchParams.get('code')!);
    expect(conn.instanceUrl).toBe(sf.instanceUrl);
    expect(conn.refreshToken).toEqual(expect.any(String));
    expect(userInfo.id.slice(0, 3)).toBe('005');
    expect(userInfo.organizationId.slice(0, 3)).toBe('00D');
    const result = await conn.query('SELECT COUNT() FROM Account');
    expect(result.totalSize).toBeGreaterThan(0);
  });

  it.each([
    ['another site', 'https://evil.example/oauth/salesforce/callback'],
    ['another path on loopback', 'http://127.0.0.1:1717/steal'],
    ['a look-alike host', 'http://127.0.0.1.evil.example/oauth/salesforce/callback'],
  ])(
    'answers redirect_uri_mismatch for %s, on the page and on the form post, without redirecting',
    async (_what, redirectUri) => {
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: app.clientId,
        redirect_uri: redirectUri,
      });
      const page = await fetch(`${sf.instanceUrl}/services/oauth2/authorize?${query}`);
      expect(page.status).toBe(400);
      const html = await page.text();
      expect(html).toContain('error=redirect_uri_mismatch');
      expect(html).not.toContain('<form');
      const form = new URLSearchParams({
        ...Object.fromEntries(query),
        username: SANDBOX_USERNAME,
        password: SANDBOX_PASSWORD,
      });
      const post = await fetch(`${sf.instanceUrl}/services/oauth2/authorize`, {
        method: 'POST',
        body: form,
        redirect: 'manual',
      });
      expect(post.status).toBe(400);
      expect(post.headers.get('location')).toBeNull();
      expect(await post.text()).toContain('error=redirect_uri_mismatch');
    },
  );

  it('refuses an authorization code presented with the wrong code verifier', async () => {
    const oauth2 = new OAuth2({
      clientId: app.clientId,
      redirectUri: REDIRECT_URI,
      loginUrl: sf.instanceUrl,
      useVerifier: true,
    });
    const callback = await approve(oauth2.getAuthorizationUrl({ scope: 'api' }));
    const other = new OAuth2({
      clientId: app.clientId,
      redirectUri: REDIRECT_URI,
      loginUrl: sf.instanceUrl,
      useVerifier: true,
    });
    const error = await other.requestToken(callback.searchParams.get('code')!).then(
      () => expect.fail('a wrong verifier must be refused'),
      (e: Error) => e,
    );
    expect(error.name).toBe('invalid_request');
  });

  it('answers 401 INVALID_SESSION_ID once the access token has expired', async () => {
    const { conn } = sf.connect();
    sf.clock.advance(2 * HOUR + 1);
    const error = await conn.query('SELECT Id FROM Account').then(
      () => expect.fail('an expired token must be refused'),
      (e: Error) => e as Error & { errorCode: string },
    );
    expect(error.errorCode).toBe('INVALID_SESSION_ID');
    expect(error.message).toBe('Session expired or invalid');
  });

  it('lets jsforce refresh an expired token by itself and replay the call', async () => {
    const session = sf.sandbox.issueSession();
    const conn = new Connection({
      oauth2: { clientId: app.clientId, clientSecret: app.clientSecret, loginUrl: sf.instanceUrl },
      instanceUrl: sf.instanceUrl,
      accessToken: session.accessToken,
      refreshToken: session.refreshToken,
      version: VERSION,
    });
    const refreshed: string[] = [];
    conn.on('refresh', (token: string) => refreshed.push(token));
    sf.clock.advance(3 * HOUR);
    const result = await conn.query('SELECT COUNT() FROM Contact');
    expect(result.totalSize).toBeGreaterThan(0);
    expect(refreshed).toHaveLength(1);
    expect(refreshed[0]).not.toBe(session.accessToken);
  });

  it('revokes an access token through /services/oauth2/revoke', async () => {
    const { conn } = sf.connect();
    const oauth2 = new OAuth2({ clientId: app.clientId, loginUrl: sf.instanceUrl });
    await oauth2.revokeToken(conn.accessToken!);
    const error = await conn.query('SELECT Id FROM Account').then(
      () => expect.fail('a revoked token must be refused'),
      (e: Error) => e as Error & { errorCode: string },
    );
    expect(error.errorCode).toBe('INVALID_SESSION_ID');
  });

  it('stops a refresh once the admin revoked every token', async () => {
    const session = sf.sandbox.issueSession();
    const conn = new Connection({
      oauth2: { clientId: app.clientId, clientSecret: app.clientSecret, loginUrl: sf.instanceUrl },
      instanceUrl: sf.instanceUrl,
      accessToken: session.accessToken,
      refreshToken: session.refreshToken,
      version: VERSION,
    });
    sf.sandbox.control.revokeTokens();
    const error = await conn.query('SELECT Id FROM Account').then(
      () => expect.fail('revoked credentials must not work'),
      (e: Error) => e,
    );
    // jsforce wraps the token endpoint's invalid_grant answer in its own refresh error.
    expect(error.message).toBe('Unable to refresh session due to: expired access/refresh token');
  });

  it('logs in with the password grant through jsforce', async () => {
    const conn = new Connection({
      oauth2: { clientId: app.clientId, clientSecret: app.clientSecret, loginUrl: sf.instanceUrl },
      version: VERSION,
    });
    await conn.login(SANDBOX_USERNAME, SANDBOX_PASSWORD);
    expect(conn.instanceUrl).toBe(sf.instanceUrl);
    expect((await conn.query('SELECT COUNT() FROM Lead')).totalSize).toBeGreaterThanOrEqual(0);
  });

  it('refuses a wrong password with invalid_grant "authentication failure"', async () => {
    const conn = new Connection({
      oauth2: { clientId: app.clientId, clientSecret: app.clientSecret, loginUrl: sf.instanceUrl },
      version: VERSION,
    });
    const error = await conn.login(SANDBOX_USERNAME, 'wrong').then(
      () => expect.fail('a wrong password must be refused'),
      (e: Error) => e,
    );
    expect(error.name).toBe('invalid_grant');
    expect(error.message).toBe('authentication failure');
  });

  it('issues a token for client credentials shaped as jsforce expects', async () => {
    const res = await fetch(`${sf.instanceUrl}/services/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: app.clientId,
        client_secret: app.clientSecret,
      }),
    });
    const body = (await res.json()) as Record<string, string>;
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(body).toMatchObject({
      token_type: 'Bearer',
      instance_url: sf.instanceUrl,
      scope: expect.any(String),
    });
    expect(body.id).toMatch(new RegExp(`^${sf.instanceUrl}/id/00D\\w{15}/005\\w{15}$`));
    expect(body.issued_at).toMatch(/^\d+$/);
    expect(body.signature).toEqual(expect.any(String));
  });
});
