/**
 * @module POST /oauth/v2/private-apps/get/access-token-info as HubSpot serves it: the token goes in the
 * body (`{ tokenKey }`), not in a header, and the answer names the portal and the granted scopes.
 */
import { Hono } from 'hono';
import { HUBSPOT_REQUIRED_SCOPES } from '../../../shared/api/connections';
import { PortalError } from './portal-error';

/** The sandbox's private app is granted every scope the sync asks for, plus one it does not use. */
export const SANDBOX_SCOPES = [...HUBSPOT_REQUIRED_SCOPES, 'oauth'];

export function createTokenInfoRoutes(deps: {
  accessToken: () => string;
  portalId: string;
  /** Granted scopes; default SANDBOX_SCOPES (tests narrow them to see missing scopes named). */
  scopes?: readonly string[];
}) {
  return new Hono().post('/oauth/v2/private-apps/get/access-token-info', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { tokenKey?: unknown };
    if (typeof body.tokenKey !== 'string' || body.tokenKey !== deps.accessToken()) {
      throw new PortalError(
        401,
        'INVALID_AUTHENTICATION',
        'The tokenKey is not a valid private app access token.',
      );
    }
    return c.json({
      userId: 1,
      hubId: Number(deps.portalId),
      appId: 1,
      scopes: deps.scopes ?? SANDBOX_SCOPES,
    });
  });
}
