/** @module Serves the embedded HubSpot portal over real HTTP on 127.0.0.1 and a free port, for the tests. */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createHubspotConnector, type HubspotConnectorOptions } from '../../../proxy/crm/hubspot/index';
import {
  createHubspotSandbox,
  type HubspotSandbox,
  type HubspotSandboxOptions,
} from '../../../proxy/sandbox/hubspot/index';

export const BASE_PATH = '/sandbox/hubspot';

export interface ServedPortal {
  sandbox: HubspotSandbox;
  /** e.g. http://127.0.0.1:40123/sandbox/hubspot */
  baseUrl: string;
  /** fetch against the portal with its token */
  api(path: string, init?: { method?: string; body?: unknown; token?: string | null }): Promise<Response>;
  connector(options?: Partial<HubspotConnectorOptions>): ReturnType<typeof createHubspotConnector>;
  close(): Promise<void>;
}

export async function servePortal(options: Partial<HubspotSandboxOptions> = {}): Promise<ServedPortal> {
  const sandbox = createHubspotSandbox({ basePath: BASE_PATH, ...options });
  const parent = new Hono().route(BASE_PATH, sandbox.app);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: parent.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}${BASE_PATH}`;
  return {
    sandbox,
    baseUrl,
    api(path, init = {}) {
      const token = init.token === undefined ? sandbox.accessToken : init.token;
      return fetch(`${baseUrl}${path}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: {
          'content-type': 'application/json',
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
    },
    connector: (extra = {}) =>
      createHubspotConnector({ accessToken: sandbox.accessToken, baseUrl, uiBaseUrl: baseUrl, ...extra }),
    close: () =>
      new Promise<void>((resolve) => {
        sandbox.close();
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
