/**
 * @module Connecting and disconnecting the real accounts: OAuth in flight (by one-time state), the
 * Salesforce CLI, a given token, a HubSpot private-app token. Secrets go to the credential store only;
 * every answer here is the non-secret facts.
 */
import {
  type ConnectedSystem,
  endpointProblem,
  type HubspotConnection,
  type SalesforceConnection,
} from '../../shared/api/connections';
import { API_VERSION } from '../salesforce/adapter';
import { beginAuthorization, type PendingAuthorization, readIdentity } from '../salesforce/oauth-flow';
import { type CredentialStore, createCredentialStore, type SalesforceCredentials } from './credential-store';
import { checkHubspotToken } from './hubspot-check';
import { readSfCliSession } from './sf-cli';

export const CALLBACK_PATH = '/oauth/salesforce/callback';
const PENDING_TTL_MS = 15 * 60_000;

export class ConnectError extends Error {
  override name = 'ConnectError';
}

export interface ConnectionManager {
  readonly store: CredentialStore;
  startOAuth(opts: { loginUrl?: string; clientId?: string }): {
    authorizeUrl: string;
    callbackUrl: string;
    done: Promise<SalesforceConnection>;
  };
  /** The callback's query; resolves the connection or throws ConnectError (unknown state, denied, bad code). */
  finishOAuth(
    query: Record<string, string | undefined>,
    /** Resolves once the callback page is sent: `startOAuth`'s `done` waits for it (the CLI then closes its server). */
    sent?: Promise<unknown>,
  ): Promise<SalesforceConnection>;
  connectSfCli(alias: string): Promise<SalesforceConnection>;
  connectToken(instanceUrl: string, accessToken: string): Promise<SalesforceConnection>;
  connectHubspot(token: string, baseUrl?: string): Promise<HubspotConnection>;
  disconnect(system: ConnectedSystem): boolean;
  salesforce(): SalesforceConnection;
  hubspot(): HubspotConnection;
  bothConnected(): boolean;
}

export function toSalesforceConnection(c: SalesforceCredentials | null): SalesforceConnection {
  if (!c) return { connected: false };
  const { method, username, userId, orgId, instanceUrl, apiVersion, connectedAt } = c;
  return { connected: true, method, username, userId, orgId, instanceUrl, apiVersion, connectedAt };
}

export function createConnectionManager(opts: {
  dataDir: string;
  /** The proxy's own origin, e.g. http://127.0.0.1:8787 (the OAuth callback is served there). */
  origin: () => string;
  now?: () => number;
  /** Called after credentials change (the runtime restarts the sync on them). */
  onChange?: (system: ConnectedSystem) => void;
  /** Hosts trusted beyond Salesforce's and HubSpot's own (`connect --allow-host`). */
  allowHosts?: readonly string[];
}): ConnectionManager {
  const now = opts.now ?? Date.now;
  /** Refuses, before any token is sent, a URL that would carry it in clear text or to a foreign host. */
  const requireSafeEndpoint = (label: string, url: string, system: ConnectedSystem) => {
    const problem = endpointProblem(url, system, opts.allowHosts);
    if (problem) throw new ConnectError(`${label} ${url} ${problem}.`);
  };
  const store = createCredentialStore(opts.dataDir);
  const pending = new Map<
    string,
    {
      flow: PendingAuthorization;
      loginUrl: string;
      clientId: string;
      expiresAt: number;
      settle: (r: SalesforceConnection | Error) => void;
    }
  >();

  const saveSalesforce = (creds: SalesforceCredentials): SalesforceConnection => {
    store.write('salesforce', creds);
    opts.onChange?.('salesforce');
    return toSalesforceConnection(creds);
  };

  const manager: ConnectionManager = {
    store,
    startOAuth({ loginUrl, clientId }) {
      const previous = store.read('salesforce');
      const chosenClient = clientId ?? previous?.clientId ?? process.env.SYNC_HEALTH_SF_CLIENT_ID;
      if (!chosenClient) {
        throw new ConnectError(
          "No connected app given: pass the connected app's consumer key as clientId (CLI: --client-id), or set SYNC_HEALTH_SF_CLIENT_ID.",
        );
      }
      const login = (loginUrl ?? previous?.loginUrl ?? 'https://login.salesforce.com').replace(/\/$/, '');
      requireSafeEndpoint('The login URL', login, 'salesforce');
      const callbackUrl = `${opts.origin()}${CALLBACK_PATH}`;
      const flow = beginAuthorization({ loginUrl: login, clientId: chosenClient, redirectUri: callbackUrl });
      for (const [state, p] of pending) if (p.expiresAt <= now()) pending.delete(state);
      let settle!: (r: SalesforceConnection | Error) => void;
      const done = new Promise<SalesforceConnection>((resolve, reject) => {
        settle = (r) => (r instanceof Error ? reject(r) : resolve(r));
      });
      done.catch(() => undefined);
      pending.set(flow.state, {
        flow,
        loginUrl: login,
        clientId: chosenClient,
        expiresAt: now() + PENDING_TTL_MS,
        settle,
      });
      return { authorizeUrl: flow.authorizeUrl, callbackUrl, done };
    },
    async finishOAuth(query, sent = Promise.resolve()) {
      const entry = query.state ? pending.get(query.state) : undefined;
      if (!entry || entry.expiresAt <= now()) {
        throw new ConnectError(
          'This sign-in link is unknown, used or older than 15 minutes. Start "Connect Salesforce" again.',
        );
      }
      pending.delete(query.state as string);
      try {
        if (query.error) {
          throw new ConnectError(
            `Salesforce did not grant access (${query.error}: ${query.error_description ?? 'no description'}).`,
          );
        }
        if (!query.code) throw new ConnectError('The callback carried no authorization code.');
        const org = await entry.flow.finish(query.code);
        const result = saveSalesforce({
          method: 'oauth',
          ...org,
          clientId: entry.clientId,
          loginUrl: entry.loginUrl,
          apiVersion: API_VERSION,
          connectedAt: now(),
        });
        void sent.then(() => entry.settle(result));
        return result;
      } catch (err) {
        const e = err instanceof ConnectError ? err : new ConnectError((err as Error).message);
        void sent.then(() => entry.settle(e));
        throw e;
      }
    },
    async connectSfCli(alias) {
      const session = await readSfCliSession(alias);
      requireSafeEndpoint(`The instance URL of sf org "${alias}"`, session.instanceUrl, 'salesforce');
      const identity = await readIdentity(session.instanceUrl, session.accessToken);
      return saveSalesforce({
        method: 'sf-cli',
        sfAlias: alias,
        instanceUrl: session.instanceUrl,
        accessToken: session.accessToken,
        ...identity,
        apiVersion: API_VERSION,
        connectedAt: now(),
      });
    },
    async connectToken(instanceUrl, accessToken) {
      requireSafeEndpoint('The instance URL', instanceUrl, 'salesforce');
      const identity = await readIdentity(instanceUrl.replace(/\/$/, ''), accessToken);
      return saveSalesforce({
        method: 'token',
        instanceUrl: instanceUrl.replace(/\/$/, ''),
        accessToken,
        ...identity,
        apiVersion: API_VERSION,
        connectedAt: now(),
      });
    },
    async connectHubspot(token, baseUrl) {
      if (baseUrl !== undefined) requireSafeEndpoint('The HubSpot API URL', baseUrl, 'hubspot');
      const facts = await checkHubspotToken(token, baseUrl);
      const creds = { token, baseUrl, ...facts, connectedAt: now() };
      store.write('hubspot', creds);
      opts.onChange?.('hubspot');
      return manager.hubspot();
    },
    disconnect(system) {
      const had = store.wipe(system);
      if (had) opts.onChange?.(system);
      return had;
    },
    salesforce: () => toSalesforceConnection(store.read('salesforce')),
    hubspot() {
      const h = store.read('hubspot');
      if (!h) return { connected: false };
      return {
        connected: true,
        portalId: h.portalId,
        scopes: h.scopes,
        missingScopes: h.missingScopes,
        connectedAt: h.connectedAt,
      };
    },
    bothConnected: () => store.read('salesforce') !== null && store.read('hubspot') !== null,
  };
  return manager;
}
