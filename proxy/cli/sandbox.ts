/** @module `sync-health sandbox`: the embedded Salesforce org and HubSpot portal alone, for jsforce/curl users. */

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { ensureDataDir } from '../config/data-dir';
import { loadOrCreatePairingToken } from '../config/pairing-token';
import { requireLoopbackHost } from '../http/guards';
import { answerOversizedHeaders, limitRequestLine, NODE_MAX_HEADER_SIZE } from '../http/limits';
import { createSandboxes, HUBSPOT_BASE } from '../runtime/sandbox-runtime';
import { sandboxConnectionInfo } from '../sandbox/salesforce/index';
import { HOSTNAME, PortInUseError } from '../server';
import { parsePort } from './args';
import type { Command } from './commands';

export const sandboxCommand: Command = {
  summary: 'Serve only the embedded Salesforce org and HubSpot portal; prints connection facts as JSON.',
  usage: `Usage: sync-health sandbox [--port N] [--data-dir DIR] [--fresh-org]

  Prints one JSON line first: {"instanceUrl", "accessToken", ..., "hubspotBaseUrl", "hubspotToken",
  "controlToken"}; the control APIs (<instanceUrl>/_control, <hubspotBaseUrl>/_control) need
  "Authorization: Bearer <controlToken>".
  --port N         port on 127.0.0.1 (default 8788; 0 picks a free one)
  --data-dir DIR   where the sandboxes keep their state
  --fresh-org      an org and portal without the sync's fields, holding the same people and companies
                   unlinked (proxy/sandbox/fresh-org.ts); kept in DIR/fresh-org`,
  options: {
    port: { type: 'string', short: 'p' },
    'data-dir': { type: 'string' },
    'fresh-org': { type: 'boolean' },
  },
  async run(values) {
    const requested = parsePort(values.port, 8788);
    const dataDir = ensureDataDir(values.dataDir);
    // The same token as the proxy's pairing token, so one file guards both ways of serving the sandboxes.
    const { token: controlToken } = loadOrCreatePairingToken(dataDir);
    const sandboxes = createSandboxes(dataDir, { freshOrg: values['fresh-org'] === true, controlToken });
    let port = requested;
    const app = new Hono();
    app.use(
      '*',
      requireLoopbackHost(() => port),
    );
    app.use('*', limitRequestLine());
    for (const m of sandboxes.mounts) app.route(m.basePath, m.app);
    const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve(
        {
          fetch: app.fetch,
          port: requested,
          hostname: HOSTNAME,
          serverOptions: { maxHeaderSize: NODE_MAX_HEADER_SIZE },
        },
        (info: AddressInfo) => {
          port = info.port;
          resolve(s);
        },
      );
      answerOversizedHeaders(s as Server);
      s.once('error', (err: NodeJS.ErrnoException) =>
        reject(err.code === 'EADDRINUSE' ? new PortInUseError(requested, { cause: err }) : err),
      );
    });
    const origin = `http://${HOSTNAME}:${port}`;
    const info = {
      ...sandboxConnectionInfo(origin, sandboxes.salesforce.issueSession()),
      hubspotBaseUrl: `${origin}${HUBSPOT_BASE}`,
      hubspotToken: sandboxes.hubspot.accessToken,
      hubspotPortalId: sandboxes.hubspot.portalId,
      controlToken,
    };
    console.log(JSON.stringify(info));
    console.log(`Sandbox listening on ${origin} (Ctrl-C to stop). Data folder: ${dataDir}`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        server.close();
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        sandboxes.close();
        resolve();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
