/**
 * @module Checks a HubSpot private-app token before it is kept: the portal it opens (account details)
 * and the scopes it carries (HubSpot's access-token-info endpoint), against the scopes the sync needs.
 */
import { HUBSPOT_REQUIRED_SCOPES } from '../../shared/api/connections';
import { createHubspotConnector } from '../crm/hubspot/index';

export const HUBSPOT_API = 'https://api.hubapi.com';

export class HubspotTokenError extends Error {
  override name = 'HubspotTokenError';
}

export interface HubspotTokenFacts {
  portalId: string;
  /** Where the portal's record pages live (app.hubspot.com, app-eu1.hubspot.com, …). */
  uiBaseUrl: string;
  scopes: string[];
  missingScopes: string[];
}

export function missingScopes(granted: string[]): string[] {
  return HUBSPOT_REQUIRED_SCOPES.filter((s) => !granted.includes(s));
}

/** Throws HubspotTokenError naming what is wrong (never the token) when the sync cannot use it. */
export async function checkHubspotToken(
  token: string,
  baseUrl: string = HUBSPOT_API,
): Promise<HubspotTokenFacts> {
  const base = baseUrl.replace(/\/$/, '');
  const crm = createHubspotConnector({ accessToken: token, baseUrl: base, sleep: async () => {} });
  let portalId: string;
  let uiBaseUrl: string;
  try {
    ({ portalId, uiBaseUrl } = await crm.account());
  } catch (err) {
    const status = (err as { status?: number }).status;
    throw new HubspotTokenError(
      status === 401
        ? 'HubSpot refused the token (401). Copy the access token from the private app (Development → Legacy apps → your app → Auth) and try again.'
        : `HubSpot's account details could not be read (${(err as Error).message}).`,
    );
  }
  const res = await fetch(`${base}/oauth/v2/private-apps/get/access-token-info`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tokenKey: token }),
  });
  if (!res.ok) {
    throw new HubspotTokenError(
      `HubSpot did not tell the token's scopes (HTTP ${res.status}); a private-app token is needed, not an OAuth or developer key.`,
    );
  }
  const info = (await res.json()) as { scopes?: unknown; hubId?: unknown };
  const scopes = Array.isArray(info.scopes) ? info.scopes.map(String) : [];
  const missing = missingScopes(scopes);
  if (missing.length) {
    throw new HubspotTokenError(
      `The private app lacks scopes the sync needs: ${missing.join(', ')}. Add them on the app's Scopes tab, then paste the token again.`,
    );
  }
  return { portalId, uiBaseUrl, scopes, missingScopes: missing };
}
