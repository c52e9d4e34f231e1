/**
 * @module GET /oauth/salesforce/callback: where Salesforce sends the browser back after sign-in. Outside
 * /api/v1 (the browser brings no pairing token); the one-time `state` is what protects it.
 */
import type { ServerResponse } from 'node:http';
import { Hono } from 'hono';
import { html } from 'hono/html';
import { CALLBACK_PATH, ConnectError, type ConnectionManager } from '../connect/connection-manager';

const page = (title: string, body: string) =>
  html`<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${body}</p></body></html>`;

export function createCallbackRoutes(manager: ConnectionManager) {
  return new Hono().get(CALLBACK_PATH, async (c) => {
    // @hono/node-server hands the Node response in; 'finish' means the page reached the browser.
    const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    const sent = new Promise<void>((done) => {
      if (!outgoing) return done();
      outgoing.once('finish', () => done());
      outgoing.once('close', () => done());
    });
    try {
      const org = await manager.finishOAuth(c.req.query(), sent);
      return c.html(
        page(
          'Salesforce connected',
          `Signed in as ${org.username} (org ${org.orgId}, ${org.instanceUrl}). You can close this tab.`,
        ),
      );
    } catch (err) {
      const message =
        err instanceof ConnectError
          ? err.message
          : 'The sign-in could not be completed; see the proxy console.';
      if (!(err instanceof ConnectError))
        console.error('[sync-health] OAuth callback failed:', (err as Error).name);
      return c.html(page('Salesforce not connected', message), 400);
    }
  });
}
