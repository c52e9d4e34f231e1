/** @module Starts the proxy: data folder, pairing token, the app on 127.0.0.1. */

import type { Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { type AppDeps, createApp } from './app';
import { ensureDataDir } from './config/data-dir';
import { loadOrCreatePairingToken } from './config/pairing-token';
import { answerOversizedHeaders, NODE_MAX_HEADER_SIZE } from './http/limits';
import { PROXY_VERSION } from './version';

export const HOSTNAME = '127.0.0.1';

export interface ProxyOptions {
  port: number;
  dataDir: string;
  /** Extra wiring (sandboxes, health API) given the port once known. */
  extend?: (ctx: { port: () => number; dataDir: string }) => Promise<Partial<AppDeps>> | Partial<AppDeps>;
  /** The shared server (`sync-health serve`); absent: the local proxy on 127.0.0.1. */
  shared?: SharedServerOptions;
}

/** How `sync-health serve` listens; the checks (TLS off loopback, the key) are made by the command. */
export interface SharedServerOptions {
  host: string;
  /** PEM certificate and key: served over https. */
  tls?: { cert: string; key: string };
  /** Host names (`name` or `name:port`) accepted besides loopback. */
  publicHosts: string[];
  /** The URL people use, e.g. https://sync.example.com (printed, and shown in invite links). */
  publicUrl?: string;
  team: AppDeps['team'];
  /** Routes only the shared server has (team alerts), mounted next to the health API. */
  apiRoutes?: (api: Hono) => void;
}

export interface RunningProxy {
  port: number;
  url: string;
  token: string;
  tokenCreated: boolean;
  /**
   * A plain-http loopback address of the same app, for the proxy's own calls to the embedded sandboxes
   * (the public address may be TLS with a certificate for another name, or bound to 0.0.0.0).
   */
  internalUrl: string;
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    options?: { cause?: unknown; host?: string },
  ) {
    super(
      `Port ${port} on ${options?.host ?? HOSTNAME} is already in use. Stop the other process or pass --port <another port>.`,
      options,
    );
    this.name = 'PortInUseError';
  }
}

export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const dataDir = ensureDataDir(options.dataDir);
  const { token, created } = loadOrCreatePairingToken(dataDir);
  let port = options.port;
  const portRef = () => port;
  const extra = (await options.extend?.({ port: portRef, dataDir })) ?? {};
  const shared = options.shared;
  // Filled in below with the internal loopback listener's address once it has a port.
  const publicHosts = [...(shared?.publicHosts ?? [])];
  const app = createApp({
    version: PROXY_VERSION,
    pairingToken: token,
    port: portRef,
    ...extra,
    ...(shared ? { team: shared.team, publicHosts, publicUrl: shared.publicUrl } : {}),
    ...(shared?.apiRoutes
      ? {
          apiRoutes: (api: Hono) => {
            extra.apiRoutes?.(api);
            shared.apiRoutes?.(api);
          },
        }
      : {}),
  });
  const host = shared?.host ?? HOSTNAME;

  const listen = (
    wanted: number,
    hostname: string,
    tls?: SharedServerOptions['tls'],
  ): Promise<{ server: ReturnType<typeof serve>; port: number }> =>
    new Promise((resolvePromise, reject) => {
      const s = serve(
        {
          fetch: app.fetch,
          port: wanted,
          hostname,
          serverOptions: { maxHeaderSize: NODE_MAX_HEADER_SIZE, ...(tls ?? {}) },
          ...(tls ? { createServer: createHttpsServer } : {}),
        },
        (info: AddressInfo) => resolvePromise({ server: s, port: info.port }),
      );
      answerOversizedHeaders(s as Server);
      s.once('error', (err: NodeJS.ErrnoException) => {
        reject(err.code === 'EADDRINUSE' ? new PortInUseError(wanted, { cause: err, host: hostname }) : err);
      });
    });

  const main = await listen(options.port, host, shared?.tls);
  port = main.port;
  const servers = [main.server];
  // The local proxy's own address is already plain loopback; a shared server opens one beside it.
  let internalUrl = `http://${HOSTNAME}:${port}`;
  if (shared && (shared.tls || host !== HOSTNAME)) {
    const internal = await listen(0, HOSTNAME);
    servers.push(internal.server);
    internalUrl = `http://${HOSTNAME}:${internal.port}`;
    publicHosts.push(`${HOSTNAME}:${internal.port}`);
  }
  const scheme = shared?.tls ? 'https' : 'http';
  const shownHost = host.includes(':') ? `[${host}]` : host;

  return {
    port,
    url: shared?.publicUrl ?? `${scheme}://${shownHost}:${port}`,
    token,
    tokenCreated: created,
    internalUrl,
    close: () =>
      Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolveClose) => {
              server.close(() => resolveClose());
              // Open keep-alive and event-stream connections would hold close() forever.
              (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
            }),
        ),
      ).then(() => undefined),
  };
}
