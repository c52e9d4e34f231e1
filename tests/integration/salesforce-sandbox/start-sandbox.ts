/** @module Serves the Salesforce sandbox over real HTTP for the conformance suite and hands out jsforce connections that count their calls. */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { Connection } from 'jsforce';
import {
  createSalesforceSandbox,
  type SalesforceSandbox,
  type SalesforceSandboxOptions,
} from '../../../proxy/sandbox/salesforce/index';

export const BASE_PATH = '/sandbox/salesforce';
export const VERSION = '62.0';

export interface Exchange {
  method: string;
  url: string;
  status: number;
  headers: Record<string, string>;
}

export interface RunningSandbox {
  sandbox: SalesforceSandbox;
  origin: string;
  instanceUrl: string;
  /** The injectable clock: starts at a fixed instant, moves only when told. */
  clock: { now: number; advance(ms: number): void };
  /** A jsforce connection with a fresh session; `exchanges` lists every HTTP exchange it made. */
  connect(extra?: Partial<ConstructorParameters<typeof Connection>[0]>): {
    conn: Connection;
    exchanges: Exchange[];
  };
  close(): Promise<void>;
}

type TransportLike = { httpRequest: (req: { method: string; url: string }, o?: unknown) => Promise<unknown> };

/** Records each HTTP exchange jsforce makes through its transport (an internal field of jsforce 3.10.16). */
export function countExchanges(conn: Connection): Exchange[] {
  const exchanges: Exchange[] = [];
  const transport = (conn as unknown as { _transport: TransportLike })._transport;
  const original = transport.httpRequest.bind(transport);
  transport.httpRequest = (req, options) => {
    const pending = original(req, options);
    pending.then(
      (res) => {
        const r = res as { statusCode: number; headers: Record<string, string> };
        exchanges.push({ method: req.method, url: req.url, status: r.statusCode, headers: r.headers });
      },
      () => exchanges.push({ method: req.method, url: req.url, status: 0, headers: {} }),
    );
    return pending;
  };
  return exchanges;
}

export async function startSandbox(
  options: Partial<SalesforceSandboxOptions> = {},
  mountedAt = BASE_PATH,
): Promise<RunningSandbox> {
  const clock = {
    now: Date.UTC(2026, 10, 28, 12, 0, 0),
    advance(ms: number) {
      clock.now += ms;
    },
  };
  const sandbox = createSalesforceSandbox({ basePath: mountedAt, now: () => clock.now, ...options });
  const parent = new Hono();
  parent.route(mountedAt || '/', sandbox.app);
  const server = serve({ fetch: parent.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const instanceUrl = `${origin}${mountedAt}`;
  return {
    sandbox,
    origin,
    instanceUrl,
    clock,
    connect(extra = {}) {
      const session = sandbox.issueSession();
      const conn = new Connection({
        instanceUrl,
        accessToken: session.accessToken,
        version: VERSION,
        ...extra,
      });
      return { conn, exchanges: countExchanges(conn) };
    },
    close: () =>
      new Promise<void>((resolve) => {
        sandbox.close();
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
