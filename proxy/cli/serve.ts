/** @module `sync-health serve`: one sync for the whole admin team, on the address it is given. */
import type { Hono } from 'hono';
import { createTeamAlertRoutes } from '../alerts/team-alert-routes';
import { createTeamAlerts } from '../alerts/team-alerts';
import { ensureDataDir } from '../config/data-dir';
import { requireSecretKey, SecretKeyError } from '../config/secret-key';
import { createCredentialStore } from '../connect/credential-store';
import type { RunningSync } from '../routes/api-deps';
import { replicaSummary } from '../routes/status';
import { readConnectedAccounts, startConnectedProxy } from '../runtime/connected-runtime';
import { startSandboxProxy } from '../runtime/sandbox-runtime';
import {
  checkSyncDatabase,
  connectedIdentity,
  FRESH_SANDBOX_IDENTITY,
  SANDBOX_IDENTITY,
  StoreIdentityMismatchError,
} from '../runtime/store-identity';
import { openStoreFromUrl, redact } from '../store/pg/index';
import { parsePort } from './args';
import type { Command } from './commands';
import { isLoopbackHost, parseServeDatabase, parseServeListen } from './serve-options';
import { DEFAULT_PORT } from './start';
import { openTeamStorage } from './team-storage';

export { teamFile } from './team-storage';

export const serveCommand: Command = {
  summary: 'Run the shared server for an admin team: personal tokens and roles, TLS off this machine.',
  usage: `Usage: sync-health serve [--host ADDR] [--port N] [--tls-cert FILE --tls-key FILE | --behind-tls-proxy]
                         [--public-url URL] [--data-dir DIR] [--database URL] [--sandbox] [--fresh-org]

  --host ADDR          address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
  --port N             port (default ${DEFAULT_PORT}; 0 picks a free one)
  --tls-cert FILE      certificate (PEM) to serve https with, with --tls-key FILE (its private key)
  --behind-tls-proxy   a reverse proxy in front terminates https (required off loopback without --tls-*)
  --public-url URL     the https address people use, e.g. https://sync.example.com (repeat or comma-separate
                       for several); requests naming another host are refused
  --data-dir DIR       where the store, the people and the encrypted credentials live
  --database URL       keep the sync's store, the people and the team alert settings in PostgreSQL
                       (postgres://user:password@host:5432/db) instead of the data folder (an existing
                       team.db is copied in on the first start); default: SYNC_HEALTH_DATABASE_URL
                       Several replicas may run on one database: one runs the sync, the others serve the
                       API and take over within seconds when it dies (name each with SYNC_HEALTH_REPLICA)
  --sandbox            run on the embedded Salesforce org and HubSpot portal (to try it, and for tests)
  --fresh-org          the sandbox as an org on day one (implies --sandbox)

  Needs SYNC_HEALTH_SECRET_KEY (32 random bytes, base64): the Salesforce and HubSpot credentials are kept
  encrypted with it. Make one with: openssl rand -base64 32
  Every request needs a personal token: "sync-health users add <email> --role admin|viewer" makes one.`,
  options: {
    host: { type: 'string' },
    port: { type: 'string', short: 'p' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    'behind-tls-proxy': { type: 'boolean' },
    'public-url': { type: 'string', multiple: true },
    'data-dir': { type: 'string' },
    database: { type: 'string' },
    sandbox: { type: 'boolean' },
    'fresh-org': { type: 'boolean' },
  },
  async run(values) {
    const port = parsePort(values.port, DEFAULT_PORT);
    const listen = parseServeListen(values, port);
    let key: Buffer;
    try {
      key = requireSecretKey();
    } catch (err) {
      if (err instanceof SecretKeyError) {
        console.error(err.message);
        return 1;
      }
      throw err;
    }
    const database = parseServeDatabase(values.database as string | undefined);
    // Reached (and migrated) before anything starts: an unreachable database stops the start here.
    if (database) {
      try {
        await (await openStoreFromUrl(database)).close();
      } catch (err) {
        console.error(
          `${(err as Error).message}\nCheck that PostgreSQL runs there and that the user, password and database in the URL are right.`,
        );
        return 1;
      }
    }
    const dataDir = ensureDataDir(values.dataDir);
    // Credentials saved before the key was set are sealed now, so none stay in clear on the server.
    const credentials = createCredentialStore(dataDir, { key });
    for (const system of ['salesforce', 'hubspot'] as const) {
      const saved = credentials.read(system);
      if (saved) credentials.write(system, saved);
    }
    const freshOrg = values['fresh-org'] === true;
    const forced = values.sandbox === true || freshOrg;
    const accounts = forced ? null : readConnectedAccounts(dataDir);
    if (database) {
      const identity = accounts
        ? connectedIdentity(accounts)
        : freshOrg
          ? FRESH_SANDBOX_IDENTITY
          : SANDBOX_IDENTITY;
      try {
        await checkSyncDatabase(database, identity);
      } catch (err) {
        if (!(err instanceof StoreIdentityMismatchError)) throw err;
        console.error(err.message);
        return 1;
      }
    }
    // The people and the team alert settings: in PostgreSQL with --database (team.db copied in once).
    const { team, alertSettings, imported } = await openTeamStorage({ dataDir, database, key });
    if (imported) console.log(imported);
    if (listen.publicUrls[0]) await team.setPublicUrl(listen.publicUrls[0]);
    let currentSync: () => RunningSync | null = () => null;
    const alerts = createTeamAlerts({
      settings: alertSettings,
      sync: () => currentSync(),
      lastDigest: {
        get: async () => Number(await team.setting('alerts_last_digest')) || null,
        set: (at) => team.setSetting('alerts_last_digest', String(at)),
      },
    });
    const shared = {
      host: listen.host,
      tls: listen.tls,
      publicHosts: listen.publicHosts,
      publicUrl: listen.publicUrls[0],
      team,
      apiRoutes: (api: Hono) => {
        api.route(
          '/',
          createTeamAlertRoutes(alertSettings, alerts, () => currentSync()),
        );
      },
    };
    const running = accounts
      ? await startConnectedProxy({ port, dataDir, shared, database })
      : await startSandboxProxy({ port, dataDir, freshOrg, shared, database });
    currentSync =
      'engine' in running.sync
        ? () => running.sync as RunningSync
        : (running.sync as () => RunningSync | null);
    alerts.watch();
    const { proxy } = running;
    const how = listen.tls
      ? 'https'
      : listen.behindTlsProxy
        ? 'http, behind your TLS proxy'
        : 'http, loopback';
    console.log(`Sync Health shared server listening on ${listen.host}:${proxy.port} (${how})`);
    console.log(`Address for the extension: ${proxy.url}`);
    console.log(`Data folder: ${dataDir}`);
    if (database) console.log(`Sync store: PostgreSQL at ${redact(database)}`);
    const replica = await currentSync()?.replica?.status();
    if (database && replica) console.log(`Replica: ${replicaSummary(replica)}`);
    console.log(
      accounts
        ? `Accounts: Salesforce org ${accounts.salesforce.orgId ?? accounts.salesforce.instanceUrl}, HubSpot portal ${accounts.hubspot.portalId} (credentials encrypted at rest)`
        : forced
          ? 'Accounts: embedded sandbox (--sandbox given)'
          : 'Accounts: embedded sandbox until both accounts are connected ("sync-health connect salesforce|hubspot")',
    );
    if (!accounts && !listen.publicUrls[0] && !isLoopbackHost(listen.host)) {
      console.log(
        `Record links in the panel point at ${proxy.internalUrl}/sandbox/… (this machine only): start with --public-url https://… so teammates' browsers can open the sandbox's record pages.`,
      );
    }
    const people = await team.size();
    console.log(
      people
        ? `People: ${people.toLocaleString('en-US')} (sync-health users list)`
        : `No people yet: nobody can use the server until an admin runs "sync-health users add you@example.com --role admin ${database ? '--database <the same URL>' : `--data-dir ${JSON.stringify(dataDir)}`}".`,
    );
    await new Promise<void>((resolveStop) => {
      const stop = async (signal: string) => {
        console.log(`\n${signal}: shutting down.`);
        alerts.stop();
        await running.close();
        await team.close();
        resolveStop();
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
    return 0;
  },
};
