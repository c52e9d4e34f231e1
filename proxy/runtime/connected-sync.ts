/** @module The sync engine on the connected accounts' credentials; refreshed tokens are written back at once. */

import type { StoreIdentity } from '../../shared/api/status';
import type { CredentialStore, HubspotCredentials, SalesforceCredentials } from '../connect/credential-store';
import { HUBSPOT_API } from '../connect/hubspot-check';
import { readSfCliSession } from '../connect/sf-cli';
import { suspendOnRevokedToken } from '../connect/suspend-on-revoked';
import { createHubspotConnector } from '../crm/hubspot/index';
import type { RunningSync } from '../routes/api-deps';
import { createSalesforceAdapter } from '../salesforce/adapter';
import { createApiMeter } from '../salesforce/api-meter';
import { readOrgName } from '../setup/org-name';
import { createSetupService } from '../setup/setup-service';
import { createSyncEngine } from '../sync/engine';
import { crashHooksFromEnv } from './crash-hooks';
import { startReplica } from './replica';
import { connectedIdentity, openSyncStore } from './store-identity';

export interface ConnectedAccounts {
  salesforce: SalesforceCredentials;
  hubspot: HubspotCredentials;
}

export async function startConnectedSync(
  accounts: ConnectedAccounts,
  credentials: CredentialStore,
  dataDir: string,
  options: { autoStart?: boolean; intervalMs?: number; database?: string } = {},
): Promise<RunningSync & { identity: StoreIdentity; close(): Promise<void> }> {
  const sf = accounts.salesforce;
  const identity = connectedIdentity(accounts);
  const store = await openSyncStore(dataDir, identity, accounts, options.database);
  // Every refresh is saved before the next call: a rotated refresh token lost in memory would end
  // the connection at the next restart.
  const saveTokens = (t: { accessToken: string; refreshToken?: string }) => {
    const latest = credentials.read('salesforce') ?? sf;
    credentials.write('salesforce', {
      ...latest,
      accessToken: t.accessToken,
      refreshToken: t.refreshToken ?? latest.refreshToken,
    });
  };
  const salesforceOptions = {
    instanceUrl: sf.instanceUrl,
    accessToken: sf.accessToken,
    refreshToken: sf.method === 'oauth' ? sf.refreshToken : undefined,
    oauth2:
      sf.method === 'oauth' && sf.clientId && sf.loginUrl
        ? { clientId: sf.clientId, loginUrl: sf.loginUrl }
        : undefined,
    refreshAccessToken:
      sf.method === 'sf-cli' && sf.sfAlias
        ? async () => (await readSfCliSession(sf.sfAlias as string)).accessToken
        : undefined,
    onTokens: saveTokens,
    meter: createApiMeter(store, Date.now),
    bulk: { ledger: store, threshold: async () => (await store.settings()).bulkThreshold },
  };
  const salesforce = createSalesforceAdapter(salesforceOptions);
  // The org's name, read once (one call) and kept with the credentials: the header then names the org.
  // Until it arrives, or if it cannot be read, the label shows the org id.
  const naming = sf.orgName
    ? Promise.resolve()
    : readOrgName(salesforce)
        .then((orgName) => {
          if (!orgName) return;
          const latest = credentials.read('salesforce') ?? sf;
          credentials.write('salesforce', { ...latest, orgName });
          Object.assign(identity, connectedIdentity({ ...accounts, salesforce: { ...sf, orgName } }));
        })
        .catch(() => {});
  const hs = accounts.hubspot;
  const baseUrl = hs.baseUrl ?? HUBSPOT_API;
  // A portal other than HubSpot's own (the embedded one in tests) serves its record pages at its base.
  const uiBaseUrl = baseUrl === HUBSPOT_API ? (hs.uiBaseUrl ?? 'https://app.hubspot.com') : baseUrl;
  const crm = suspendOnRevokedToken(
    createHubspotConnector({ accessToken: hs.token, baseUrl, uiBaseUrl, portalId: hs.portalId }),
  );
  const syncEngine = await createSyncEngine({
    // SYNC_CRASH_AT: the crash tests' named kill points (unset in production: no hooks).
    hooks: crashHooksFromEnv(),
    store,
    salesforce,
    crm,
    instanceUrl: sf.instanceUrl,
    crmUiBaseUrl: uiBaseUrl,
    portalId: hs.portalId,
    integrationUserId: sf.userId,
    intervalMs: options.intervalMs ?? 30_000,
    // An admin's own pair: nothing is written before the preview of its first sync is accepted.
    requirePreviewAcceptance: true,
  });
  // Only the replica holding the leader lock runs the engine (one replica without a database: always).
  const replica = await startReplica({
    database: options.database,
    identityKey: identity.key,
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
    links: { instanceUrl: sf.instanceUrl, crmUiBaseUrl: uiBaseUrl, portalId: hs.portalId },
    identity,
    setup: createSetupService({
      salesforce,
      salesforceOptions,
      crm,
      hubspot: { accessToken: hs.token, baseUrl },
      engine,
      store,
    }),
    async close() {
      await replica.close();
      await syncEngine.stop();
      // The name's read is metered into the store: it ends before the store closes.
      await naming;
      await store.close();
    },
  };
}
