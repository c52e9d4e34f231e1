/** @module /api/v1/connections: which accounts the sync runs on; connect and disconnect them (answers hold no secret). */
import { Hono } from 'hono';
import {
  authorizeBodySchema,
  type ConnectionsStatus,
  hubspotTokenBodySchema,
  SYSTEMS,
} from '../../shared/api/connections';
import { ConnectError, type ConnectionManager } from '../connect/connection-manager';
import { HubspotTokenError } from '../connect/hubspot-check';
import { ApiHttpError, badRequest } from '../http/api-http-error';
import { parseInput, readJson } from '../http/validation';
import { OAuthFlowError } from '../salesforce/oauth-flow';
import type { RunningSync } from './api-deps';

export interface ConnectionRoutesDeps {
  manager: ConnectionManager;
  mode: () => 'sandbox' | 'connected';
  sync: () => RunningSync | null;
  /** Opens a URL in the user's browser (the CLI's opener); the side panel opens it itself. */
  openUrl?: (url: string) => void;
}

/** The sync is suspended because a token stopped working: the panel offers "Reconnect". */
export async function needsReconnect(sync: RunningSync | null): Promise<boolean> {
  const s = await sync?.engine.status();
  return s?.state === 'suspended' && s.id === 'credentials';
}

export async function connectionsStatus(deps: ConnectionRoutesDeps): Promise<ConnectionsStatus> {
  return {
    mode: deps.mode(),
    salesforce: deps.manager.salesforce(),
    hubspot: deps.manager.hubspot(),
    reconnect: await needsReconnect(deps.sync()),
  };
}

/** Known connect failures say what to do and never carry a token; they answer 400. */
const asApiError = (err: unknown) =>
  err instanceof ConnectError || err instanceof HubspotTokenError || err instanceof OAuthFlowError
    ? badRequest(err.message)
    : err;

export function createConnectionRoutes(deps: ConnectionRoutesDeps) {
  return new Hono()
    .get('/connections', async (c) => c.json(await connectionsStatus(deps)))
    .post('/connections/salesforce/authorize', async (c) => {
      const body = parseInput(authorizeBodySchema, await readJson(c.req), 'body');
      try {
        const { authorizeUrl, callbackUrl } = deps.manager.startOAuth(body);
        return c.json({ authorizeUrl, callbackUrl });
      } catch (err) {
        throw asApiError(err);
      }
    })
    .post('/connections/hubspot', async (c) => {
      const body = parseInput(hubspotTokenBodySchema, await readJson(c.req), 'body');
      try {
        return c.json(await deps.manager.connectHubspot(body.token, body.baseUrl));
      } catch (err) {
        throw asApiError(err);
      }
    })
    .delete('/connections/:system', (c) => {
      const system = c.req.param('system');
      if (!(SYSTEMS as readonly string[]).includes(system)) {
        throw new ApiHttpError(
          404,
          'not_found',
          `Unknown system "${system}". Options: ${SYSTEMS.join(', ')}.`,
        );
      }
      const typed = system as (typeof SYSTEMS)[number];
      deps.manager.disconnect(typed);
      return c.json({ disconnected: typed, restartNeeded: deps.mode() === 'connected' });
    });
}
