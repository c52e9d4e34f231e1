/**
 * @module Connected mode: the proxy with the sync on the user's own org and portal (credentials from
 * the data folder). A reconnect (new credentials saved) restarts the sync on them and lifts the
 * 'credentials' suspension; a disconnect stops it.
 */
import type { ConnectedSystem } from '../../shared/api/connections';
import { createCredentialStore } from '../connect/credential-store';
import { type SharedServerOptions, startProxy } from '../server';
import { type ConnectedAccounts, startConnectedSync } from './connected-sync';
import { createConnectionWiring } from './connection-wiring';

export class NotConnectedError extends Error {
  override name = 'NotConnectedError';
}

/** Both accounts' credentials, or null when one is missing. */
export function readConnectedAccounts(dataDir: string): ConnectedAccounts | null {
  const store = createCredentialStore(dataDir);
  const salesforce = store.read('salesforce');
  const hubspot = store.read('hubspot');
  return salesforce && hubspot ? { salesforce, hubspot } : null;
}

export async function startConnectedProxy(options: {
  port: number;
  dataDir: string;
  autoStart?: boolean;
  intervalMs?: number;
  /** `sync-health serve`: the shared server's address, TLS and people. */
  shared?: SharedServerOptions;
  /** `serve --database postgres://…`: the sync's store on PostgreSQL instead of the data folder's SQLite. */
  database?: string;
}) {
  const accounts = readConnectedAccounts(options.dataDir);
  if (!accounts) {
    throw new NotConnectedError(
      'Connect both accounts first: "sync-health connect salesforce" and "sync-health connect hubspot --token-file F".',
    );
  }
  let running: Awaited<ReturnType<typeof startConnectedSync>> | null = null;
  let switching: Promise<void> = Promise.resolve();
  const restart = (system: ConnectedSystem) => {
    switching = switching.then(async () => {
      const previous = running;
      running = null;
      await previous?.close();
      const next = readConnectedAccounts(options.dataDir);
      if (!next) {
        console.log(
          `[sync-health] ${system} disconnected: the sync is stopped until both accounts are connected.`,
        );
        return;
      }
      running = await startConnectedSync(next, connections.manager.store, options.dataDir, options);
      // New credentials are the fix the 'credentials' suspension asks for.
      await running.engine.clearSuspension('credentials');
    });
  };
  const connections = createConnectionWiring({
    dataDir: options.dataDir,
    mode: 'connected',
    sync: () => running,
    identity: () => running?.identity ?? null,
    onChange: restart,
  });
  const proxy = await startProxy({
    port: options.port,
    dataDir: options.dataDir,
    extend: ({ port }) => connections.appDeps(port),
    shared: options.shared,
  });
  running = await startConnectedSync(accounts, connections.manager.store, options.dataDir, options);
  return {
    proxy,
    accounts,
    connections: connections.manager,
    sync: () => running,
    /** Resolves once a restart triggered by a credential change is done. */
    settled: () => switching,
    async close() {
      await switching;
      await running?.close();
      await proxy.close();
    },
  };
}
