/** @module Both sandboxes on one real HTTP server, a store, the metered adapter, the HubSpot connector and the engine. */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { SalesforceAdapterOptions } from '../../../proxy/salesforce/adapter';
import { createHubspotSandbox, type HubspotSandbox } from '../../../proxy/sandbox/hubspot/index';
import { createSalesforceSandbox, type SalesforceSandbox } from '../../../proxy/sandbox/salesforce/index';
import { openStore, type Store } from '../../../proxy/store/index';
import type { SyncEngine, SyncEngineDeps } from '../../../proxy/sync/engine';
import { buildEngine, type ConnectionFacts } from './build-engine';

export interface Harness {
  sf: SalesforceSandbox;
  hs: HubspotSandbox;
  store: Store;
  engine: SyncEngine;
  /** The one clock of the sandboxes, the meter and the engine: moves only when told. */
  clock: { now: number; advance(ms: number): void };
  instanceUrl: string;
  hubspotUrl: string;
  close(): Promise<void>;
}

export interface HarnessOptions {
  storeFile?: string;
  seed?: boolean;
  dailyApiLimit?: number;
  allocation?: number;
  engine?: Partial<SyncEngineDeps>;
  /** Adapter options beyond the connection (e.g. strategy 'collections' for the bench's old path). */
  adapter?: Partial<SalesforceAdapterOptions>;
  /** How long the org holds a CometD connect without events (Salesforce: 110 s). */
  cometdConnectTimeoutMs?: number;
  /** Give the adapter a refresh token and OAuth client, so jsforce refreshes expired sessions (default true). */
  refreshable?: boolean;
}

/** What a process needs to talk to the served sandboxes: URLs and fresh credentials. */
export function connectionFacts(
  sf: SalesforceSandbox,
  hs: HubspotSandbox,
  instanceUrl: string,
  hubspotUrl: string,
  refreshable = true,
): ConnectionFacts {
  const session = sf.issueSession();
  return {
    instanceUrl,
    hubspotUrl,
    accessToken: session.accessToken,
    refresh: refreshable
      ? { refreshToken: session.refreshToken, clientId: session.clientId, clientSecret: session.clientSecret }
      : undefined,
    hubspotToken: hs.accessToken,
    portalId: hs.portalId,
  };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const clock = {
    now: Date.UTC(2026, 10, 28, 12, 0, 0),
    advance(ms: number) {
      clock.now += ms;
    },
  };
  const now = () => clock.now;
  const sf = createSalesforceSandbox({
    basePath: '/sandbox/salesforce',
    now,
    seed: options.seed,
    dailyApiLimit: options.dailyApiLimit,
    cometdConnectTimeoutMs: options.cometdConnectTimeoutMs,
  });
  const hs = createHubspotSandbox({ basePath: '/sandbox/hubspot', now, seed: options.seed });
  const parent = new Hono().route('/sandbox/salesforce', sf.app).route('/sandbox/hubspot', hs.app);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: parent.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const instanceUrl = `${origin}/sandbox/salesforce`;
  const hubspotUrl = `${origin}/sandbox/hubspot`;

  const store = openStore(options.storeFile ?? ':memory:');
  if (options.allocation) await store.setSettings({ allocation: options.allocation });
  const facts = connectionFacts(sf, hs, instanceUrl, hubspotUrl, options.refreshable !== false);
  const engine = await buildEngine(store, facts, now, options.engine, options.adapter);
  return {
    sf,
    hs,
    store,
    engine,
    clock,
    instanceUrl,
    hubspotUrl,
    async close() {
      await engine.stop();
      await store.close();
      sf.close();
      hs.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
    },
  };
}
