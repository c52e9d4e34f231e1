/** @module Starts the proxy: data folder, pairing token, the app on 127.0.0.1. */

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
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
}

export interface RunningProxy {
  port: number;
  url: string;
  token: string;
  tokenCreated: boolean;
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    options?: { cause?: unknown },
  ) {
    super(
      `Port ${port} on ${HOSTNAME} is already in use. Stop the other process or pass --port <another port>.`,
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
  const app = createApp({ version: PROXY_VERSION, pairingToken: token, port: portRef, ...extra });

  const server = await new Promise<ReturnType<typeof serve>>((resolvePromise, reject) => {
    const s = serve(
      {
        fetch: app.fetch,
        port: options.port,
        hostname: HOSTNAME,
        serverOptions: { maxHeaderSize: NODE_MAX_HEADER_SIZE },
      },
      (info: AddressInfo) => {
        port = info.port;
        resolvePromise(s);
      },
    );
    answerOversizedHeaders(s as Server);
    s.once('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE' ? new PortInUseError(options.port, { cause: err }) : err);
    });
  });

  return {
    port,
    url: `http://${HOSTNAME}:${port}`,
    token,
    tokenCreated: created,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        // Open keep-alive and event-stream connections would hold close() forever.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
