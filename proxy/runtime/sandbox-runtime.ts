/** @module Sandbox mode: the embedded org and portal on the proxy's port, and the sync running on them. */

import { join } from 'node:path';
import type { StoreIdentity } from '../../shared/api/status';
import { ensureDataDir } from '../config/data-dir';
import { loadOrCreatePairingToken } from '../config/pairing-token';
import { createHubspotConnector } from '../crm/hubspot/index';
import type { RunningSync } from '../routes/api-deps';
import { createSalesforceAdapter } from '../salesforce/adapter';
import { createApiMeter } from '../salesforce/api-meter';
import { createHubspotSandbox } from '../sandbox/hubspot/index';
import { createSalesforceSandbox } from '../sandbox/salesforce/index';
import { type SharedServerOptions, startProxy } from '../server';
import { createSetupService } from '../setup/setup-service';
import { createSyncEngine } from '../sync/engine';
import { readConnectedAccounts } from './connected-runtime';
import { createConnectionWiring } from './connection-wiring';
import { crashHooksFromEnv } from './crash-hooks';
import { startReplica } from './replica';
import { FRESH_SANDBOX_IDENTITY, openSyncStore, SANDBOX_IDENTITY } from './store-identity';

export const SALESFORCE_BASE = '/sandbox/salesforce';
export const HUBSPOT_BASE = '/sandbox/hubspot';

/**
 * The embedded org and portal, their `/_control` APIs behind `controlToken` (the proxy's pairing token;
 * random when absent). `freshOrg`: an admin's org and portal on day one (no sync fields, the same
 * people on both sides, unlinked; proxy/sandbox/fresh-org.ts), kept in `<dataDir>/fresh-org/` so the demo
 * org beside it stays as it was.
 */
export function createSandboxes(
  dataDir: string,
  options: { freshOrg?: boolean; controlToken?: string } = {},
) {
  const dir = options.freshOrg ? ensureDataDir(join(dataDir, 'fresh-org')) : dataDir;
  const variant = options.freshOrg ? 'fresh' : 'demo';
  const { controlToken } = options;
  const salesforce = createSalesforceSandbox({
    basePath: SALESFORCE_BASE,
    dataDir: dir,
    variant,
    controlToken,
  });
  const hubspot = createHubspotSandbox({ basePath: HUBSPOT_BASE, dataDir: dir, variant, controlToken });
  const identity: StoreIdentity = options.freshOrg ? FRESH_SANDBOX_IDENTITY : SANDBOX_IDENTITY;
  return {
    salesforce,
    hubspot,
    identity,
    mounts: [
      { basePath: SALESFORCE_BASE, app: salesforce.app },
      { basePath: HUBSPOT_BASE, app: hubspot.app },
    ],
    close() {
      salesforce.close();
      hubspot.close();
    },
  };
}

export type Sandboxes = ReturnType<typeof createSandboxes>;

/**
 * Starts the sync engine against the sandboxes served at `origin` (the proxy's own URL). `linkOrigin`:
 * where people's browsers reach the same sandboxes (`serve --public-url`); the record pages, list pages
 * and Setup links the panel shows are built on it, while the sync's own calls stay on `origin`.
 */
export async function startSandboxSync(
  sandboxes: Sandboxes,
  origin: string,
  dataDir: string,
  options: { autoStart?: boolean; linkOrigin?: string; database?: string } = {},
): Promise<RunningSync & { identity: StoreIdentity; close(): Promise<void> }> {
  const store = await openSyncStore(
    dataDir,
    sandboxes.identity,
    readConnectedAccounts(dataDir),
    options.database,
  );
  const session = sandboxes.salesforce.issueSession();
  const instanceUrl = `${origin}${SALESFORCE_BASE}`;
  const hubspotUrl = `${origin}${HUBSPOT_BASE}`;
  const linkBase = options.linkOrigin ?? origin;
  const linkInstanceUrl = `${linkBase}${SALESFORCE_BASE}`;
  const linkHubspotUrl = `${linkBase}${HUBSPOT_BASE}`;
  const salesforceOptions = {
    instanceUrl,
    accessToken: session.accessToken,
    refreshToken: session.refreshToken,
    oauth2: { clientId: session.clientId, clientSecret: session.clientSecret, loginUrl: instanceUrl },
    meter: createApiMeter(store, Date.now),
    bulk: { ledger: store, threshold: async () => (await store.settings()).bulkThreshold },
  };
  const salesforce = createSalesforceAdapter(salesforceOptions);
  const crm = createHubspotConnector({
    accessToken: sandboxes.hubspot.accessToken,
    baseUrl: hubspotUrl,
    uiBaseUrl: linkHubspotUrl,
    portalId: sandboxes.hubspot.portalId,
  });
  const syncEngine = await createSyncEngine({
    // SYNC_CRASH_AT: the crash tests' named kill points (unset in production: no hooks).
    hooks: crashHooksFromEnv(),
    store,
    salesforce,
    crm,
    instanceUrl,
    crmUiBaseUrl: linkHubspotUrl,
    portalId: sandboxes.hubspot.portalId,
    // No integrationUserId here: the sandbox stamps its "someone edited in Salesforce" writes
    // (direct-writes.ts) with the integration user too, so the echo filter would hide them all.
    intervalMs: 5_000,
    // The fresh org stands for an admin's own pair on day one: its first write waits for the preview.
    requirePreviewAcceptance: sandboxes.identity.key === FRESH_SANDBOX_IDENTITY.key,
  });
  // Only the replica holding the leader lock runs the engine (one replica without a database: always).
  const replica = await startReplica({
    database: options.database,
    identityKey: sandboxes.identity.key,
    store,
    engine: syncEngine,
    autoStart: options.autoStart !== false,
  });
  const engine = replica.engine;
  return {
    engine,
    replica,
    store,
    crm,
    links: {
      instanceUrl: linkInstanceUrl,
      crmUiBaseUrl: linkHubspotUrl,
      portalId: sandboxes.hubspot.portalId,
    },
    identity: sandboxes.identity,
    setup: createSetupService({
      salesforce,
      salesforceOptions,
      crm,
      hubspot: { accessToken: sandboxes.hubspot.accessToken, baseUrl: hubspotUrl },
      engine,
      store,
    }),
    async close() {
      await replica.close();
      await syncEngine.stop();
      await store.close();
    },
  };
}

/**
 * The whole sandbox mode in one call: the org and portal mounted on the proxy's port, the health
 * API on /api/v1, and the sync engine pointed at them (its loop started unless `autoStart: false`).
 */
export async function startSandboxProxy(options: {
  port: number;
  dataDir: string;
  autoStart?: boolean;
  freshOrg?: boolean;
  /** `sync-health serve --sandbox`: the shared server's address, TLS and people. */
  shared?: SharedServerOptions;
  /** `serve --database postgres://…`: the sync's store on PostgreSQL instead of the data folder's SQLite. */
  database?: string;
}) {
  // The pairing token guards the sandboxes' control APIs too, so it is read before they are made.
  const { token } = loadOrCreatePairingToken(ensureDataDir(options.dataDir));
  const sandboxes = createSandboxes(options.dataDir, { freshOrg: options.freshOrg, controlToken: token });
  let running: Awaited<ReturnType<typeof startSandboxSync>> | null = null;
  // Connecting real accounts works from sandbox mode too; they are used from the next start.
  const connections = createConnectionWiring({
    dataDir: options.dataDir,
    mode: 'sandbox',
    sync: () => running,
    identity: () => sandboxes.identity,
  });
  const proxy = await startProxy({
    port: options.port,
    dataDir: options.dataDir,
    extend: ({ port }) => ({ sandboxes: sandboxes.mounts, ...connections.appDeps(port) }),
    shared: options.shared,
  });
  // internalUrl: plain loopback even when the shared server is TLS or bound to another address.
  const sync = await startSandboxSync(sandboxes, proxy.internalUrl, options.dataDir, {
    autoStart: options.autoStart,
    // Teammates' browsers cannot open the internal loopback address: links use the public one.
    linkOrigin: options.shared?.publicUrl,
    database: options.database,
  });
  running = sync;
  return {
    proxy,
    sandboxes,
    sync,
    connections: connections.manager,
    async close() {
      await sync.close();
      await proxy.close();
      sandboxes.close();
    },
  };
}
