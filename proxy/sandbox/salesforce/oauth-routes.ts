/** @module OAuth 2.0 as Salesforce serves it: authorize page, token endpoint (code+PKCE, refresh, password, client credentials), revoke, identity. */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { authorizePage, matchesCallback, redirectMismatchPage } from './authorize-page';
import { instanceUrl, type SandboxDeps } from './sandbox-deps';
import { authenticate, issueTokens, newRefreshToken, revokeToken } from './sessions';
import { sfJson } from './sf-format';

export const SANDBOX_USERNAME = 'integration@sync-health.sandbox';
export const SANDBOX_PASSWORD = 'sandbox-password';
const CODE_TTL_MS = 15 * 60 * 1000;

const tokenForm = z.object({
  grant_type: z.string(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  code: z.string().optional(),
  code_verifier: z.string().optional(),
  redirect_uri: z.string().optional(),
  refresh_token: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
});

const oauthError = (error: string, description: string, status = 400) =>
  sfJson({ error, error_description: description }, status);

export function createOauthRoutes(deps: SandboxDeps): Hono {
  const codes = new Map<
    string,
    { clientId: string; redirectUri: string; challenge?: string; expiresAt: number }
  >();
  const app = new Hono();

  const tokenResponse = (c: Context, clientId: string, clientSecret: string, refreshToken: string | null) => {
    const state = deps.state();
    const { accessToken } = issueTokens(state, deps.now(), deps.tokenTtlSeconds, clientId, refreshToken);
    deps.persist();
    const base = instanceUrl(c, deps.basePath);
    const id = `${base}/id/${state.org.orgId}/${state.org.integrationUserId}`;
    const issuedAt = String(deps.now());
    const signature = createHmac('sha256', clientSecret)
      .update(id + issuedAt)
      .digest('base64');
    return sfJson({
      access_token: accessToken,
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
      signature,
      scope: 'api refresh_token',
      instance_url: base,
      id,
      token_type: 'Bearer',
      issued_at: issuedAt,
    });
  };

  app.get('/services/oauth2/authorize', (c) => {
    const query = c.req.query();
    const known = query.client_id === deps.state().clientId;
    const status = known && !matchesCallback(query.redirect_uri) ? 400 : 200;
    return c.html(authorizePage(query, deps.state().clientId), status);
  });

  // The login-and-allow form posts here; the browser is sent back to the client with a one-time code.
  app.post('/services/oauth2/authorize', async (c) => {
    const form = await c.req.parseBody();
    const field = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
    if (field('client_id') !== deps.state().clientId)
      return c.text('OAUTH_EC_APP_NOT_FOUND: unknown client_id', 400);
    // Never send the browser, and the code, anywhere but the connected app's callback.
    if (!matchesCallback(field('redirect_uri'))) return c.html(redirectMismatchPage(), 400);
    if (field('username') !== SANDBOX_USERNAME || field('password') !== SANDBOX_PASSWORD) {
      return c.html(
        authorizePage(
          Object.fromEntries(Object.entries(form).map(([k, v]) => [k, String(v)])),
          deps.state().clientId,
          'Please check your username and password.',
        ),
        401,
      );
    }
    const code = `aPrx${randomBytes(24).toString('base64url')}`;
    codes.set(code, {
      clientId: field('client_id'),
      redirectUri: field('redirect_uri'),
      challenge: field('code_challenge') || undefined,
      expiresAt: deps.now() + CODE_TTL_MS,
    });
    const target = new URL(field('redirect_uri'));
    target.searchParams.set('code', code);
    if (field('state')) target.searchParams.set('state', field('state'));
    return c.redirect(target.toString(), 302);
  });

  app.post('/services/oauth2/token', async (c) => {
    const parsed = tokenForm.safeParse(await c.req.parseBody());
    if (!parsed.success) return oauthError('invalid_request', 'grant_type is required');
    const form = parsed.data;
    const state = deps.state();
    if (form.client_id !== state.clientId)
      return oauthError('invalid_client_id', 'client identifier invalid');
    const secretOk = form.client_secret === state.clientSecret;
    switch (form.grant_type) {
      case 'authorization_code': {
        const grant = form.code ? codes.get(form.code) : undefined;
        if (form.code) codes.delete(form.code);
        if (!grant || grant.expiresAt <= deps.now())
          return oauthError('invalid_grant', 'expired authorization code');
        if (grant.redirectUri !== form.redirect_uri)
          return oauthError('invalid_grant', 'redirect_uri mismatch');
        if (grant.challenge) {
          if (!form.code_verifier) return oauthError('invalid_grant', 'invalid code verifier');
          const digest = createHash('sha256').update(form.code_verifier).digest('base64url');
          if (digest !== grant.challenge) return oauthError('invalid_request', 'invalid code verifier');
        } else if (!secretOk) {
          return oauthError('invalid_client', 'invalid client credentials');
        }
        return tokenResponse(c, state.clientId, state.clientSecret, newRefreshToken(state, state.clientId));
      }
      case 'refresh_token': {
        if (form.client_secret !== undefined && !secretOk)
          return oauthError('invalid_client', 'invalid client credentials');
        if (!form.refresh_token || !state.refreshTokens[form.refresh_token]) {
          return oauthError('invalid_grant', 'expired access/refresh token');
        }
        // No rotation: Salesforce returns the same refresh token's session, not a new refresh token.
        return tokenResponse(c, state.clientId, state.clientSecret, form.refresh_token);
      }
      case 'password':
        if (!secretOk) return oauthError('invalid_client', 'invalid client credentials');
        if (form.username !== SANDBOX_USERNAME || form.password !== SANDBOX_PASSWORD) {
          return oauthError('invalid_grant', 'authentication failure');
        }
        return tokenResponse(c, state.clientId, state.clientSecret, null);
      case 'client_credentials':
        if (!secretOk) return oauthError('invalid_client', 'invalid client credentials');
        return tokenResponse(c, state.clientId, state.clientSecret, null);
      default:
        return oauthError('unsupported_grant_type', 'grant type not supported');
    }
  });

  const revoke = async (c: Context) => {
    const body = c.req.method === 'POST' ? await c.req.parseBody() : {};
    const value = String(body.token ?? c.req.query('token') ?? '');
    if (!revokeToken(deps.state(), value)) return oauthError('invalid_token', 'invalid token');
    deps.persist();
    return c.body(null, 200);
  };
  app.post('/services/oauth2/revoke', revoke);
  app.get('/services/oauth2/revoke', revoke);

  app.get('/id/:orgId/:userId', (c) => {
    const state = deps.state();
    authenticate(state, deps.now(), c.req.header('authorization'));
    const user = state.records.User?.[state.org.integrationUserId];
    const base = instanceUrl(c, deps.basePath);
    return sfJson({
      id: `${base}/id/${state.org.orgId}/${state.org.integrationUserId}`,
      asserted_user: true,
      user_id: state.org.integrationUserId,
      organization_id: state.org.orgId,
      username: user?.Username ?? SANDBOX_USERNAME,
      display_name: user?.Name ?? 'Integration User',
      email: user?.Email ?? SANDBOX_USERNAME,
      active: true,
      user_type: 'STANDARD',
      urls: {
        rest: `${base}/services/data/v{version}/`,
        sobjects: `${base}/services/data/v{version}/sobjects/`,
        query: `${base}/services/data/v{version}/query/`,
        profile: `${base}/${state.org.integrationUserId}`,
      },
    });
  });
  return app;
}
