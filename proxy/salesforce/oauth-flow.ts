/**
 * @module The OAuth 2.0 web-server flow with PKCE (S256) through jsforce's OAuth2: the authorize URL,
 * the code exchange, and who signed in. Works on any login URL: login/test.salesforce.com, a My
 * Domain, or the embedded sandbox.
 */
import { randomBytes } from 'node:crypto';
import { Connection, OAuth2 } from 'jsforce';
import { API_VERSION } from './adapter';

export interface OrgIdentity {
  username: string;
  userId: string;
  orgId: string;
}

export interface AuthorizedOrg extends OrgIdentity {
  instanceUrl: string;
  accessToken: string;
  refreshToken?: string;
}

export interface PendingAuthorization {
  /** One-time value the callback must bring back (CSRF protection). */
  state: string;
  authorizeUrl: string;
  /** Exchanges the code (with the PKCE verifier kept here) and reads the signed-in user. */
  finish(code: string): Promise<AuthorizedOrg>;
}

/** Salesforce answers OAuth failures as `Error(name=error, message=error_description)`. */
export class OAuthFlowError extends Error {
  override name = 'OAuthFlowError';
}

export function beginAuthorization(opts: {
  loginUrl: string;
  clientId: string;
  redirectUri: string;
}): PendingAuthorization {
  // useVerifier: jsforce makes the code verifier and sends its S256 challenge and, later, the verifier.
  const oauth2 = new OAuth2({
    loginUrl: opts.loginUrl.replace(/\/$/, ''),
    clientId: opts.clientId,
    redirectUri: opts.redirectUri,
    useVerifier: true,
  });
  const state = randomBytes(24).toString('base64url');
  const authorizeUrl = oauth2.getAuthorizationUrl({
    scope: 'api refresh_token',
    state,
    code_challenge_method: 'S256',
  } as Record<string, string>);
  return {
    state,
    authorizeUrl,
    async finish(code) {
      let res: { access_token: string; refresh_token?: string; instance_url: string };
      try {
        res = (await oauth2.requestToken(code)) as typeof res;
      } catch (err) {
        const e = err as Error;
        throw new OAuthFlowError(
          `Salesforce refused the authorization code (${e.name}: ${e.message}). Start "Connect Salesforce" again.`,
        );
      }
      const identity = await readIdentity(res.instance_url, res.access_token);
      return {
        ...identity,
        instanceUrl: res.instance_url,
        accessToken: res.access_token,
        refreshToken: res.refresh_token,
      };
    },
  };
}

/** Who the token belongs to, from the identity URL the REST root names. */
export async function readIdentity(instanceUrl: string, accessToken: string): Promise<OrgIdentity> {
  const conn = new Connection({ instanceUrl, accessToken, version: API_VERSION });
  try {
    const id = (await conn.identity()) as { username: string; user_id: string; organization_id: string };
    return { username: id.username, userId: id.user_id, orgId: id.organization_id };
  } catch (err) {
    const e = err as { errorCode?: string; name?: string; message?: string; code?: string; type?: string };
    // node-fetch (under jsforce 3.10.16) reports a host it could not reach as a system FetchError.
    if (e.name === 'FetchError' || e.type === 'system') {
      throw new OAuthFlowError(
        `Could not reach Salesforce at ${instanceUrl} (${e.code ?? e.message}). Check the instance URL and the network (proxy, VPN), then connect again.`,
      );
    }
    // A body that is not Salesforce's error shape: some other server answered at that address.
    if (e.errorCode?.startsWith('ERROR_HTTP_')) {
      throw new OAuthFlowError(
        `${instanceUrl} did not answer like Salesforce (HTTP ${e.errorCode.slice(11)}). Check the instance URL (https://<your domain>.my.salesforce.com), then connect again.`,
      );
    }
    // The message is Salesforce's ("Session expired or invalid"), never the token.
    throw new OAuthFlowError(
      `Salesforce at ${instanceUrl} refused the access token (${e.errorCode ?? e.name}: ${e.message}). Get a fresh token and connect again.`,
    );
  }
}
