/** @module The health API, the connection routes and the OAuth callback, wired the same way in both runtimes. */
import type { ConnectedSystem } from '../../shared/api/connections';
import type { StoreIdentity } from '../../shared/api/status';
import type { AppDeps } from '../app';
import { createConnectionManager } from '../connect/connection-manager';
import type { RunningSync } from '../routes/api-deps';
import { mountApiRoutes } from '../routes/api-routes';
import { createConnectionRoutes } from '../routes/connections';
import { createCallbackRoutes } from '../routes/connections-callback';
import { HOSTNAME } from '../server';

export function createConnectionWiring(opts: {
  dataDir: string;
  mode: 'sandbox' | 'connected';
  sync: () => RunningSync | null;
  /** Whose store is shown (GET /status); null while no sync runs. */
  identity?: () => StoreIdentity | null;
  onChange?: (system: ConnectedSystem) => void;
  /** Hosts the admin trusts beyond Salesforce's and HubSpot's own (`connect --allow-host`). */
  allowHosts?: string[];
}) {
  let port: () => number = () => 0;
  const manager = createConnectionManager({
    dataDir: opts.dataDir,
    // The callback is served on the proxy's own loopback port, known once the server listens.
    origin: () => `http://${HOSTNAME}:${port()}`,
    onChange: (system) => opts.onChange?.(system),
    allowHosts: opts.allowHosts,
  });
  return {
    manager,
    /** The AppDeps pieces, given the server's port getter. */
    appDeps(portRef: () => number): Partial<AppDeps> {
      port = portRef;
      return {
        mode: () => opts.mode,
        identity: opts.identity ?? (() => null),
        replica: async () => (await opts.sync()?.replica?.status()) ?? null,
        apiRoutes: (api) => {
          mountApiRoutes(api, { sync: opts.sync });
          api.route('/', createConnectionRoutes({ manager, mode: () => opts.mode, sync: opts.sync }));
        },
        publicRoutes: (app) => {
          app.route('/', createCallbackRoutes(manager));
        },
      };
    },
  };
}
